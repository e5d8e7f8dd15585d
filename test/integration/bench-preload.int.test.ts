/**
 * The benches' history preload on the real server: copies of a template batch land with their own
 * identities, the audit chain still verifies, and importers' histories read the grown totals.
 */
import { verifyAuditChain } from '../../src/flows/verify-audit-chain';
import { systemClock } from '../../src/domain/ports';
import { MongoAuditLog } from '../../src/storage/mongo-audit-log';
import { MongoImporterHistoryStore } from '../../src/storage/mongo-importer-history-store';
import { preloadDatabase } from '../../bench/lib/preload';
import { connectMongo } from '../../src/storage/mongo-connection';
import { freshMongoUri } from '../support/services';

const prefix = 'KE-2026-WA1B2C3-';

test('when a template batch is preloaded 3 times, then every copy is stored once and the chains still hold', async () => {
  const uri = freshMongoUri('bench-preload');
  const db = await connectMongo(uri);
  try {
    const audit = new MongoAuditLog(db, systemClock);
    await audit.init();
    await audit.append({
      actor: 'admin',
      action: 'partner.created',
      target: 'partner:CH',
      before: null,
      after: {},
    });
    const since = new Date();
    const history = new MongoImporterHistoryStore(db);
    await history.init();
    for (const n of [1, 2]) {
      const key = `KE/2026/${prefix}00000${n}`;
      await db.collection('messages').insertOne({
        _id: `out:bc1e4fca-f255-43e2-8a15-6433b949b04${n}` as never,
        permitKey: key,
        createdAt: new Date(),
      });
      await audit.append({
        actor: 'issuer',
        action: 'permit.issued',
        target: `permit:${key}`,
        before: null,
        after: { key },
      });
      await history.add('CH|zoo', {
        shipments: 1,
        findings: n - 1,
        event: `assessment ra_rox6jxXp02hixyTFeQXIi${n}`,
      });
    }

    const stored = await preloadDatabase(uri, { prefix, since, rounds: 3, spanMs: 60_000 });

    expect(stored).toMatchObject({ messages: 6, audit_log: 6, risk_importer_history: 6 });
    const keys = await db.collection('messages').distinct('permitKey');
    expect(new Set(keys).size).toBe(8);
    expect(await verifyAuditChain(new MongoAuditLog(db, systemClock))).toMatchObject({
      ok: true,
      entries: 9,
    });
    expect(await new MongoImporterHistoryStore(db).read('CH|zoo')).toEqual({ shipments: 8, findings: 4 });
  } finally {
    await db.dropDatabase();
    await db.close();
  }
});
