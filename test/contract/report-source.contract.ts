/**
 * What every ReportSource must do, given permits as the exchange stores them; run against the in-memory
 * twin (which reads the stored records) and MongoDB in integration (which reads the trade ledger).
 */
import type { ControlResult } from '../../src/domain/reports/control-result';
import type { ReportSource } from '../../src/domain/reports/report-source';
import { tradePermitOf } from '../../src/domain/reports/trade-permit';
import {
  clearanceOf,
  controlResultOf,
  emptySeed,
  issuedRecord,
  permitDated,
  receivedRecord,
  usageOf,
  verificationOf,
  type ReportSeed,
} from '../support/report-records';

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export function reportSourceContract(
  name: string,
  create: (seed: ReportSeed) => Promise<{ source: ReportSource; cleanup: () => Promise<void> }>,
): void {
  describe(`ReportSource contract: ${name}`, () => {
    let cleanup: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await cleanup?.();
      cleanup = undefined;
    });
    async function sourceOf(seed: ReportSeed): Promise<ReportSource> {
      const created = await create(seed);
      cleanup = created.cleanup;
      return created.source;
    }

    test('when permits of several years were issued, then exportsOf streams that year only, in key order, with status and usage', async () => {
      const seed = emptySeed();
      const used = usageOf('CH-D-1', '2026-05-02T08:00:00Z', { A: 100 });
      seed.issued.push(
        issuedRecord(permitDated('KE-C', '2026-12-31T23:30:00+03:00')),
        issuedRecord(permitDated('KE-A', '2026-01-01'), { status: 'USED', usage: used }),
        issuedRecord(permitDated('KE-OLD', '2025-12-31')),
        issuedRecord(permitDated('KE-NEXT', '2027-01-01')),
        issuedRecord(permitDated('KE-B', '2026-06-30'), { status: 'CANCELLED', destination: 'FR' }),
      );
      const source = await sourceOf(seed);
      const records = await all(source.exportsOf(2026));
      expect(records.map((r) => r.permitKey)).toEqual(['KE/2026/KE-A', 'KE/2026/KE-B', 'KE/2026/KE-C']);
      expect(records.map((r) => r.status)).toEqual(['USED', 'CANCELLED', 'ISSUED']);
      expect(records[1]!.destination).toBe('FR');
      expect(records[0]!.usage).toEqual(used);
      expect(records[2]!.usage).toBeUndefined();
      expect(records[0]!.permit).toEqual(tradePermitOf(seed.issued[1]!.permit));
      expect(records[0]).not.toHaveProperty('signedXml');
    });

    test('when permits were received over three years, then importsOf streams those issued that year and the year before, each with its clearance', async () => {
      const seed = emptySeed();
      const early = permitDated('KE-X', '2025-11-20');
      const now = permitDated('KE-Y', '2026-02-01');
      const uncleared = permitDated('KE-Z', '2026-03-01');
      seed.received.push(
        receivedRecord(uncleared, { status: 'CANCELLED' }),
        receivedRecord(now),
        receivedRecord(early),
        receivedRecord(permitDated('KE-W', '2024-12-01')),
        receivedRecord(permitDated('KE-V', '2027-01-02')),
      );
      const earlyUsage = usageOf('CH-D-X', '2026-01-10T09:00:00Z', { A: 10, B: 1.5 });
      const nowUsage = usageOf('CH-D-Y', '2026-02-11T09:00:00Z', { A: 20 });
      seed.clearances.push(
        clearanceOf('KE/2026/KE-Y', nowUsage),
        clearanceOf('KE/2025/KE-X', earlyUsage),
        clearanceOf('KE/2024/KE-W', usageOf('CH-D-W', '2025-01-10T09:00:00Z', { A: 1 })),
      );
      const source = await sourceOf(seed);
      const records = await all(source.importsOf(2026));
      expect(records.map((r) => r.permitKey)).toEqual(['KE/2025/KE-X', 'KE/2026/KE-Y', 'KE/2026/KE-Z']);
      expect(records[0]!.clearance).toEqual({ declarationNumber: 'CH-D-X', usage: earlyUsage });
      expect(records[1]!.clearance).toEqual({ declarationNumber: 'CH-D-Y', usage: nowUsage });
      expect(records[2]!.clearance).toBeUndefined();
      expect(records[2]!.status).toBe('CANCELLED');
      expect(records[1]).not.toHaveProperty('signedXml');
    });

    test('when permit numbers hold characters outside the BMP and above it, then imports still meet their clearances (UTF-8 key order)', async () => {
      const seed = emptySeed();
      const numbers = ['KE-\u{1F600}', 'KE-\uFF01', 'KE-a', 'KE-Z'];
      for (const [i, n] of numbers.entries()) {
        const permit = permitDated(n, '2026-03-01');
        seed.received.push(receivedRecord(permit));
        seed.clearances.push(
          clearanceOf(`KE/2026/${n}`, usageOf(`CH-D-U${i}`, '2026-03-05T00:00:00Z', { A: i + 1 })),
        );
      }
      const source = await sourceOf(seed);
      const records = await all(source.importsOf(2026));
      expect(records.map((r) => r.permitKey)).toEqual([
        'KE/2026/KE-Z',
        'KE/2026/KE-a',
        'KE/2026/KE-\uFF01',
        'KE/2026/KE-\u{1F600}',
      ]);
      for (const record of records) {
        const i = numbers.indexOf(record.permit.permitNumber);
        expect(record.clearance?.declarationNumber).toBe(`CH-D-U${i}`);
      }
    });

    test('when control results of several findings and years were recorded, then seizuresOf streams the year’s seizures by date, then id', async () => {
      const seed = emptySeed();
      const results: ControlResult[] = [
        controlResultOf('r3', { arrivalDate: '2026-05-01' }),
        controlResultOf('r1', { arrivalDate: '2026-05-01', office: null, originCountry: null }),
        controlResultOf('r2', { arrivalDate: '2026-01-01' }),
        controlResultOf('r4', { arrivalDate: '2026-02-01', finding: 'NONE' }),
        controlResultOf('r5', { arrivalDate: '2026-03-01', finding: 'DOCUMENTARY_DISCREPANCY' }),
        controlResultOf('r6', { arrivalDate: '2025-12-31' }),
        controlResultOf('r7', { arrivalDate: '2027-01-01' }),
      ];
      seed.controlResults.push(...results);
      const source = await sourceOf(seed);
      const seizures = await all(source.seizuresOf(2026));
      expect(seizures.map((r) => r.id)).toEqual(['r2', 'r1', 'r3']);
      expect(seizures[1]).toEqual(results[1]);
    });

    test('when verifications were made over two years, then customsDecisionsOf streams that year’s verdicts and reasons', async () => {
      const seed = emptySeed();
      seed.verifications.push(
        verificationOf('D1', 'REJECTED', ['NOT_RECEIVED'], '2026-03-01T10:00:00Z'),
        verificationOf('D2', 'ACCEPTED', [], '2026-12-31T23:59:59Z'),
        verificationOf('D3', 'REJECTED', ['CANCELLED', 'EXPIRED'], '2025-12-31T23:59:59Z'),
      );
      const source = await sourceOf(seed);
      const decisions = await all(source.customsDecisionsOf(2026));
      const sorted = decisions.sort((a, b) => a.verifiedAt.getTime() - b.verifiedAt.getTime());
      expect(sorted).toEqual([
        { verdict: 'REJECTED', reasonCodes: ['NOT_RECEIVED'], verifiedAt: new Date('2026-03-01T10:00:00Z') },
        { verdict: 'ACCEPTED', reasonCodes: [], verifiedAt: new Date('2026-12-31T23:59:59Z') },
      ]);
    });
  });
}
