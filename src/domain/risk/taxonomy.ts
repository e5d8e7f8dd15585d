/** Looks up the genus, family, order and class of a declared scientific name (see taxonomy-data.ts). */
import { GENUS_RANKS, HIGHER_TAXON_RANKS } from './taxonomy-data';

export interface TaxonRanks {
  genus: string | null;
  family: string | null;
  order: string | null;
  class: string | null;
}

type Ranks = readonly [family: string, order: string, klass: string];

function parse(table: string): Map<string, Ranks> {
  const map = new Map<string, Ranks>();
  for (const line of table.split('\n')) {
    const [name, family = '', order = '', klass = ''] = line.split('\t');
    if (name) map.set(name.toLowerCase(), [family, order, klass]);
  }
  return map;
}

const genera = parse(GENUS_RANKS);
const higher = parse(HIGHER_TAXON_RANKS);
const orNull = (s: string | undefined): string | null => (s ? s : null);

/**
 * The ranks of a scientific name: by its genus (the first word) when the genus is in the table, else as
 * a higher taxon traded under that name; all null when neither is known.
 */
export function taxonRanksOf(scientificName: string): TaxonRanks {
  const words = scientificName.trim().split(/\s+/);
  const genus = words[0] ?? '';
  const byGenus = genera.get(genus.toLowerCase());
  if (byGenus) {
    return { genus, family: orNull(byGenus[0]), order: orNull(byGenus[1]), class: orNull(byGenus[2]) };
  }
  const byTaxon = higher.get(scientificName.trim().toLowerCase());
  if (byTaxon) {
    return { genus: null, family: orNull(byTaxon[0]), order: orNull(byTaxon[1]), class: orNull(byTaxon[2]) };
  }
  return { genus: null, family: null, order: null, class: null };
}
