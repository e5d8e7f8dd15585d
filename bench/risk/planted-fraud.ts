/**
 * Who cheats in the synthetic year, and how often an inspection finds something. Two kinds of risk:
 * what the rule profiles name (more declared than permitted, old permits, Appendix I, first live shipments,
 * a REJECTED verification), and four planted patterns no rule names:
 *   UNDER_DECLARING_IMPORTER  three importers who ship more specimens than they declare;
 *   LAUNDERING_ROUTE          wild-caught live reptiles from TZ declared as captive-bred (source C);
 *   LOOK_ALIKE                Python reticulatus declared for a rarer look-alike (worth three times more);
 *   MID_YEAR_BROKER           from week 26, a new broker routes Madagascan and Indonesian reptiles via AE.
 */
import type { Facts } from '../../src/domain/risk/facts';

export type PlantedPattern =
  'UNDER_DECLARING_IMPORTER' | 'LAUNDERING_ROUTE' | 'LOOK_ALIKE' | 'MID_YEAR_BROKER';

export const MID_YEAR_WEEK = 26;
export const NEW_BROKER = 'BROKER-NOVA';
export const LOOK_ALIKE_SPECIES = 'Python reticulatus';
export const LAUNDERING_EXPORTER = 'TZ';
export const MID_YEAR_EXPORTERS: readonly string[] = ['MG', 'ID'];

const BACKGROUND = 0.004;

/** Chance that an inspection finds something because of what the rules look at. */
function ruleNamedRisk(facts: Facts): number {
  let risk = 0;
  if (Number(facts.quantityRatio) > 1) risk += 0.3;
  if (Number(facts.permitAgeDays) > 180) risk += 0.08;
  if (facts.appendix === 'I') risk += 0.04;
  if (facts.termCode === 'LIV' && facts.firstShipmentOfImporter === 1) risk += 0.04;
  if (facts.verificationVerdict === 'REJECTED') risk += 0.5;
  return risk;
}

export interface PlantedRisk {
  probability: number;
  pattern: PlantedPattern | null;
}

/**
 * The chance of a finding for a declaration, and the planted pattern behind it if any. `cheats` says
 * whether a planted pattern's actor cheats on this one (decided by the generator, which also altered the
 * facts: a look-alike's value, a broker's route).
 */
export function findingRisk(facts: Facts, planted: PlantedPattern | null): PlantedRisk {
  const base = BACKGROUND + ruleNamedRisk(facts);
  if (planted === null) return { probability: Math.min(base, 0.95), pattern: null };
  return { probability: 0.9, pattern: planted };
}
