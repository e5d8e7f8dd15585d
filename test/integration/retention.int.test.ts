/**
 * The retention purge on the real database: records past their retention go, in bounded batches, and
 * nothing a rule still protects is removed (open messages, messages and ACCEPTED verifications of
 * received permits customs may still be shown, archive entries a message points at, alerts with a
 * pending delivery, and the audit log, whatever its age). One run per interval across instances.
 */
import type { Connection } from 'mongoose';
import { fixedClock } from '../../src/domain/ports';
import { purgeExpiredRecords, type PurgeDeps } from '../../src/flows/retention/purge-expired-records';
import { createSilentLogger } from '../../src/logging/logger';
import { MongoAlertDeliveryStore } from '../../src/storage/mongo-alert-delivery-store';
import { MongoAuditLog } from '../../src/storage/mongo-audit-log';
import { MongoRetentionStore } from '../../src/storage/mongo-retention-store';
import { freshDatabase } from '../support/services';
import { retentionStoreContract } from '../contract/retention-store.contract';

const NOW = new Date('2027-06-01T00:00:00Z');
const OLD = new Date('2026-01-10T00:00:00Z'); // far past every retention below
const RECENT = new Date('2027-05-30T00:00:00Z');

let connection: Connection;
let drop: () => Promise<void>;
let audit: MongoAuditLog;
let deliveries: MongoAlertDeliveryStore;

/** A raw collection with string ids (the records are seeded as the repositories store them). */
const col = (name: string) => connection.collection<{ _id: string } & Record<string, unknown>>(name);

const ids = async (name: string): Promise<string[]> =>
  (
    await connection
      .collection(name)
      .find({}, { projection: { _id: 1 } })
      .toArray()
  )
    .map((d) => String(d._id))
    .sort();

function deps(owner: string, batchSize = 2): PurgeDeps {
  return {
    store: new MongoRetentionStore(connection),
    pendingAlertIds: (alertIds) => deliveries.pendingAlertIds(alertIds),
    audit,
    policy: {
      messageDays: 90,
      archiveDays: 30,
      verificationDays: 90,
      alertDays: 30,
      customsHoldDays: 365,
      intervalMs: 3_600_000,
      batchSize,
      maxBatches: 50,
    },
    owner,
    clock: fixedClock(NOW),
    logger: createSilentLogger(),
  };
}

beforeAll(async () => {
  ({ connection, drop } = await freshDatabase('retention'));
  audit = new MongoAuditLog(connection, fixedClock(OLD));
  await audit.init();
  deliveries = new MongoAlertDeliveryStore(connection);
  await deliveries.init();
  await audit.append({
    actor: 'admin',
    action: 'partner.created',
    target: 'partner:CH',
    before: null,
    after: { code: 'CH' },
  });

  const message = (id: string, fields: Record<string, unknown>) => ({
    _id: id,
    messageId: id.replace(/^out:/, ''),
    partner: 'CH',
    digest: `d-${id}`,
    createdAt: OLD,
    updatedAt: OLD,
    ...fields,
  });
  await col('messages').insertMany([
    message('out:delivered-old', { direction: 'outbound', state: 'DELIVERED', permitKey: 'KE/2026/1' }),
    message('out:failed-old', { direction: 'outbound', state: 'FAILED', permitKey: 'KE/2026/2' }),
    message('out:retry-old', { direction: 'outbound', state: 'RETRY_WAIT', permitKey: 'KE/2026/3' }),
    message('out:queued-old', { direction: 'outbound', state: 'QUEUED', permitKey: 'KE/2026/4' }),
    message('out:delivered-recent', { direction: 'outbound', state: 'DELIVERED', updatedAt: RECENT }),
    message('in:valid-permit', {
      direction: 'inbound',
      state: 'RECEIVED',
      permitKey: 'CH/2026/VALID',
      archiveId: 'arc-valid',
    }),
    message('in:expired-permit', {
      direction: 'inbound',
      state: 'RECEIVED',
      permitKey: 'CH/2025/EXPIRED',
      archiveId: 'arc-expired',
    }),
    message('in:cancel-pending', {
      direction: 'inbound',
      state: 'RECEIVED',
      permitKey: 'CH/2026/CANCELLED',
      archiveId: 'arc-cancel',
      action: { kind: 'cancellation' },
    }),
  ]);
  await col('message_blobs').insertMany([
    { _id: 'out:delivered-old:envelope:d-out:delivered-old', text: '<x/>' },
    { _id: 'out:queued-old:envelope:d-out:queued-old', text: '<x/>' },
  ]);
  await col('received_permits').insertMany([
    { _id: 'CH/2026/VALID', status: 'VALID', permit: { validUntil: '2027-03-31' } }, // + 365 days hold
    { _id: 'CH/2025/EXPIRED', status: 'VALID', permit: { validUntil: '2025-12-31' } },
    { _id: 'CH/2026/CANCELLED', status: 'CANCELLED', permit: { validUntil: '2027-12-31' } },
  ]);
  await col('inbound_archive').insertMany(
    ['arc-valid', 'arc-expired', 'arc-cancel', 'arc-orphan-old', 'arc-orphan-recent'].map((id) => ({
      _id: id,
      partner: 'CH',
      receivedAt: id.endsWith('recent') ? RECENT : OLD,
      contentType: 'application/xml',
      size: 4,
      bytes: Buffer.from('<x/>'),
    })),
  );
  await col('verifications').insertMany([
    { _id: 'v-accepted-valid', verdict: 'ACCEPTED', permitKey: 'CH/2026/VALID', verifiedAt: OLD },
    { _id: 'v-rejected-valid', verdict: 'REJECTED', permitKey: 'CH/2026/VALID', verifiedAt: OLD },
    { _id: 'v-accepted-expired', verdict: 'ACCEPTED', permitKey: 'CH/2025/EXPIRED', verifiedAt: OLD },
    { _id: 'v-recent', verdict: 'REJECTED', permitKey: 'CH/2026/VALID', verifiedAt: RECENT },
  ]);
  const alert = (id: string, at: Date) => ({
    _id: id,
    kind: 'k',
    severity: 'critical',
    subject: id,
    message: id,
    at,
    details: {},
  });
  await col('alerts').insertMany([
    alert('a-old-done', OLD),
    alert('a-old-pending', OLD),
    alert('a-recent', RECENT),
  ]);
  const notification = (id: string) => ({
    id,
    alertId: id,
    kind: 'k',
    severity: 'critical' as const,
    subject: id,
    message: id,
    at: OLD,
    details: {},
  });
  await deliveries.enqueue([{ channel: 'hook', notification: notification('a-old-done') }], OLD);
  await deliveries.enqueue([{ channel: 'hook', notification: notification('a-old-pending') }], OLD);
  await deliveries.recordAttempt(
    'a-old-done|hook',
    { attempt: 1, startedAt: OLD, endedAt: OLD, ok: true },
    { state: 'DELIVERED' },
  );
});

