/**
 * The trade ledger's rules in memory: stored permits give facts that give back what the reports read of
 * them, whatever their status; the backfill records every stored permit once; keys compare as MongoDB
 * orders them.
 */
import type { IssuedPermit, ReceivedPermit } from '../../../src/domain/exchange/permit-records';
import { fixedClock } from '../../../src/domain/ports';
import {
  clearedFact,
  compareUtf8,
  exportRecordOf,
  factsOfIssued,
  factsOfReceived,
  importRecordOf,
  type StoredTradeRecords,
} from '../../../src/domain/reports/trade-ledger';
import {
  backfillTradeLedger,
  ensureTradeLedger,
  tradeLedgerReadiness,
  TRADE_LEDGER_VERSION,
} from '../../../src/flows/reports/backfill-trade-ledger';
import { InMemoryTradeLedger } from '../../contract/twins/in-memory-trade-ledger';
import {
  clearanceOf,
  exportRecordFrom,
  importRecordFrom,
  issuedRecord,
  permitDated,
  receivedRecord,
  usageOf,
} from '../../support/report-records';

const AT = new Date('2026-05-01T00:00:00Z');
const usage = usageOf('CH-D-1', '2026-04-20T10:00:00Z', { A: 90, B: 12.5 });

describe('facts of stored permits', () => {
  test.each<[string, Partial<IssuedPermit>]>([
    ['issued', {}],
    ['used', { status: 'USED', usage }],
    [
      'cancelled (with its cancellation)',
      { status: 'CANCELLED', cancellation: { reason: 'r', at: AT, messageId: 'm', by: 'u' } },
    ],
    ['cancelled (status only)', { status: 'CANCELLED' }],
    ['replaced', { status: 'REPLACED', replacedAt: AT, replacedBy: 'KE/2026/KE-2' }],
  ])('when an issued permit is %s, then its facts give back the record a report reads', (_what, changes) => {
    const stored = issuedRecord(permitDated('KE-1', '2026-03-01'), changes);
    expect(exportRecordOf(stored.permitKey, factsOfIssued(stored))).toEqual(exportRecordFrom(stored));
  });

  test.each<[string, Partial<ReceivedPermit>, boolean]>([
    ['valid, not cleared', {}, false],
    ['valid and cleared at our border', {}, true],
    ['cancelled', { status: 'CANCELLED', cancellation: { reason: 'r', at: AT, messageId: 'm' } }, false],
    ['replaced', { status: 'REPLACED', replacedBy: 'KE/2026/KE-3' }, false],
  ])(
    'when a received permit is %s, then its facts give back the record a report reads',
    (_what, changes, cleared) => {
      const stored = receivedRecord(permitDated('KE-1', '2026-03-01'), changes);
      const clearance = cleared ? clearanceOf(stored.permitKey, usage) : undefined;
      const facts = [...factsOfReceived(stored), ...(clearance ? [clearedFact(clearance)] : [])];
      expect(importRecordOf(stored.permitKey, facts)).toEqual(importRecordFrom(stored, clearance));
    },
  );

  test('when a stored permit carries its signed XML and parties, then its facts hold neither', () => {
    const facts = factsOfIssued(issuedRecord(permitDated('KE-1', '2026-03-01')));
    const text = JSON.stringify(facts);
    expect(text).not.toContain('signed');
    expect(text).not.toContain('Kenya Wildlife Service');
  });
});

function storedOf(issued: IssuedPermit[], received: ReceivedPermit[]): StoredTradeRecords {
  async function* each<T>(items: T[]) {
    for (const item of items) yield await Promise.resolve(item);
  }
  return {
    issuedPermits: () => each(issued),
    receivedPermits: () => each(received),
    clearances: () => each([clearanceOf(received[0]!.permitKey, usage)]),
  };
}

