import { fixedClock } from '../../../src/domain/ports';
import { isPermitStillNeeded } from '../../../src/domain/retention/retention-rules';
import { purgeExpiredRecords, type PurgeDeps } from '../../../src/flows/retention/purge-expired-records';
import { createSilentLogger } from '../../../src/logging/logger';
import { InMemoryAuditLog } from '../../contract/twins/in-memory-audit-log';
import { InMemoryRetentionStore } from '../../contract/twins/in-memory-retention-store';

const NOW = new Date('2027-06-01T00:00:00Z');
const OLD = new Date('2026-01-01T00:00:00Z');
const DAY = 86_400_000;

function setup(policy: Partial<PurgeDeps['policy']> = {}) {
  const store = new InMemoryRetentionStore();
  const audit = new InMemoryAuditLog(fixedClock(NOW));
  const deps: PurgeDeps = {
    store,
    pendingAlertIds: (ids) => Promise.resolve(new Set(ids.filter((id) => id.startsWith('pending')))),
    audit,
    policy: {
      messageDays: 30,
      archiveDays: 30,
      verificationDays: 30,
      alertDays: 30,
      customsHoldDays: 365,
      intervalMs: 3_600_000,
      batchSize: 3,
      maxBatches: 100,
      ...policy,
    },
    owner: 'test',
    clock: fixedClock(NOW),
    logger: createSilentLogger(),
  };
  return { store, audit, deps };
}

describe('isPermitStillNeeded', () => {
  const hold = { permitKey: 'CH/2026/1', status: 'VALID', validUntil: '2027-03-31' };
  test('when a VALID permit is within the hold after its last day, then customs may still need it', () => {
    expect(isPermitStillNeeded(hold, new Date('2028-03-30T12:00:00Z'), 365)).toBe(true);
  });
  test('when the hold after its last day has passed, or it is cancelled, or unknown, then it is not needed', () => {
    expect(isPermitStillNeeded(hold, new Date('2028-04-01T00:00:00Z'), 365)).toBe(false);
    expect(isPermitStillNeeded({ ...hold, status: 'CANCELLED' }, NOW, 365)).toBe(false);
    expect(isPermitStillNeeded(undefined, NOW, 365)).toBe(false);
  });
});

describe('purgeExpiredRecords', () => {
  test('when 10 finished messages are past retention and 2 are open among them, then batches of 3 delete the 10 and page past the 2', async () => {
    const { store, deps } = setup();
    const messages = Array.from({ length: 12 }, (_, i) => ({
      id: `out:m${String(i).padStart(2, '0')}`,
      direction: 'outbound' as const,
      state: i === 0 || i === 5 ? 'RETRY_WAIT' : 'DELIVERED',
      actionPending: false,
      at: OLD,
    }));
    store.seed({ messages });
    const report = await purgeExpiredRecords(deps);
    expect(report?.messages).toEqual({ deleted: 10, kept: { open: 2 } });
    expect([...store.records.messages.keys()]).toEqual(['out:m00', 'out:m05']);
  });

  test('when maxBatches is reached, then the run stops there and the next interval goes on', async () => {
    const { store, deps } = setup({ batchSize: 2, maxBatches: 2 });
    store.seed({ alerts: Array.from({ length: 7 }, (_, i) => ({ id: `a${i}`, at: OLD })) });
    expect((await purgeExpiredRecords(deps))?.alerts?.deleted).toBe(4);
    expect(store.records.alerts.size).toBe(3);
    const next = { ...deps, clock: fixedClock(new Date(NOW.getTime() + 3_600_000)) };
    expect((await purgeExpiredRecords(next))?.alerts?.deleted).toBe(3);
  });

  test('when a run of this interval was already claimed, then a second call purges nothing', async () => {
    const { store, deps } = setup();
    store.seed({ alerts: [{ id: 'a1', at: OLD }] });
    await store.claimRun(`purge:${Math.floor(NOW.getTime() / 3_600_000)}`);
    expect(await purgeExpiredRecords(deps)).toBeNull();
    expect(store.records.alerts.size).toBe(1);
  });

  test('when a collection keeps records for ever (0 days), then none of them is read or deleted', async () => {
    const { store, deps } = setup({ verificationDays: 0 });
    store.seed({ verifications: [{ id: 'v1', verdict: 'REJECTED', permitKey: 'CH/2026/1', at: OLD }] });
    const report = await purgeExpiredRecords(deps);
    expect(report?.verifications).toBeUndefined();
    expect(store.records.verifications.size).toBe(1);
  });

  test('when records are younger than retention or protected, then they stay; only a purge that deleted is audited', async () => {
    const { store, audit, deps } = setup();
    const recent = new Date(NOW.getTime() - 29 * DAY);
    store.seed({
      messages: [
        {
          id: 'in:1',
          direction: 'inbound',
          state: 'RECEIVED',
          actionPending: false,
          permitKey: 'CH/2026/1',
          archiveId: 'arc1',
          at: OLD,
        },
        { id: 'in:2', direction: 'inbound', state: 'RECEIVED', actionPending: true, at: OLD },
      ],
      archive: [
        { id: 'arc1', at: OLD },
        { id: 'arc2', at: recent },
      ],
      alerts: [{ id: 'pending-1', at: OLD }],
      holds: [{ permitKey: 'CH/2026/1', status: 'VALID', validUntil: '2027-12-31' }],
    });
    const report = await purgeExpiredRecords(deps);
    expect(report).toEqual({
      messages: { deleted: 0, kept: { 'permit-needed': 1, open: 1 } },
      archive: { deleted: 0, kept: { 'message-record': 1 } },
      verifications: { deleted: 0, kept: {} },
      alerts: { deleted: 0, kept: { 'delivery-pending': 1 } },
    });
    expect(await audit.page({ after: 0, limit: 10 })).toEqual([]);
  });
});
