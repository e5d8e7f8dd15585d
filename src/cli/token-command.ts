/**
 * `epix token create|list|revoke`: works directly against the database (how the first admin token is made).
 * Every change is audited like one made over the API, with the actor `cli:<user>`.
 */
import type { Command } from 'commander';
import { loadConfig } from '../config/loader';
import { configSchema } from '../config/schema';
import { tokenStatus, type TokenLifetimePolicy } from '../domain/auth/token-lifetime';
import { GatewayError } from '../domain/errors';
import { systemClock } from '../domain/ports';
import { auditTokenCreation } from '../flows/audit-token-creation';
import { auditTokenRevocation } from '../flows/audit-token-revocation';
import { createToken } from '../flows/create-token';
import { revokeToken } from '../flows/revoke-token';
import { MongoAuditLog } from '../storage/mongo-audit-log';
import { connectMongo } from '../storage/mongo-connection';
import { MongoTokenRepository } from '../storage/mongo-token-repository';

async function withTokens<T>(
  mongodbUri: string | undefined,
  fn: (tokens: MongoTokenRepository, audit: MongoAuditLog) => Promise<T>,
): Promise<T> {
  const uri = mongodbUri ?? loadConfigLoosely();
  const connection = await connectMongo(uri);
  try {
    const tokens = new MongoTokenRepository(connection);
    const audit = new MongoAuditLog(connection, systemClock);
    await Promise.all([tokens.init(), audit.init()]);
    return await fn(tokens, audit);
  } finally {
    await connection.close();
  }
}

/** Token commands need only the database URI, not a full gateway configuration. */
function loadConfigLoosely(): string {
  const uri = process.env.MONGODB_URI ?? process.env.EPIX_MONGODB_URI;
  return uri ?? loadConfig().mongodbUri;
}

/** The lifetime policy from the same variables the gateway reads (EPIX_TOKENS_*), else the defaults. */
function lifetimePolicy(env: NodeJS.ProcessEnv = process.env): TokenLifetimePolicy {
  const tokens = configSchema.shape.tokens.parse({
    ...(env.EPIX_TOKENS_DEFAULT_LIFETIME_DAYS && {
      defaultLifetimeDays: env.EPIX_TOKENS_DEFAULT_LIFETIME_DAYS,
    }),
    ...(env.EPIX_TOKENS_MAX_LIFETIME_DAYS && { maxLifetimeDays: env.EPIX_TOKENS_MAX_LIFETIME_DAYS }),
  });
  return { defaultDays: tokens.defaultLifetimeDays, maxDays: tokens.maxLifetimeDays };
}

function isoDate(value: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime()))
    throw new GatewayError('VALIDATION_FAILED', `--expires-at must be an ISO 8601 date-time (got ${value})`);
  return date;
}

const cliActor = (): string => `cli:${process.env.USER ?? 'unknown'}`;
const mongodbUriOption = [
  '--mongodb-uri <uri>',
  'database (default: $MONGODB_URI or the configuration)',
] as const;

export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('Bearer tokens of the internal API');
  token
    .command('create')
    .description('Create a token and print it once (only its hash is stored); it expires')
    .requiredOption('--role <role>', 'admin, issuer, customs or auditor')
    .requiredOption('--name <name>', 'who or what uses it (shown in the audit log)')
    .option('--expires-in <duration>', 'lifetime, e.g. 30d, 12h, 90m (default: tokens.defaultLifetimeDays)')
    .option('--expires-at <date>', 'expiry as an ISO 8601 date-time (instead of --expires-in)')
    .option(...mongodbUriOption)
    .action(
      async (opts: {
        role: string;
        name: string;
        expiresIn?: string;
        expiresAt?: string;
        mongodbUri?: string;
      }) => {
        const created = await withTokens(opts.mongodbUri, (tokens, audit) =>
          createToken(
            { tokens, clock: systemClock, lifetime: lifetimePolicy(), onCreated: auditTokenCreation(audit) },
            {
              role: opts.role,
              name: opts.name,
              createdBy: cliActor(),
              ...(opts.expiresIn !== undefined && { expiresIn: opts.expiresIn }),
              ...(opts.expiresAt !== undefined && { expiresAt: isoDate(opts.expiresAt) }),
            },
          ),
        );
        const { id, name, role, expiresAt } = created.record;
        process.stdout.write(`${JSON.stringify({ token: created.token, id, name, role, expiresAt })}\n`);
      },
    );
  token
    .command('list')
    .description('List tokens: name, role, creation, expiry, last use, status (never the secrets)')
    .option(...mongodbUriOption)
    .action(async (opts: { mongodbUri?: string }) => {
      const list = await withTokens(opts.mongodbUri, (tokens) => tokens.list());
      const now = systemClock.now();
      const shown = list.map((t) => ({ ...t, status: tokenStatus(t, now) }));
      process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    });
  token
    .command('revoke')
    .description('Revoke a token: every instance refuses it within a second')
    .requiredOption('--id <id>', 'the token id (from `epix token list`)')
    .option(...mongodbUriOption)
    .action(async (opts: { id: string; mongodbUri?: string }) => {
      const revoked = await withTokens(opts.mongodbUri, (tokens, audit) =>
        revokeToken(
          { tokens, clock: systemClock, onRevoked: auditTokenRevocation(audit) },
          { id: opts.id, revokedBy: cliActor() },
        ),
      );
      process.stdout.write(`${JSON.stringify(revoked)}\n`);
    });
}
