/**
 * The audit log against a started gateway and the real database: admin actions append hash-chained
 * entries, GET /api/v1/audit pages through them, concurrent appends from two connections keep the chain,
 * and `epix audit verify` detects an entry deleted or altered directly in MongoDB.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { hashAuditEntry } from '../../src/domain/audit/audit-entry';
import { systemClock } from '../../src/domain/ports';
import { createToken } from '../../src/flows/create-token';
import { verifyAuditChain } from '../../src/flows/verify-audit-chain';
import { createSilentLogger } from '../../src/logging/logger';
import { Gateway } from '../../src/main';
import { MongoAuditLog } from '../../src/storage/mongo-audit-log';
import { connectMongo } from '../../src/storage/mongo-connection';
import { MongoTokenRepository } from '../../src/storage/mongo-token-repository';
import { auditLogContract } from '../contract/audit-log.contract';
import { testGatewayConfig } from '../support/gateway';
import { dropDatabaseOf, freshDatabase } from '../support/services';
import { DAY, makeCa } from '../unit/partners/support/test-certificates';

let gateway: Gateway;
let admin: string;
let auditor: string;
let issuer: string;

beforeAll(async () => {
  gateway = new Gateway(await testGatewayConfig('KE'), { logger: createSilentLogger() });
  await gateway.start();
  const repo = new MongoTokenRepository(gateway.mongo);
  const make = async (role: string, name: string): Promise<string> =>
    (await createToken({ tokens: repo, clock: systemClock }, { role, name, createdBy: 'setup' })).token;
  admin = await make('admin', 'test admin');
  auditor = await make('auditor', 'test auditor');
  issuer = await make('issuer', 'test issuer');
});

afterAll(async () => {
  await gateway?.close();
  if (gateway) await dropDatabaseOf(gateway.config.mongodbUri);
});

const api = (): ReturnType<typeof request> => request(gateway.apiUrl);
const collection = () => gateway.mongo.db!.collection<{ _id: number } & Record<string, unknown>>('audit_log');

function verifyCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.resolve('bin/epix.js'), 'audit', 'verify', ...args],
      { env: { PATH: process.env.PATH, ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('audit entries of admin actions', () => {
  test('when an admin creates a token, adds and changes a partner, adds and revokes a certificate, then each is in the audit log in order', async () => {
    const token = await api()
      .post('/api/v1/tokens')
      .set('Authorization', `Bearer ${admin}`)
      .send({ role: 'auditor', name: 'audit office' });
    expect(token.status).toBe(201);
    expect(
      (
        await api()
          .post('/api/v1/partners')
          .set('Authorization', `Bearer ${admin}`)
          .send({ code: 'CH', name: 'Swiss FSVO', endpointUrl: 'https://gw.ch.example' })
      ).status,
    ).toBe(201);
    await api().patch('/api/v1/partners/CH').set('Authorization', `Bearer ${admin}`).send({ name: 'FSVO' });
    const ca = await makeCa('CH', new Date(Date.now() - DAY));
    await api()
      .post('/api/v1/partners/CH/certificates')
      .set('Authorization', `Bearer ${admin}`)
      .send({ role: 'tls-ca', pem: ca.pem });
    await api()
      .delete(`/api/v1/partners/CH/certificates/${ca.fingerprint}`)
      .set('Authorization', `Bearer ${admin}`);

    const res = await api().get('/api/v1/audit').set('Authorization', `Bearer ${auditor}`);
    expect(res.status).toBe(200);
    const items = res.body.items as Array<Record<string, unknown>>;
    expect(items.map((e) => [e.seq, e.actor, e.action, e.target])).toEqual([
      [1, 'test admin', 'token.created', `token:${token.body.id}`],
      [2, 'test admin', 'partner.created', 'partner:CH'],
      [3, 'test admin', 'partner.updated', 'partner:CH'],
      [4, 'test admin', 'certificate.added', `partner:CH/certificate:tls-ca:${ca.fingerprint}`],
      [5, 'test admin', 'certificate.revoked', `partner:CH/certificate:tls-ca:${ca.fingerprint}`],
    ]);
    expect(items[0]!.after).toMatchObject({ name: 'audit office', role: 'auditor' });
    expect(JSON.stringify(items[0])).not.toContain('epx_');
    expect(items[2]).toMatchObject({ before: { name: 'Swiss FSVO' }, after: { name: 'FSVO' } });
    expect(items[4]).toMatchObject({
      before: { revoked: false },
      after: { revoked: true, revokedBy: 'test admin' },
    });
    expect(JSON.stringify(items)).not.toContain('BEGIN CERTIFICATE');
    expect(items[1]!.prevHash).toBe(items[0]!.hash);
    expect(res.body.next).toBeNull();
    expect(await verifyAuditChain(gateway.audit)).toMatchObject({ ok: true, entries: 5 });
  });

  test('when paging, then after/limit walk the log and next is the cursor of the following page', async () => {
    const first = await api().get('/api/v1/audit?limit=2').set('Authorization', `Bearer ${admin}`);
    expect(first.body.items.map((e: { seq: number }) => e.seq)).toEqual([1, 2]);
    expect(first.body.next).toBe(2);
    const second = await api()
      .get(`/api/v1/audit?after=${first.body.next}&limit=2`)
      .set('Authorization', `Bearer ${admin}`);
    expect(second.body.items.map((e: { seq: number }) => e.seq)).toEqual([3, 4]);
    for (const bad of ['limit=0', 'limit=5000', 'after=-1', 'after=x', 'foo=1']) {
      const res = await api().get(`/api/v1/audit?${bad}`).set('Authorization', `Bearer ${admin}`);
      expect([bad, res.status, res.body.error.code]).toEqual([bad, 400, 'VALIDATION_FAILED']);
    }
  });

  test('when an issuer asks for the audit log, then 403 FORBIDDEN', async () => {
    const res = await api().get('/api/v1/audit').set('Authorization', `Bearer ${issuer}`);
    expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });

  test('when two connections (two instances) append at the same time, then every entry gets its own seq and the chain holds', async () => {
    const second = await connectMongo(gateway.config.mongodbUri);
    try {
      const logs = [gateway.audit, new MongoAuditLog(second, systemClock)];
      const before = (await verifyAuditChain(gateway.audit)).entries;
      const appended = await Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          logs[i % 2]!.append({
            actor: `instance ${i % 2}`,
            action: 'partner.updated',
            target: 'partner:CH',
            before: { i },
            after: { i: i + 1 },
          }),
        ),
      );
      expect(new Set(appended.map((e) => e.seq)).size).toBe(16);
      expect(await verifyAuditChain(gateway.audit)).toMatchObject({ ok: true, entries: before + 16 });
    } finally {
      await second.close();
    }
  });
});

describe('tokens made with the CLI', () => {
  test('when `epix token create` makes a token directly in the database, then it is audited too, without the secret', async () => {
    const printed = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        [
          path.resolve('bin/epix.js'),
          'token',
          'create',
          '--role',
          'customs',
          '--name',
          'border post 7',
          '--mongodb-uri',
          gateway.config.mongodbUri,
        ],
        { env: { PATH: process.env.PATH, USER: 'ops' } },
        (error, stdout) => (error ? reject(new Error(error.message)) : resolve(stdout)),
      );
    });
    const created = JSON.parse(printed) as { id: string; token: string };
    const all = await gateway.audit.page({ after: 0, limit: 1000 });
    const entry = all.find((e) => e.target === `token:${created.id}`);
    expect(entry).toMatchObject({
      actor: 'cli:ops',
      action: 'token.created',
      after: { name: 'border post 7', role: 'customs' },
    });
    expect(JSON.stringify(all)).not.toContain(created.token);
  }, 120_000);
});

describe('epix audit verify', () => {
  const CLI_TIMEOUT = 120_000;

  test(
    'when the chain is intact, then it exits 0 with the entry count',
    async () => {
      const entries = (await verifyAuditChain(gateway.audit)).entries;
      const result = await verifyCli(['--mongodb-uri', gateway.config.mongodbUri]);
      expect(result).toMatchObject({ code: 0, stdout: `chain intact: ${entries} entries\n` });
    },
    CLI_TIMEOUT,
  );

  test(
    'when an entry is deleted in MongoDB, then it exits 1 with AUDIT_CHAIN_BROKEN at that seq',
    async () => {
      const removed = await collection().findOne({ _id: 3 });
      await collection().deleteOne({ _id: 3 });
      try {
        const result = await verifyCli([], { MONGODB_URI: gateway.config.mongodbUri });
        expect(result.code).toBe(1);
        expect(JSON.parse(result.stderr)).toMatchObject({
          code: 'AUDIT_CHAIN_BROKEN',
          seq: 3,
          reason: expect.stringMatching(/entry 3 is missing/) as unknown,
        });
      } finally {
        await collection().insertOne(removed!);
      }
      expect((await verifyAuditChain(gateway.audit)).ok).toBe(true);
    },
    CLI_TIMEOUT,
  );

  test(
    'when an entry is altered in MongoDB, then it exits 1 naming the altered entry',
    async () => {
      const original = await collection().findOne({ _id: 4 });
      await collection().updateOne({ _id: 4 }, { $set: { actor: 'mallory' } });
      try {
        const result = await verifyCli(['--mongodb-uri', gateway.config.mongodbUri]);
        expect(result.code).toBe(1);
        expect(JSON.parse(result.stderr)).toMatchObject({
          code: 'AUDIT_CHAIN_BROKEN',
          seq: 4,
          reason: expect.stringMatching(/altered/) as unknown,
        });
      } finally {
        await collection().updateOne({ _id: 4 }, { $set: { actor: original!.actor } });
      }
    },
    CLI_TIMEOUT,
  );

  test('when an altered entry is re-hashed to hide it, then the next entry exposes it', async () => {
    const original = await collection().findOne({ _id: 2 });
    const entries = await gateway.audit.page({ after: 1, limit: 1 });
    const forged = { ...entries[0]!, after: { code: 'CH', name: 'forged' } };
    await collection().updateOne({ _id: 2 }, { $set: { after: forged.after, hash: hashAuditEntry(forged) } });
    try {
      expect(await verifyAuditChain(gateway.audit)).toMatchObject({ ok: false, brokenAt: 3 });
    } finally {
      await collection().replaceOne({ _id: 2 }, original!);
    }
    expect((await verifyAuditChain(gateway.audit)).ok).toBe(true);
  });
});

auditLogContract('MongoDB', async () => {
  const { connection, drop } = await freshDatabase('audit-contract');
  const log = new MongoAuditLog(connection, systemClock);
  await log.init();
  return { log, cleanup: drop };
});
