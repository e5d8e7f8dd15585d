/** `epix token create|list`: works directly against the database (how the first admin token is made). */
import type { Command } from 'commander';
import { loadConfig } from '../config/loader';
import { systemClock } from '../domain/ports';
import { auditTokenCreation } from '../flows/audit-token-creation';
import { createToken } from '../flows/create-token';
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

export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('Bearer tokens of the internal API');
  token
    .command('create')
    .description('Create a token and print it once (only its hash is stored)')
    .requiredOption('--role <role>', 'admin, issuer, customs or auditor')
    .requiredOption('--name <name>', 'who or what uses it (shown in the audit log)')
    .option('--mongodb-uri <uri>', 'database (default: $MONGODB_URI or the configuration)')
    .action(async (opts: { role: string; name: string; mongodbUri?: string }) => {
      // Tokens made here are audited like those made over the API (actor cli:<user>).
      const created = await withTokens(opts.mongodbUri, (tokens, audit) =>
        createToken(
          { tokens, clock: systemClock, onCreated: auditTokenCreation(audit) },
          { role: opts.role, name: opts.name, createdBy: `cli:${process.env.USER ?? 'unknown'}` },
        ),
      );
      process.stdout.write(
        `${JSON.stringify({ token: created.token, id: created.record.id, name: created.record.name, role: created.record.role })}\n`,
      );
    });
  token
    .command('list')
    .description('List tokens (names and roles, never the secrets)')
    .option('--mongodb-uri <uri>', 'database (default: $MONGODB_URI or the configuration)')
    .action(async (opts: { mongodbUri?: string }) => {
      const list = await withTokens(opts.mongodbUri, (tokens) => tokens.list());
      process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    });
}
