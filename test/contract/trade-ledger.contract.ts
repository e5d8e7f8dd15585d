/** What every TradeLedger must do; run against the in-memory twin here and MongoDB in integration. */
import type { ExportRecord, ImportRecord } from '../../src/domain/reports/report-source';
import {
  clearedFact,
  exportedFact,
  importedFact,
  type LedgerFact,
  type TradeLedger,
} from '../../src/domain/reports/trade-ledger';
import { tradePermitOf } from '../../src/domain/reports/trade-permit';
import { permitKeyOf } from '../../scripts/lib/sample-permits';
import { permitDated, usageOf } from '../support/report-records';
import type { Permit } from '../../src/domain/permit/permit';

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const exported = (permit: Permit, destination = 'CH') =>
  exportedFact({ permitKey: permitKeyOf(permit), permit, destination });
const imported = (permit: Permit) => importedFact({ permitKey: permitKeyOf(permit), permit });
const AT = new Date('2026-05-01T10:00:00Z');

export function tradeLedgerContract(
  name: string,
  create: () => Promise<{ ledger: TradeLedger; cleanup: () => Promise<void> }>,
): void {
  describe(`TradeLedger contract: ${name}`, () => {
    let ledger: TradeLedger;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ ledger, cleanup } = await create());
    });
    afterEach(async () => {
      await cleanup();
    });

    test('when a permit is exported and its usage confirmed, then exportsOf gives its report fields, destination and usage, as recorded', async () => {
      const permit = permitDated('KE-1', '2026-03-01', {
        lines: [
          {
            id: 'A',
            scientificName: 'Python sebae',
            termCode: 'SKI',
            appendix: 'II',
            source: 'W',
            quantity: 150,
            unit: 'PCS',
            origin: { country: 'TZ', permitNumber: 'TZ-9', permitDate: '2025-12-01' },
            lastReExport: { country: 'AE', certificateNumber: 'AE-1', certificateDate: '2026-01-02' },
          },
        ],
      });
      const usage = usageOf('FR-D-1', '2026-03-20T08:00:00Z', { A: 140.25 });
      await ledger.record([exported(permit, 'FR')]);
      await ledger.record([{ kind: 'usage-confirmed', permitKey: permitKeyOf(permit), usage }]);
      const expected: ExportRecord = {
        permitKey: 'KE/2026/KE-1',
        permit: tradePermitOf(permit),
        status: 'USED',
        destination: 'FR',
        usage,
      };
      expect(await all(ledger.exportsOf(2026))).toEqual([expected]);
      const [record] = await all(ledger.exportsOf(2026));
      expect(record!.usage!.clearedAt).toBeInstanceOf(Date);
    });

    test('when a fact is recorded again, even with other content, then the first one stays and the new facts of the same batch are recorded', async () => {
      const permit = permitDated('KE-2', '2026-03-01');
      const later = permitDated('KE-3', '2026-03-02');
      const key = permitKeyOf(permit);
      const first = usageOf('CH-D-1', '2026-03-20T08:00:00Z', { A: 10 });
      await ledger.record([
        exported(permit, 'CH'),
        { kind: 'usage-confirmed', permitKey: key, usage: first },
      ]);
      await ledger.record([
        exported(permit, 'FR'),
        exported(later, 'FR'),
        { kind: 'usage-confirmed', permitKey: key, usage: usageOf('CH-D-2', '2026-04-01', { A: 99 }) },
        { kind: 'cancelled', direction: 'EXPORT', permitKey: permitKeyOf(later), at: AT },
      ]);
      const records = await all(ledger.exportsOf(2026));
      expect(records.map((r) => [r.permitKey, r.destination, r.status])).toEqual([
        [key, 'CH', 'USED'],
        [permitKeyOf(later), 'FR', 'CANCELLED'],
      ]);
      expect(records[0]!.usage).toEqual(first);
    });

    test.each<[string, Array<LedgerFact['kind']>, ExportRecord['status']]>([
      ['nothing happened', [], 'ISSUED'],
      ['it was cancelled', ['cancelled'], 'CANCELLED'],
      ['it was replaced', ['replaced'], 'REPLACED'],
      ['it was cancelled, then its usage confirmed', ['cancelled', 'usage-confirmed'], 'USED'],
      ['its usage was confirmed (recorded after a cancellation)', ['usage-confirmed', 'cancelled'], 'USED'],
    ])('when after its export %s, then the export is %s', async (_what, kinds, status) => {
      const permit = permitDated('KE-3', '2026-03-01');
      const permitKey = permitKeyOf(permit);
      const facts: LedgerFact[] = kinds.map((kind) =>
        kind === 'usage-confirmed'
          ? { kind, permitKey, usage: usageOf('CH-D-3', '2026-03-20T08:00:00Z', { A: 1 }) }
          : { kind: kind as 'cancelled' | 'replaced', direction: 'EXPORT', permitKey, at: AT },
      );
      for (const fact of [exported(permit), ...facts]) await ledger.record([fact]);
      const [record] = await all(ledger.exportsOf(2026));
      expect(record!.status).toBe(status);
    });

    test('when permits of several years were recorded in one batch, then exportsOf gives the year of each key only, in UTF-8 key order, each with its own events', async () => {
      const numbers = ['KE-1 B', 'KE-\u{1F600}', 'KE-1', 'KE-\uFF01', 'KE-1/2', 'KE-a', 'KE-Z', 'KE-1B'];
      const facts: LedgerFact[] = [];
      for (const [i, n] of numbers.entries()) {
        const permit = permitDated(n, '2026-03-01');
        facts.push(exported(permit));
        if (i % 2 === 0) {
          facts.push({ kind: 'cancelled', direction: 'EXPORT', permitKey: permitKeyOf(permit), at: AT });
        }
      }
      facts.push(
        exported(permitDated('KE-OLD', '2025-12-31')),
        exported(permitDated('KE-NEW', '2027-01-01')),
      );
      await ledger.record(facts);
      const records = await all(ledger.exportsOf(2026));
      const expected = numbers
        .map((n) => `KE/2026/${n}`)
        .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      expect(records.map((r) => r.permitKey)).toEqual(expected);
      for (const record of records) {
        const i = numbers.indexOf(record.permit.permitNumber);
        expect([record.permitKey, record.status]).toEqual([
          record.permitKey,
          i % 2 === 0 ? 'CANCELLED' : 'ISSUED',
        ]);
      }
    });

    test('when events were recorded for a permit never recorded as exported, then exportsOf leaves it out', async () => {
      await ledger.record([
        { kind: 'cancelled', direction: 'EXPORT', permitKey: 'KE/2026/KE-GHOST', at: AT },
        exported(permitDated('KE-REAL', '2026-02-01')),
      ]);
      expect((await all(ledger.exportsOf(2026))).map((r) => r.permitKey)).toEqual(['KE/2026/KE-REAL']);
    });

    test('when permits were received over four years, then importsOf gives those of the year and the year before, merged in key order, with clearances and statuses', async () => {
      const early = permitDated('TZ-X', '2025-11-20', { issuingCountry: 'TZ' });
      const cleared = permitDated('CH-Y', '2026-02-01', { issuingCountry: 'CH' });
      const cancelled = permitDated('KE-Z', '2026-03-01');
      const replaced = permitDated('AE-R', '2025-06-01', { issuingCountry: 'AE' });
      const earlyUsage = usageOf('CH-D-X', '2026-01-10T09:00:00Z', { A: 10, B: 1.5 });
      const clearedUsage = usageOf('CH-D-Y', '2026-02-11T09:00:00Z', { A: 20 });
      await ledger.record([
        imported(cancelled),
        imported(early),
        imported(permitDated('KE-W', '2024-12-01')),
        imported(permitDated('KE-V', '2027-01-02')),
        clearedFact({
          permitKey: permitKeyOf(early),
          declarationNumber: 'CH-D-X',
          usage: earlyUsage,
        }),
        imported(cleared),
        { kind: 'cancelled', direction: 'IMPORT', permitKey: permitKeyOf(cancelled), at: AT },
        imported(replaced),
        { kind: 'replaced', direction: 'IMPORT', permitKey: permitKeyOf(replaced), at: AT },
      ]);
      await ledger.record([
        clearedFact({ permitKey: permitKeyOf(cleared), declarationNumber: 'CH-D-Y', usage: clearedUsage }),
      ]);
      const records = await all(ledger.importsOf(2026));
      const expected: ImportRecord[] = [
        { permitKey: 'AE/2025/AE-R', permit: tradePermitOf(replaced), status: 'REPLACED' },
        {
          permitKey: 'CH/2026/CH-Y',
          permit: tradePermitOf(cleared),
          status: 'VALID',
          clearance: { declarationNumber: 'CH-D-Y', usage: clearedUsage },
        },
        { permitKey: 'KE/2026/KE-Z', permit: tradePermitOf(cancelled), status: 'CANCELLED' },
        {
          permitKey: 'TZ/2025/TZ-X',
          permit: tradePermitOf(early),
          status: 'VALID',
          clearance: { declarationNumber: 'CH-D-X', usage: earlyUsage },
        },
      ];
      expect(records).toEqual(expected);
      expect(await all(ledger.exportsOf(2026))).toEqual([]);
    });

    test('when the same permit key is both exported and imported, then each side sees only its own facts', async () => {
      const permit = permitDated('KE-BOTH', '2026-03-01');
      await ledger.record([
        exported(permit),
        imported(permit),
        { kind: 'cancelled', direction: 'IMPORT', permitKey: permitKeyOf(permit), at: AT },
      ]);
      expect((await all(ledger.exportsOf(2026))).map((r) => r.status)).toEqual(['ISSUED']);
      expect((await all(ledger.importsOf(2026))).map((r) => r.status)).toEqual(['CANCELLED']);
    });

    test('when a backfill version is marked done, then it reads as done (that version only, first note kept)', async () => {
      expect(await ledger.isBackfilled(1)).toBe(false);
      const counts = { issued: 2, received: 1, clearances: 0, facts: 4 };
      await ledger.markBackfilled(1, AT, counts);
      await ledger.markBackfilled(1, new Date(), { ...counts, facts: 9 });
      expect(await ledger.isBackfilled(1)).toBe(true);
      expect(await ledger.isBackfilled(2)).toBe(false);
    });
  });
}
