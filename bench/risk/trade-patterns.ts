/** The real trade patterns the synthetic declarations are drawn from (bench/data, CITES Trade Database 2015). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { REPO_ROOT } from '../../scripts/lib/paths';

export interface TradePattern {
  appendix: string;
  scientificName: string;
  class: string;
  order: string;
  family: string;
  genus: string;
  exporter: string;
  origin: string;
  quantity: number;
  term: string;
  unit: string;
  purpose: string;
}

export const TRADE_PATTERNS_FILE = path.join(REPO_ROOT, 'bench', 'data', 'cites-trade-2015-imports.csv');

export function readTradePatterns(file = TRADE_PATTERNS_FILE): TradePattern[] {
  const records = parse<Record<string, string>>(readFileSync(file, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
  });
  return records.map((r) => ({
    appendix: r.Appendix ?? '',
    scientificName: r.Taxon ?? '',
    class: r.Class ?? '',
    order: r.Order ?? '',
    family: r.Family ?? '',
    genus: r.Genus ?? '',
    exporter: r.Exporter ?? '',
    origin: r.Origin ?? '',
    quantity: Number(r.Quantity) || 1,
    term: r.Term ?? '',
    unit: r.Unit ?? '',
    purpose: r.Purpose || 'T',
  }));
}
