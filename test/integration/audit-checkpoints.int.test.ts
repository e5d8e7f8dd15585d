/**
 * Tamper evidence that survives a database writer: the gateway signs the audit chain's head (on demand over
 * the API and the CLI, and periodically); `epix audit verify` checks the chain and every checkpoint and names
 * the first entry that no longer matches: an entry edited in the database, an entry deleted from the middle,
 * a truncated tail (the checkpoint proves the tail existed), a history rewritten and re-hashed.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { toCheckpointXml, verifyCheckpoint } from '../../src/domain/audit/audit-checkpoint';
import { hashAuditEntry, type AuditEntry } from '../../src/domain/audit/audit-entry';
import { TrustAnchors } from '../../src/domain/pki/trust-anchors';
import { XmlSigner } from '../../src/domain/signing/xml-signer';
import { systemClock } from '../../src/domain/ports';
import { createToken } from '../../src/flows/create-token';
import { createSilentLogger } from '../../src/logging/logger';
import { Gateway } from '../../src/main';
import { MongoAuditCheckpointStore } from '../../src/storage/mongo-audit-checkpoint-store';
import { MongoTokenRepository } from '../../src/storage/mongo-token-repository';
import { auditCheckpointStoreContract } from '../contract/audit-checkpoint-store.contract';
import { testGatewayConfig } from '../support/gateway';
import { testPki } from '../support/pki';
import { dropDatabaseOf, freshDatabase } from '../support/services';

const CLI_TIMEOUT = 120_000;
let gateway: Gateway;
let admin: string;
let auditor: string;
let caFile: string;
const work = mkdtempSync(path.join(tmpdir(), 'epix-checkpoints-'));

type Doc = { _id: number } & Record<string, unknown>;
const auditRows = () => gateway.mongo.db!.collection<Doc>('audit_log');
const checkpointRows = () => gateway.mongo.db!.collection<Doc>('audit_checkpoints');

beforeAll(async () => {
  gateway = new Gateway(await testGatewayConfig('KE', { audit: { checkpointIntervalMs: 0 } }), {
    logger: createSilentLogger(),
  });
  await gateway.start();
  caFile = (await testPki('KE')).files.caCert!;
  const tokens = new MongoTokenRepository(gateway.mongo);
  const make = async (role: string) =>
    (await createToken({ tokens, clock: systemClock }, { role, name: `test ${role}`, createdBy: 'setup' }))
      .token;
  admin = await make('admin');
  auditor = await make('auditor');
  // six entries: token administration over the API
  for (let i = 1; i <= 6; i++) {
    await request(gateway.apiUrl)
      .post('/api/v1/tokens')
      .set('Authorization', `Bearer ${admin}`)
      .send({ role: 'customs', name: `post ${i}` });
  }
});

afterAll(async () => {
  await gateway?.close();
  if (gateway) await dropDatabaseOf(gateway.config.mongodbUri);
});

const api = () => request(gateway.apiUrl);

function epix(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.resolve('bin/epix.js'), ...args],
      { env: { PATH: process.env.PATH, ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const verifyArgs = (...extra: string[]) => [
  'audit',
  'verify',
  '--mongodb-uri',
  gateway.config.mongodbUri,
  '--trust',
  caFile,
  '--country',
  'KE',
  ...extra,
];

/** Runs `fn` with the database as it is, then puts the audit rows and checkpoints back as they were. */
async function tampered(fn: () => Promise<void>): Promise<void> {
  const rows = await auditRows().find().toArray();
  const checkpoints = await checkpointRows().find().toArray();
  try {
    await fn();
  } finally {
    await auditRows().deleteMany({});
    await auditRows().insertMany(rows);
    await checkpointRows().deleteMany({});
    if (checkpoints.length) await checkpointRows().insertMany(checkpoints);
  }
}

let exported: string;

