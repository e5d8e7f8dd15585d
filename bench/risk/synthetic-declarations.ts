/**
 * A year of synthetic CITES import declarations at one customs administration (about 65,000 single-line
 * declarations in 52 weeks), drawn from real trade patterns, with the planted fraud of planted-fraud.ts.
 * Seeded: the same seed gives the same year.
 */
import type { Facts } from '../../src/domain/risk/facts';
import { createSeededRandom, type Random } from '../../src/domain/risk/seeded-random';
import {
  findingRisk,
  LAUNDERING_EXPORTER,
  LOOK_ALIKE_SPECIES,
  MID_YEAR_EXPORTERS,
  MID_YEAR_WEEK,
  NEW_BROKER,
  type PlantedPattern,
} from './planted-fraud';
import {
  baseValuePerUnit,
  createImporters,
  HUBS,
  hsCodeOf,
  normal,
  OFFICES,
  pickWeighted,
  termCodeOf,
  unitCodeOf,
  type Importer,
} from './synthetic-world';
import type { TradePattern } from './trade-patterns';

export interface SyntheticYear {
  facts: Facts[];
  labels: (0 | 1)[];
  weeks: number[];
  /** The planted pattern behind each finding (null: background or rule-named risk). */
  patterns: (PlantedPattern | null)[];
}

interface World {
  patterns: readonly TradePattern[];
  importers: Map<string, Importer[]>;
  underDeclaring: Set<string>;
  priorShipments: Map<string, number>;
  random: Random;
}

const YEAR_START = Date.UTC(2026, 0, 5);
const DAY_MS = 86_400_000;
const PER_WEEK = 1250;

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function createWorld(patterns: readonly TradePattern[], seed: number): World {
  const random = createSeededRandom(seed);
  const classes = [...new Set(patterns.map((p) => p.class))].sort();
  const importers = createImporters(classes, random);
  const underDeclaring = new Set(
    [
      ['Reptilia', 3],
      ['Mammalia', 5],
      ['Anthozoa', 4],
    ].map(([cls, rank]) => importers.get(cls as string)![rank as number]!.name),
  );
  return { patterns, importers, underDeclaring, priorShipments: new Map(), random };
}

function sourceOf(pattern: TradePattern, random: Random): string {
  const breedable = pattern.term === 'live' && ['Reptilia', 'Aves', 'Amphibia'].includes(pattern.class);
  if (breedable && pattern.exporter === LAUNDERING_EXPORTER && pattern.class === 'Reptilia')
    return random() < 0.7 ? 'C' : 'W';
  if (breedable) return random() < 0.4 ? 'C' : random() < 0.15 ? 'F' : 'W';
  return random() < 0.1 ? 'C' : 'W';
}

function officeOf(termCode: string, random: Random) {
  const air = OFFICES.filter((o) => o.transportMode === 'AIR');
  return termCode === 'LIV' || random() < 0.4
    ? air[Math.floor(random() * air.length)]!
    : OFFICES[Math.floor(random() * OFFICES.length)]!;
}

function quantitiesOf(pattern: TradePattern, random: Random) {
  const quantity = Math.max(
    1,
    Math.round(Math.min(pattern.quantity, 400) * 0.3 * Math.exp(0.5 * normal(random))),
  );
  const overDeclared = random() < 0.012;
  const partial = random() < 0.2;
  const permittedQuantity = overDeclared
    ? Math.max(1, Math.floor(quantity / 1.3))
    : partial
      ? Math.ceil(quantity / (0.5 + 0.5 * random()))
      : quantity;
  return { quantity, permittedQuantity };
}

/** Decides whether a planted actor cheats on this declaration (which pattern), before the facts are final. */
function plantedOf(
  facts: Record<string, string | number | null>,
  world: World,
  week: number,
): PlantedPattern | null {
  const { random } = world;
  if (world.underDeclaring.has(String(facts.importerName)) && random() < 0.45)
    return 'UNDER_DECLARING_IMPORTER';
  if (
    facts.exportCountry === LAUNDERING_EXPORTER &&
    facts.class === 'Reptilia' &&
    facts.termCode === 'LIV' &&
    facts.source === 'C'
  )
    return random() < 0.5 ? 'LAUNDERING_ROUTE' : null;
  if (facts.scientificName === LOOK_ALIKE_SPECIES && random() < 0.2) return 'LOOK_ALIKE';
  if (facts.declarant === NEW_BROKER && week >= MID_YEAR_WEEK && random() < 0.5) return 'MID_YEAR_BROKER';
  return null;
}

function isMidYearTraffic(pattern: TradePattern, week: number, random: Random): boolean {
  return (
    week >= MID_YEAR_WEEK &&
    pattern.class === 'Reptilia' &&
    MID_YEAR_EXPORTERS.includes(pattern.exporter) &&
    random() < 0.6
  );
}