afterAll(async () => {
  await drop?.();
});

describe('the retention purge on MongoDB', () => {
  let reports: Array<Awaited<ReturnType<typeof purgeExpiredRecords>>>;

  beforeAll(async () => {
    // Three instances at the same moment, in batches of 2: one runs the purge.
    reports = await Promise.all(['i1', 'i2', 'i3'].map((owner) => purgeExpiredRecords(deps(owner))));
  });

  test('when three instances start the same interval, then exactly one purges', () => {
    expect(reports.filter((r) => r !== null)).toHaveLength(1);
  });

  test('when messages are past retention, then finished ones go and open ones or those customs may still need stay', async () => {
    expect(await ids('messages')).toEqual([
      'in:cancel-pending', // lifecycle action not applied yet
      'in:valid-permit', // its permit is VALID until 2027-03-31, held 365 days more
      'out:delivered-recent',
      'out:queued-old',
      'out:retry-old',
    ]);
    expect(await ids('message_blobs')).toEqual(['out:queued-old:envelope:d-out:queued-old']);
  });

  test('when archive entries are past retention, then only those no message record points at go', async () => {
    expect(await ids('inbound_archive')).toEqual(['arc-cancel', 'arc-orphan-recent', 'arc-valid']);
  });

  test('when verifications are past retention, then the ACCEPTED one of a permit still needed stays', async () => {
    expect(await ids('verifications')).toEqual(['v-accepted-valid', 'v-recent']);
  });

  test('when alerts are past retention, then one with a pending delivery stays; its finished deliveries go with it', async () => {
    expect(await ids('alerts')).toEqual(['a-old-pending', 'a-recent']);
    expect(await ids('alert_deliveries')).toEqual(['a-old-pending|hook']);
  });

  test('when the purge ran, then the audit log keeps its old entry and records the purge with counts', async () => {
    const entries = [];
    for await (const entry of audit.entries()) entries.push(entry);
    expect(entries.map((e) => e.action)).toEqual(['partner.created', 'retention.purged']);
    const report = (
      entries[1]!.after as { report: Record<string, { deleted: number; kept: Record<string, number> }> }
    ).report;
    expect(report.messages).toEqual({ deleted: 3, kept: { open: 3, 'permit-needed': 1 } });
    expect(report.archive).toEqual({ deleted: 2, kept: { 'message-record': 2 } });
    expect(report.verifications).toEqual({ deleted: 2, kept: { 'permit-needed': 1 } });
    expect(report.alerts).toEqual({ deleted: 1, kept: { 'delivery-pending': 1 } });
  });

  test('when the purge runs again in the next interval, then it deletes nothing more', async () => {
    const later: PurgeDeps = { ...deps('i1', 500), clock: fixedClock(new Date(NOW.getTime() + 3_600_000)) };
    const report = await purgeExpiredRecords(later);
    expect(Object.values(report ?? {}).map((r) => r.deleted)).toEqual([0, 0, 0, 0]);
    expect(await ids('messages')).toHaveLength(5);
  });
});

retentionStoreContract('MongoDB', async () => {
  const fresh = await freshDatabase('retention-contract');
  return {
    store: new MongoRetentionStore(fresh.connection),
    seedAlerts: async (alerts) => {
      await fresh.connection.collection<{ _id: string } & Record<string, unknown>>('alerts').insertMany(
        alerts.map((a) => ({
          _id: a.id,
          kind: 'k',
          severity: 'info',
          subject: a.id,
          message: a.id,
          at: a.at,
          details: {},
        })),
      );
    },
    cleanup: fresh.drop,
  };
});