describe('signed checkpoints', () => {
  test('when an admin asks for a checkpoint, then the head is signed with our key; asking again answers the same one', async () => {
    const made = await api().post('/api/v1/audit/checkpoints').set('Authorization', `Bearer ${admin}`);
    expect(made.status).toBe(201);
    const tail = await auditRows().find().sort({ _id: -1 }).limit(1).toArray();
    expect(made.body).toMatchObject({ country: 'KE', seq: tail[0]!._id, headHash: tail[0]!.hash });
    const again = await api().post('/api/v1/audit/checkpoints').set('Authorization', `Bearer ${admin}`);
    expect([again.status, again.body.seq]).toEqual([200, made.body.seq]);

    const listed = await api().get('/api/v1/audit/checkpoints').set('Authorization', `Bearer ${auditor}`);
    expect(listed.body.items).toHaveLength(1);
    const xml = await api()
      .get(`/api/v1/audit/checkpoints/${made.body.seq}`)
      .set('Authorization', `Bearer ${auditor}`);
    expect(xml.type).toBe('application/xml');
    const facts = verifyCheckpoint(xml.text, {
      trust: TrustAnchors.from({ anchors: [readFileSync(caFile, 'utf8')] }),
      country: 'KE',
    });
    expect(facts).toMatchObject({ seq: made.body.seq, headHash: made.body.headHash });
    const missing = await api()
      .get('/api/v1/audit/checkpoints/999')
      .set('Authorization', `Bearer ${auditor}`);
    expect([missing.status, missing.body.error.code]).toEqual([404, 'AUDIT_CHECKPOINT_NOT_FOUND']);
    const byAuditor = await api().post('/api/v1/audit/checkpoints').set('Authorization', `Bearer ${auditor}`);
    expect(byAuditor.status).toBe(403);
  });

  test(
    'when `epix audit checkpoint` runs after more actions, then it writes the signed document and verify counts both checkpoints',
    async () => {
      await api()
        .post('/api/v1/tokens')
        .set('Authorization', `Bearer ${admin}`)
        .send({ role: 'auditor', name: 'late' });
      exported = path.join(work, 'checkpoint.xml');
      const made = await epix([
        'audit',
        'checkpoint',
        '--api',
        gateway.apiUrl,
        '--token',
        admin,
        '--out',
        exported,
      ]);
      expect(made).toMatchObject({ code: 0 });
      const head = (await auditRows().find().sort({ _id: -1 }).limit(1).toArray())[0]!;
      expect(readFileSync(exported, 'utf8')).toContain(`<HeadHash>${head.hash as string}</HeadHash>`);
      const result = await epix(verifyArgs('--checkpoint', exported));
      expect(result).toMatchObject({
        code: 0,
        stdout: `chain intact: ${head._id} entries; 3 signed checkpoint(s) match (latest at entry ${head._id})\n`,
      });
    },
    CLI_TIMEOUT,
  );
});

