/**
 * `epix audit ...`:
 *  - verify: reads the audit log and its signed checkpoints straight from the database (plus checkpoint
 *    files an auditor kept, `--checkpoint FILE`), checks the hash chain and every checkpoint. Exit 0 and
 *    "chain intact: N entries[; K signed checkpoints match ...]", or exit 1 and
 *    {"code":"AUDIT_CHAIN_BROKEN"|"AUDIT_CHECKPOINT_MISMATCH"|"AUDIT_CHECKPOINT_INVALID","seq":..,"reason":..}
 *    naming the first entry that no longer matches.
 *  - checkpoint: asks the gateway (API, admin token) to sign the current head; prints or writes the document.
 *  - export --seq N: writes the signed checkpoint document at entry N (admin or auditor token).
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { loadConfig } from '../config/loader';
import type { GatewayConfig } from '../config/schema';
import { GatewayError } from '../domain/errors';
import { TrustAnchors } from '../domain/pki/trust-anchors';
import { systemClock } from '../domain/ports';
import {
  verifyAuditTrail,
  verifyCheckpointDocuments,
  type AuditTrailResult,
  type CheckpointDocument,
} from '../flows/verify-audit-trail';
import { MongoAuditCheckpointStore } from '../storage/mongo-audit-checkpoint-store';
import { MongoAuditLog } from '../storage/mongo-audit-log';
import { connectMongo } from '../storage/mongo-connection';
import { apiTarget, type ApiOptions } from './api-client';

/** The gateway configuration when one is given ($EPIX_CONFIG ...), else undefined: options fill in. */
function configIfAny(): GatewayConfig | undefined {
  try {
    return loadConfig();
  } catch {
    return undefined;
  }
}

/** The database URI: the option, $MONGODB_URI / $EPIX_MONGODB_URI, or the gateway configuration. */
function mongodbUriOf(option: string | undefined): string {
  return option ?? process.env.MONGODB_URI ?? process.env.EPIX_MONGODB_URI ?? loadConfig().mongodbUri;
}

interface VerifyOptions {
  mongodbUri?: string;
  trust?: string;
  country?: string;
  checkpoint: string[];
}

/** Whose signatures checkpoints must carry: --trust/--country, else the configuration's signing chain. */
async function checkpointTrust(opts: VerifyOptions): Promise<{ trust: TrustAnchors; country: string }> {
  const config = opts.trust && opts.country ? undefined : configIfAny();
  const trustFile = opts.trust ?? config?.signing.chainFile;
  const country = opts.country ?? config?.country;
  if (!trustFile || !country) {
    throw new GatewayError(
      'VALIDATION_FAILED',
      'checkpoints are signed: give --trust CA.pem and --country CC (or a configuration with signing.chainFile)',
    );
  }
  return {
    trust: TrustAnchors.from({ anchors: [await readFile(trustFile, 'utf8')] }),
    country: country.toUpperCase(),
  };
}

async function verifyTrail(opts: VerifyOptions): Promise<AuditTrailResult> {
  const connection = await connectMongo(mongodbUriOf(opts.mongodbUri));
  try {
    const stored = await new MongoAuditCheckpointStore(connection).list();
    const documents: CheckpointDocument[] = [
      ...stored.map((c) => ({ source: `${c.seq} (database)`, signedXml: c.signedXml })),
      ...(await Promise.all(
        opts.checkpoint.map(async (file) => ({ source: file, signedXml: await readFile(file, 'utf8') })),
      )),
    ];
    let facts: Parameters<typeof verifyAuditTrail>[1] = [];
    if (documents.length) {
      const checked = verifyCheckpointDocuments(documents, await checkpointTrust(opts));
      if (!checked.ok) return checked;
      facts = checked.facts;
    }
    return await verifyAuditTrail(new MongoAuditLog(connection, systemClock), facts);
  } finally {
    await connection.close();
  }
}

function report(result: AuditTrailResult): void {
  if (result.ok) {
    const checkpoints = result.checkpoints
      ? `; ${result.checkpoints} signed checkpoint(s) match (latest at entry ${result.latestCheckpoint})`
      : '';
    process.stdout.write(`chain intact: ${result.entries} entries${checkpoints}\n`);
    return;
  }
  process.stderr.write(
    `${JSON.stringify({ code: result.code, seq: result.brokenAt, reason: result.reason, intactEntries: result.entries })}\n`,
  );
  process.exitCode = 1;
}

async function fetchApi(opts: ApiOptions, method: 'GET' | 'POST', path: string): Promise<Response> {
  const target = apiTarget(opts);
  const response = await fetch(`${target.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${target.token}` },
    signal: AbortSignal.timeout(60_000),
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
    throw new GatewayError(
      body.error?.code === 'AUDIT_CHECKPOINT_NOT_FOUND' ? 'AUDIT_CHECKPOINT_NOT_FOUND' : 'VALIDATION_FAILED',
      `${method} ${path}: ${response.status} ${body.error?.code ?? ''} ${body.error?.message ?? ''}`.trim(),
    );
  }
  return response;
}

async function exportCheckpoint(opts: ApiOptions & { out?: string }, seq: number): Promise<void> {
  const xml = await (await fetchApi(opts, 'GET', `/audit/checkpoints/${seq}`)).text();
  if (opts.out) await writeFile(opts.out, xml);
  else process.stdout.write(`${xml}\n`);
}

function withApi(command: Command): Command {
  return command
    .option('--api <url>', 'internal API base URL (default: $EPIX_API_URL)')
    .option('--token <token>', 'bearer token (default: $EPIX_TOKEN)')
    .option('--out <file>', 'write the signed checkpoint document here (default: standard output)');
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('The audit log of actor actions');
  audit
    .command('verify')
    .description(
      'Check the hash chain and every signed checkpoint (edited, deleted, rewritten or cut-off entries)',
    )
    .option('--mongodb-uri <uri>', 'database (default: $MONGODB_URI or the configuration)')
    .option(
      '--trust <file>',
      'PEM CA certificate(s) the checkpoint signer chains to (default: signing.chainFile)',
    )
    .option(
      '--country <code>',
      'the country whose gateway signed the checkpoints (default: the configuration)',
    )
    .option(
      '--checkpoint <file>',
      'a checkpoint document kept outside the database (repeatable)',
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .action(async (opts: VerifyOptions) => {
      report(await verifyTrail(opts));
    });
  withApi(
    audit.command('checkpoint').description('Sign the current head of the audit chain now (admin token)'),
  ).action(async (opts: ApiOptions & { out?: string }) => {
    const made = (await (await fetchApi(opts, 'POST', '/audit/checkpoints')).json()) as { seq: number };
    await exportCheckpoint(opts, made.seq);
  });
  withApi(
    audit.command('export').description('Write the signed checkpoint at entry N (admin or auditor token)'),
  )
    .requiredOption('--seq <n>', "the checkpoint's entry number (GET /api/v1/audit/checkpoints lists them)")
    .action(async (opts: ApiOptions & { out?: string; seq: string }) => {
      await exportCheckpoint(opts, Number(opts.seq));
    });
}
