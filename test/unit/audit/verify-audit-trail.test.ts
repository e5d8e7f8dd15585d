import { hashAuditEntry } from '../../../src/domain/audit/audit-entry';
import { fixedClock } from '../../../src/domain/ports';
import { verifyAuditTrail } from '../../../src/flows/verify-audit-trail';
import { InMemoryAuditLog } from '../../contract/twins/in-memory-audit-log';

const clock = fixedClock('2026-06-01T00:00:00Z');

async function logOf(n: number): Promise<InMemoryAuditLog> {
  const log = new InMemoryAuditLog(clock);
  for (let i = 1; i <= n; i++) {
    await log.append({
      actor: `a${i}`,
      action: 'token.created',
      target: `token:${i}`,
      before: null,
      after: { i },
    });
  }
  return log;
}

const checkpointOf = (log: InMemoryAuditLog, seq: number) => ({
  country: 'KE',
  seq,
  headHash: log.stored[seq - 1]!.hash,
  signedAt: clock.now(),
});

describe('audit trail verification against checkpoints', () => {
  test('when the log matches its checkpoints, then it is intact and names the latest checkpoint', async () => {
    const log = await logOf(5);
    await expect(verifyAuditTrail(log, [checkpointOf(log, 2), checkpointOf(log, 5)])).resolves.toMatchObject({
      ok: true,
      entries: 5,
      checkpoints: 2,
      latestCheckpoint: 5,
    });
  });

  test('when the tail is cut off below a checkpoint, then AUDIT_CHECKPOINT_MISMATCH names the first missing entry', async () => {
    const log = await logOf(5);
    const checkpoint = checkpointOf(log, 5);
    log.stored.splice(3);
    await expect(verifyAuditTrail(log, [checkpoint])).resolves.toMatchObject({
      ok: false,
      code: 'AUDIT_CHECKPOINT_MISMATCH',
      brokenAt: 4,
    });
  });

  test('when entries are rewritten and re-hashed, then the checkpoint exposes it at its entry', async () => {
    const log = await logOf(4);
    const checkpoint = checkpointOf(log, 3);
    let prevHash = log.stored[0]!.hash;
    for (const entry of log.stored.slice(1)) {
      entry.prevHash = prevHash;
      if (entry.seq === 2) entry.actor = 'mallory';
      entry.hash = hashAuditEntry(entry);
      prevHash = entry.hash;
    }
    await expect(verifyAuditTrail(log, [checkpoint])).resolves.toMatchObject({
      ok: false,
      code: 'AUDIT_CHECKPOINT_MISMATCH',
      brokenAt: 3,
    });
  });

  test('when an entry is edited without re-hashing, then AUDIT_CHAIN_BROKEN comes first, at that entry', async () => {
    const log = await logOf(4);
    const checkpoint = checkpointOf(log, 4);
    log.stored[1]!.actor = 'mallory';
    await expect(verifyAuditTrail(log, [checkpoint])).resolves.toMatchObject({
      ok: false,
      code: 'AUDIT_CHAIN_BROKEN',
      brokenAt: 2,
    });
  });
});