describe('epix audit verify against a database writer', () => {
  test(
    'when an entry is edited directly in the database, then AUDIT_CHAIN_BROKEN names that entry',
    () =>
      tampered(async () => {
        await auditRows().updateOne({ _id: 3 }, { $set: { actor: 'mallory' } });
        const result = await epix(verifyArgs());
        expect(result.code).toBe(1);
        expect(JSON.parse(result.stderr)).toMatchObject({
          code: 'AUDIT_CHAIN_BROKEN',
          seq: 3,
          reason: expect.stringMatching(/altered/),
        });
      }),
    CLI_TIMEOUT,
  );

  test(
    'when an entry is deleted from the middle, then AUDIT_CHAIN_BROKEN names the missing entry',
    () =>
      tampered(async () => {
        await auditRows().deleteOne({ _id: 4 });
        const result = await epix(verifyArgs());
        expect(result.code).toBe(1);
        expect(JSON.parse(result.stderr)).toMatchObject({
          code: 'AUDIT_CHAIN_BROKEN',
          seq: 4,
          reason: expect.stringMatching(/entry 4 is missing/),
        });
      }),
    CLI_TIMEOUT,
  );

  test(
    'when the tail is cut off (and the stored checkpoints too), then the exported checkpoint proves the tail existed',
    () =>
      tampered(async () => {
        const head = (await auditRows().find().sort({ _id: -1 }).limit(1).toArray())[0]!._id;
        await auditRows().deleteMany({ _id: { $gt: head - 2 } });
        // the chain alone still verifies: only the checkpoints expose the cut
        const stored = await epix(verifyArgs());
        expect(stored.code).toBe(1);
        expect(JSON.parse(stored.stderr)).toMatchObject({
          code: 'AUDIT_CHECKPOINT_MISMATCH',
          seq: head - 1,
          reason: expect.stringMatching(
            new RegExp(`log ends at entry ${head - 2}.*entries ${head - 1}-${head} were removed`),
          ),
        });
        await checkpointRows().deleteMany({});
        expect((await epix(verifyArgs())).code).toBe(0);
        const withFile = await epix(verifyArgs('--checkpoint', exported));
        expect(withFile.code).toBe(1);
        expect(JSON.parse(withFile.stderr)).toMatchObject({
          code: 'AUDIT_CHECKPOINT_MISMATCH',
          seq: head - 1,
        });
      }),
    CLI_TIMEOUT,
  );

  test(
    'when the history is rewritten and every hash recomputed, then the signed checkpoint exposes it',
    () =>
      tampered(async () => {
        const rows = (await auditRows().find().sort({ _id: 1 }).toArray()) as unknown as Array<
          { _id: number } & AuditEntry
        >;
        let prevHash = rows[0]!.hash;
        for (const row of rows.slice(1)) {
          const entry: AuditEntry = {
            ...row,
            seq: row._id,
            prevHash,
            ...(row._id === 2 && { actor: 'mallory' }),
          };
          const hash = hashAuditEntry(entry);
          await auditRows().updateOne({ _id: row._id }, { $set: { actor: entry.actor, prevHash, hash } });
          prevHash = hash;
        }
        const checkpointSeq = (await checkpointRows().find().sort({ _id: 1 }).limit(1).toArray())[0]!._id;
        const result = await epix(verifyArgs());
        expect(result.code).toBe(1);
        expect(JSON.parse(result.stderr)).toMatchObject({
          code: 'AUDIT_CHECKPOINT_MISMATCH',
          seq: checkpointSeq,
          reason: expect.stringMatching(/rewritten/),
        });
        // and the gateway refuses to sign the rewritten head
        const refused = await api().post('/api/v1/audit/checkpoints').set('Authorization', `Bearer ${admin}`);
        expect([refused.status, refused.body.error.code]).toEqual([500, 'AUDIT_CHAIN_BROKEN']);
      }),
    CLI_TIMEOUT,
  );

  test(
    "when a checkpoint signed with another country's key is planted in the database, then AUDIT_CHECKPOINT_INVALID",
    () =>
      tampered(async () => {
        const ch = (await testPki('CH')).pki;
        const forger = await XmlSigner.create({ keyPem: ch.signing.keyPem, certPem: ch.signing.certPem });
        const head = (await auditRows().find().sort({ _id: -1 }).limit(1).toArray())[0]!;
        const facts = { country: 'KE', seq: head._id + 5, headHash: 'a'.repeat(64), signedAt: new Date() };
        await checkpointRows().insertOne({
          _id: facts.seq,
          ...facts,
          signedXml: await forger.sign(toCheckpointXml(facts)),
        });
        const result = await epix(verifyArgs());
        expect(result.code).toBe(1);
        expect(JSON.parse(result.stderr)).toMatchObject({
          code: 'AUDIT_CHECKPOINT_INVALID',
          reason: expect.stringMatching(/CERT_UNTRUSTED/),
        });
      }),
    CLI_TIMEOUT,
  );

  test(
    "when a stored checkpoint's head hash is edited, then its signature no longer verifies: AUDIT_CHECKPOINT_INVALID",
    () =>
      tampered(async () => {
        const [first] = await checkpointRows().find().sort({ _id: 1 }).limit(1).toArray();
        const forged = (first!.signedXml as string).replace(
          /<HeadHash>[0-9a-f]+</,
          `<HeadHash>${'b'.repeat(64)}<`,
        );
        await checkpointRows().updateOne({ _id: first!._id }, { $set: { signedXml: forged } });
        const result = await epix(verifyArgs());
        expect(result.code).toBe(1);
        expect(JSON.parse(result.stderr)).toMatchObject({
          code: 'AUDIT_CHECKPOINT_INVALID',
          reason: expect.stringMatching(/SIGNATURE_INVALID/),
        });
      }),
    CLI_TIMEOUT,
  );
});

describe('periodic checkpoints', () => {
  test('when audit.checkpointIntervalMs is set and the head moves, then a second instance signs it without being asked', async () => {
    const periodic = new Gateway(
      { ...gateway.config, audit: { checkpointIntervalMs: 200 } },
      { logger: createSilentLogger() },
    );
    await periodic.start();
    try {
      await api()
        .post('/api/v1/tokens')
        .set('Authorization', `Bearer ${admin}`)
        .send({ role: 'auditor', name: 'moved' });
      const head = (await auditRows().find().sort({ _id: -1 }).limit(1).toArray())[0]!;
      const store = new MongoAuditCheckpointStore(gateway.mongo);
      const deadline = Date.now() + 10_000;
      while ((await store.latest())?.seq !== head._id && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      expect(await store.latest()).toMatchObject({ seq: head._id, headHash: head.hash });
    } finally {
      await periodic.close();
    }
  });
});

auditCheckpointStoreContract('mongodb', async () => {
  const db = await freshDatabase('checkpoints');
  const store = new MongoAuditCheckpointStore(db.connection);
  await store.init();
  return { store, cleanup: db.drop };
});