describe('backfill', () => {
  const issued = [
    issuedRecord(permitDated('KE-1', '2026-03-01'), { status: 'USED', usage }),
    issuedRecord(permitDated('KE-2', '2026-03-01'), { status: 'CANCELLED' }),
    issuedRecord(permitDated('KE-3', '2025-12-01')),
  ];
  const received = [receivedRecord(permitDated('CH-1', '2026-02-01', { issuingCountry: 'CH' }))];

  test('when permits were stored before the ledger, then the backfill records their facts in batches and the reports read them as stored', async () => {
    const ledger = new InMemoryTradeLedger();
    const record = jest.spyOn(ledger, 'record');
    const counts = await backfillTradeLedger({ stored: storedOf(issued, received), ledger, batchSize: 2 });
    expect(counts).toEqual({ issued: 3, received: 1, clearances: 1, facts: 7 });
    expect(record.mock.calls.map(([facts]) => facts.length)).toEqual([2, 2, 2, 1]);
    const exports = [];
    for await (const r of ledger.exportsOf(2026)) exports.push(r);
    expect(exports).toEqual(issued.slice(0, 2).map(exportRecordFrom));
    const imports = [];
    for await (const r of ledger.importsOf(2026)) imports.push(r);
    expect(imports).toEqual([importRecordFrom(received[0]!, clearanceOf(received[0]!.permitKey, usage))]);
  });

  test('when the backfill of this version completed, then ensureTradeLedger does not run it again', async () => {
    const ledger = new InMemoryTradeLedger();
    const deps = { stored: storedOf(issued, received), ledger, clock: fixedClock(AT) };
    expect(await ensureTradeLedger(deps)).toMatchObject({ facts: 7 });
    expect(await ledger.isBackfilled(TRADE_LEDGER_VERSION)).toBe(true);
    expect(await ensureTradeLedger(deps)).toBeUndefined();
  });

  test('when the gateway closes during the backfill, then it stops between batches and notes nothing', async () => {
    const ledger = new InMemoryTradeLedger();
    const closing = new AbortController();
    closing.abort();
    const deps = {
      stored: storedOf(issued, received),
      ledger,
      clock: fixedClock(AT),
      signal: closing.signal,
    };
    await expect(ensureTradeLedger({ ...deps, batchSize: 1 })).rejects.toThrow();
    expect(await ledger.isBackfilled(TRADE_LEDGER_VERSION)).toBe(false);
  });

  test('when reports wait for readiness, then concurrent callers share one run and a failed run is tried again', async () => {
    const ledger = new InMemoryTradeLedger();
    let fail = true;
    const stored = storedOf(issued, received);
    let runs = 0;
    const flaky: StoredTradeRecords = {
      ...stored,
      issuedPermits: () => {
        runs++;
        if (fail) throw new Error('database away');
        return stored.issuedPermits();
      },
    };
    const readiness = tradeLedgerReadiness({ stored: flaky, ledger, clock: fixedClock(AT) });
    await expect(Promise.all([readiness.ready(), readiness.ready()])).rejects.toThrow('database away');
    expect(runs).toBe(1);
    fail = false;
    await Promise.all([readiness.ready(), readiness.ready()]);
    await readiness.ready();
    expect(runs).toBe(2);
  });
});

describe('key order', () => {
  test('when keys hold characters of every UTF-8 length, then compareUtf8 orders them as their UTF-8 bytes', () => {
    const alphabet = [
      'a',
      'Z',
      ' ',
      '/',
      '-',
      '\u00e9',
      '\u4e2d',
      '\uff01',
      '\ue000',
      '\u{1F600}',
      '\u{10FFFF}',
      '\u0001',
    ];
    const keys: string[] = [];
    for (let i = 0; i < 400; i++) {
      let key = 'KE/2026/';
      for (let n = (i * 7) % 5; n >= 0; n--) key += alphabet[(i * 31 + n * 17) % alphabet.length];
      keys.push(key);
    }
    const bytes = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
    expect([...keys].sort(compareUtf8)).toEqual([...keys].sort(bytes));
  });
});
