/** ReportSource over records held in memory, for fast flow tests; held to the MongoDB one's contract. */
import type { ControlResult } from '../../../src/domain/reports/control-result';
import type {
  CustomsDecision,
  ExportRecord,
  ImportRecord,
  ReportSource,
} from '../../../src/domain/reports/report-source';
import { exportRecordFrom, importRecordFrom, type ReportSeed } from '../../support/report-records';

const byKey = (a: { permitKey: string }, b: { permitKey: string }) =>
  Buffer.compare(Buffer.from(a.permitKey, 'utf8'), Buffer.from(b.permitKey, 'utf8'));

function issuedBetween(issueDate: string, fromYear: number, toYear: number): boolean {
  return issueDate >= String(fromYear) && issueDate < String(toYear + 1);
}

export class InMemoryReportSource implements ReportSource {
  constructor(private readonly seed: ReportSeed) {}

  async *exportsOf(year: number): AsyncIterable<ExportRecord> {
    const records = this.seed.issued.filter((r) => issuedBetween(r.permit.issueDate, year, year)).sort(byKey);
    for (const r of structuredClone(records)) yield exportRecordFrom(r);
    await Promise.resolve();
  }

  async *importsOf(year: number): AsyncIterable<ImportRecord> {
    const records = this.seed.received
      .filter((r) => issuedBetween(r.permit.issueDate, year - 1, year))
      .sort(byKey);
    for (const r of structuredClone(records)) {
      const clearance = this.seed.clearances.find((c) => c.permitKey === r.permitKey);
      yield importRecordFrom(r, clearance && structuredClone(clearance));
    }
    await Promise.resolve();
  }

  async *seizuresOf(year: number): AsyncIterable<ControlResult> {
    const results = this.seed.controlResults
      .filter((r) => r.finding === 'SEIZURE' && r.arrivalDate.startsWith(`${year}-`))
      .sort(
        (a, b) =>
          a.arrivalDate.localeCompare(b.arrivalDate) || Buffer.compare(Buffer.from(a.id), Buffer.from(b.id)),
      );
    for (const r of structuredClone(results)) yield r;
    await Promise.resolve();
  }

  async *customsDecisionsOf(year: number): AsyncIterable<CustomsDecision> {
    for (const v of this.seed.verifications) {
      if (v.verifiedAt.getUTCFullYear() !== year) continue;
      yield { verdict: v.verdict, reasonCodes: [...v.reasonCodes], verifiedAt: new Date(v.verifiedAt) };
    }
    await Promise.resolve();
  }
}
