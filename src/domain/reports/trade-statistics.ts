/**
 * Trade statistics for the console's overview and reports page: permits, lines and quantities by
 * partner, species, term and month (per direction and unit: quantities in different units never add up),
 * clearances by month, and customs rejection reasons. Built from the annual report's rows, one permit at a
 * time; memory grows with the number of distinct partners, species and terms, never with permits.
 */
import { partnerOf, type AnnualReportRow, type TradeDirection } from './annual-report-row';
import type { CustomsDecision } from './report-source';
import type { Cell } from './report-writer';

export const STATISTICS_TABLES = [
  'partners',
  'species',
  'terms',
  'months',
  'clearances',
  'rejections',
] as const;
export type StatisticsTable = (typeof STATISTICS_TABLES)[number];

type GroupTable = 'partners' | 'species' | 'terms' | 'months';

interface GroupFigures {
  direction: TradeDirection;
  group: string;
  unit: string;
  permits: number;
  lines: number;
  quantity: number;
}

const GROUP_OF: Readonly<Record<GroupTable, (row: AnnualReportRow) => string>> = {
  partners: partnerOf,
  species: (row) => row.species,
  terms: (row) => row.term,
  months: (row) => row.tradeDate.slice(0, 7),
};

/** The heading of each table's group column. */
export const STATISTICS_GROUP_HEADERS: Readonly<Record<GroupTable, string>> = {
  partners: 'partner',
  species: 'species',
  terms: 'term',
  months: 'month',
};

export class TradeStatistics {
  private readonly groups = new Map<GroupTable, Map<string, GroupFigures>>(
    (Object.keys(GROUP_OF) as GroupTable[]).map((table) => [table, new Map()]),
  );
  private readonly clearances = new Map<string, { imports: number; exports: number }>();
  private readonly rejections = new Map<string, number>();
  private readonly verdicts = { ACCEPTED: 0, REJECTED: 0 };

  /** Adds one permit's reported rows (a permit counts once per group and unit it appears in). */
  addPermit(rows: readonly AnnualReportRow[]): void {
    for (const [table, groupOf] of Object.entries(GROUP_OF) as Array<[GroupTable, typeof partnerOf]>) {
      const figures = this.groups.get(table)!;
      const seen = new Set<string>();
      for (const row of rows) {
        const key = `${row.direction}\u0000${groupOf(row)}\u0000${row.unit}`;
        const entry = figures.get(key) ?? newFigures(row, groupOf(row));
        if (!seen.has(key)) entry.permits++;
        seen.add(key);
        entry.lines++;
        entry.quantity = round(entry.quantity + row.quantity);
        figures.set(key, entry);
      }
    }
    const cleared = rows.find((row) => row.clearedOn !== '');
    if (cleared) this.addClearance(cleared.direction, cleared.clearedOn);
  }

  addDecision(decision: CustomsDecision): void {
    this.verdicts[decision.verdict]++;
    if (decision.verdict !== 'REJECTED') return;
    for (const code of decision.reasonCodes) this.rejections.set(code, (this.rejections.get(code) ?? 0) + 1);
  }

  /** The verification verdict counts (ACCEPTED, REJECTED) of the year. */
  verdictCounts(): { ACCEPTED: number; REJECTED: number } {
    return { ...this.verdicts };
  }

  /** Each table's rows, sorted for display (groups by direction then name; months in order). */
  table(name: StatisticsTable): Array<Record<string, Cell>> {
    if (name === 'clearances') {
      return [...this.clearances.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([month, c]) => ({ month, importsCleared: c.imports, exportsConfirmed: c.exports }));
    }
    if (name === 'rejections') {
      return [...this.rejections.entries()]
        .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
        .map(([reason, count]) => ({ reason, count }));
    }
    const header = STATISTICS_GROUP_HEADERS[name];
    return [...this.groups.get(name)!.values()]
      .sort(
        (a, b) =>
          a.direction.localeCompare(b.direction) ||
          a.group.localeCompare(b.group) ||
          a.unit.localeCompare(b.unit),
      )
      .map((f) => ({
        direction: f.direction,
        [header]: f.group,
        unit: f.unit,
        permits: f.permits,
        lines: f.lines,
        quantity: f.quantity,
      }));
  }

  private addClearance(direction: TradeDirection, clearedOn: string): void {
    const month = clearedOn.slice(0, 7);
    const entry = this.clearances.get(month) ?? { imports: 0, exports: 0 };
    if (direction === 'IMPORT') entry.imports++;
    else entry.exports++;
    this.clearances.set(month, entry);
  }
}

function newFigures(row: AnnualReportRow, group: string): GroupFigures {
  return { direction: row.direction, group, unit: row.unit, permits: 0, lines: 0, quantity: 0 };
}

/** Decimal quantities: drop binary-fraction noise (0.1 + 0.2) as the usage confirmations do. */
function round(n: number): number {
  return Math.round(n * 1e9) / 1e9;
}

/** Each statistics table's columns (keys as in `TradeStatistics.table` rows), for CSV downloads. */
export function statisticsColumnsOf(table: StatisticsTable): Array<{ key: string; header: string }> {
  const keys =
    table === 'clearances'
      ? ['month', 'importsCleared', 'exportsConfirmed']
      : table === 'rejections'
        ? ['reason', 'count']
        : ['direction', STATISTICS_GROUP_HEADERS[table], 'unit', 'permits', 'lines', 'quantity'];
  return keys.map((key) => ({ key, header: key }));
}
