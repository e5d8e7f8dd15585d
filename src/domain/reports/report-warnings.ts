/**
 * The warnings of a report: every one is counted, the first `limit` are kept with their messages (the
 * rows carry their rule codes in any case), so a report full of problems still runs in flat memory.
 */
import type { ReportRule } from './report-validation';

// A type (not an interface) so a warning is a plain record of cells for the report writers.
export type ReportWarning = {
  /** The table (`exports`, `imports`) and the row's 1-based number in it. */
  table: string;
  row: number;
  permitKey: string;
  block: string;
  rule: ReportRule;
  message: string;
};

export class ReportWarnings {
  private readonly kept: ReportWarning[] = [];
  private count = 0;

  constructor(private readonly limit = 1000) {
    if (!Number.isInteger(limit) || limit < 0)
      throw new Error('ReportWarnings: limit must be an integer ≥ 0');
  }

  add(warning: ReportWarning): void {
    this.count++;
    if (this.kept.length < this.limit) this.kept.push(warning);
  }

  get total(): number {
    return this.count;
  }

  toJSON(): { total: number; listed: ReportWarning[] } {
    return { total: this.count, listed: [...this.kept] };
  }
}