function baseFacts(
  world: World,
  pattern: TradePattern,
  week: number,
): Record<string, string | number | null> {
  const { random } = world;
  const importer = pickWeighted(world.importers.get(pattern.class)!, (i) => i.weight, random);
  const arrival = YEAR_START + (week * 7 + Math.floor(random() * 7)) * DAY_MS;
  const termCode = termCodeOf(pattern.term);
  const office = officeOf(termCode, random);
  const midYear = isMidYearTraffic(pattern, week, random);
  const prior = world.priorShipments.get(importer.name) ?? 0;
  world.priorShipments.set(importer.name, prior + 1);
  const permitAgeDays = Math.min(400, Math.round(5 + 45 * -Math.log(1 - random())));
  return {
    arrivalDate: isoDay(arrival),
    arrivalMonth: new Date(arrival).getUTCMonth() + 1,
    importerName: importer.name,
    importerCountry: 'CH',
    declarant: midYear
      ? NEW_BROKER
      : random() < 0.85
        ? importer.declarant
        : `BROKER-${String(1 + Math.floor(random() * 40)).padStart(2, '0')}`,
    office: office.name,
    transportMode: office.transportMode,
    departureCountry: midYear
      ? 'AE'
      : random() < 0.8
        ? pattern.exporter
        : HUBS[Math.floor(random() * HUBS.length)]!,
    exportCountry: pattern.exporter,
    originCountry: pattern.origin || pattern.exporter,
    scientificName: pattern.scientificName,
    genus: pattern.genus,
    family: pattern.family,
    order: pattern.order,
    class: pattern.class,
    termCode,
    unit: unitCodeOf(pattern.unit),
    appendix: pattern.appendix,
    source: sourceOf(pattern, random),
    purpose: pattern.purpose,
    hsCode: hsCodeOf(pattern.class, termCode),
    permitAgeDays,
    importerPriorShipments: prior,
    firstShipmentOfImporter: prior === 0 ? 1 : 0,
  };
}

function verificationOf(facts: Record<string, string | number | null>, random: Random): void {
  const rejected = random() < 0.004;
  facts.verificationVerdict = rejected ? 'REJECTED' : 'ACCEPTED';
  facts.verificationReasons = rejected ? (random() < 0.5 ? 'QUANTITY_EXCEEDED' : 'PERMIT_EXPIRED') : null;
}

/** One declaration: facts, planted pattern and label. */
function declarationOf(world: World, week: number, serial: number) {
  const { random } = world;
  const pattern = world.patterns[Math.floor(random() * world.patterns.length)]!;
  const facts = baseFacts(world, pattern, week);
  const { quantity, permittedQuantity } = quantitiesOf(pattern, random);
  const planted = plantedOf(facts, world, week);
  const valuePerUnit =
    baseValuePerUnit(pattern.class, String(facts.termCode)) *
    Math.exp(0.5 * normal(random)) *
    (planted === 'LOOK_ALIKE' ? 3 : 1);
  Object.assign(facts, {
    declarationNumber: `CH-26-${String(serial).padStart(6, '0')}`,
    quantity,
    permittedQuantity,
    quantityRatio: Math.round((quantity / permittedQuantity) * 1000) / 1000,
    declaredValue: Math.round(valuePerUnit * quantity),
    valuePerUnit: Math.round(valuePerUnit * 100) / 100,
    netMassKg:
      Math.round(quantity * (pattern.term === 'live' ? 1.5 : 0.8) * Math.exp(0.3 * normal(random)) * 100) /
      100,
  });
  verificationOf(facts, random);
  const risk = findingRisk(facts, planted);
  const label: 0 | 1 = random() < risk.probability ? 1 : 0;
  return { facts: facts as Facts, label, pattern: label ? risk.pattern : null };
}

/** Generates the year: 52 weeks, about 1,250 declarations a week (a little seasonal). */
export function generateSyntheticYear(
  patterns: readonly TradePattern[],
  seed: number,
  weeks = 52,
): SyntheticYear {
  const world = createWorld(patterns, seed);
  const year: SyntheticYear = { facts: [], labels: [], weeks: [], patterns: [] };
  for (let week = 0; week < weeks; week++) {
    const count = Math.round(PER_WEEK * (1 + 0.15 * Math.sin((2 * Math.PI * week) / 52)));
    for (let i = 0; i < count; i++) {
      const { facts, label, pattern } = declarationOf(world, week, year.facts.length + 1);
      year.facts.push(facts);
      year.labels.push(label);
      year.weeks.push(week);
      year.patterns.push(pattern);
    }
  }
  return year;
}
