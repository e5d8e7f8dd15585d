/**
 * The rule profiles of the bench: what a sensible risk analyst would write without knowing the planted
 * patterns (as data, through the same schema the service validates profiles with).
 */
import type { Facts } from '../../src/domain/risk/facts';
import { matchesCriteria, profileSchema, type RiskProfileDefinition } from '../../src/domain/risk/profile';

export const BENCH_PROFILES: readonly RiskProfileDefinition[] = [
  {
    name: 'Declared more than permitted',
    criteria: { field: 'quantityRatio', op: 'gt', value: 1 },
    lane: 'RED',
  },
  {
    name: 'Permit older than six months at arrival',
    criteria: { field: 'permitAgeDays', op: 'gt', value: 180 },
    lane: 'YELLOW',
  },
  {
    name: 'Appendix I specimens',
    criteria: { field: 'appendix', op: 'eq', value: 'I' },
    lane: 'RED',
    selectionRate: 50,
  },
  {
    name: "Live animals in an importer's first shipment",
    criteria: {
      all: [
        { field: 'termCode', op: 'eq', value: 'LIV' },
        { field: 'firstShipmentOfImporter', op: 'eq', value: 1 },
      ],
    },
    lane: 'YELLOW',
  },
  {
    name: 'Live reptiles from the main wild-harvest exporters',
    criteria: {
      all: [
        { field: 'class', op: 'eq', value: 'Reptilia' },
        { field: 'termCode', op: 'eq', value: 'LIV' },
        { field: 'exportCountry', op: 'in', value: ['MG', 'ID', 'TZ'] },
      ],
    },
    lane: 'YELLOW',
    selectionRate: 20,
  },
  {
    name: 'High-value trophies',
    criteria: {
      all: [
        { field: 'termCode', op: 'eq', value: 'TRO' },
        { field: 'valuePerUnit', op: 'gt', value: 8000 },
      ],
    },
    lane: 'YELLOW',
    selectionRate: 30,
  },
].map((profile) => profileSchema.parse(profile));

/** The profiles that match and select (each hit selected at its rate by a draw). */
export function selectingProfiles(facts: Facts, draw: () => number): RiskProfileDefinition[] {
  return BENCH_PROFILES.filter(
    (profile) => matchesCriteria(profile.criteria, facts) && draw() * 100 < profile.selectionRate,
  );
}
