/**
 * The actors of the synthetic year: importers (each specialised in a few classes of specimens, with very
 * unequal activity), the customs brokers who declare for them, the offices of entry, and code mappings from
 * the Trade Database's words to permit codes.
 */
import type { Random } from '../../src/domain/risk/seeded-random';

export interface Importer {
  name: string;
  declarant: string;
  /** Relative activity (Zipf-like). */
  weight: number;
}

export interface Office {
  name: string;
  transportMode: 'AIR' | 'ROAD' | 'RAIL' | 'POST';
}

export const OFFICES: readonly Office[] = [
  { name: 'CH-ZRH-AIR', transportMode: 'AIR' },
  { name: 'CH-GVA-AIR', transportMode: 'AIR' },
  { name: 'CH-BSL-RAIL', transportMode: 'RAIL' },
  { name: 'CH-BSL-ROAD', transportMode: 'ROAD' },
  { name: 'CH-CHI-ROAD', transportMode: 'ROAD' },
  { name: 'CH-ZRH-POST', transportMode: 'POST' },
];

/** Transit hubs a consignment may depart from instead of the exporting country. */
export const HUBS = ['AE', 'NL', 'DE', 'SG', 'HK', 'QA', 'FR', 'BE'] as const;

const TERM_CODES: Record<string, string> = {
  live: 'LIV',
  skins: 'SKI',
  'leather products (small)': 'LPS',
  'leather products (large)': 'LPL',
  trophies: 'TRO',
  specimens: 'SPE',
  'raw corals': 'COR',
  garments: 'GAR',
  skulls: 'SKU',
  'skin pieces': 'SKP',
  carvings: 'CAR',
  bodies: 'BOD',
  tusks: 'TUS',
  extract: 'EXT',
  derivatives: 'DER',
};

export function termCodeOf(term: string): string {
  return TERM_CODES[term] ?? term.slice(0, 3).toUpperCase();
}

export function unitCodeOf(unit: string): string {
  return (
    ({ '': 'NAR', kg: 'KGM', g: 'GRM', ml: 'MLT', mg: 'MGM' } as Record<string, string>)[unit] ??
    unit.toUpperCase()
  );
}

const LIVE_HS: Record<string, string> = {
  Mammalia: '010619',
  Reptilia: '010620',
  Aves: '010639',
  Amphibia: '010690',
};
const TERM_HS: Record<string, string> = {
  SKI: '410390',
  LPS: '420221',
  LPL: '420211',
  TRO: '970500',
  SPE: '051199',
  COR: '050800',
  GAR: '420310',
  CAR: '960190',
  SKU: '050690',
  TUS: '050710',
};

export function hsCodeOf(className: string, termCode: string): string {
  if (termCode === 'LIV') return LIVE_HS[className] ?? (className === 'Anthozoa' ? '030819' : '010690');
  return TERM_HS[termCode] ?? '051191';
}

/** Typical value per unit (EUR) of a class and term, before noise. */
export function baseValuePerUnit(className: string, termCode: string): number {
  if (termCode === 'LIV')
    return (
      ({ Mammalia: 2500, Aves: 450, Reptilia: 80, Amphibia: 40 } as Record<string, number>)[className] ?? 15
    );
  return (
    (
      { SKI: 140, LPS: 90, LPL: 600, TRO: 3000, GAR: 900, CAR: 300, SPE: 5, COR: 20 } as Record<
        string,
        number
      >
    )[termCode] ?? 60
  );
}

/** Importers of each class: 40 to 150 per class, Zipf-weighted; each declares through one usual broker. */
export function createImporters(classes: readonly string[], random: Random): Map<string, Importer[]> {
  const declarants = Array.from({ length: 40 }, (_, i) => `BROKER-${String(i + 1).padStart(2, '0')}`);
  const byClass = new Map<string, Importer[]>();
  let serial = 0;
  for (const className of classes) {
    const count = 40 + Math.floor(random() * 110);
    const importers = Array.from({ length: count }, (_, rank) => ({
      name: `IMP-${String(++serial).padStart(4, '0')}`,
      declarant: declarants[Math.floor(random() * declarants.length)]!,
      weight: 1 / (rank + 1) ** 0.9,
    }));
    byClass.set(className, importers);
  }
  return byClass;
}

/** Picks an item by weight. */
export function pickWeighted<T>(items: readonly T[], weightOf: (item: T) => number, random: Random): T {
  const total = items.reduce((sum, item) => sum + weightOf(item), 0);
  let left = random() * total;
  for (const item of items) {
    left -= weightOf(item);
    if (left <= 0) return item;
  }
  return items[items.length - 1]!;
}

/** A standard normal draw (Box-Muller). */
export function normal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
