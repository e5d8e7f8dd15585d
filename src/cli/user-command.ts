/**
 * `epix user create|list`: console users, directly against the database (how the first administrator
 * is made). The password comes from a prompt or stdin, never from an argument.
 */
import type { Command } from 'commander';
import { loadConfig } from '../config/loader';
import { systemClock } from '../domain/ports';
import { createUser } from '../flows/create-user';
import { MongoAuditLog } from '../storage/mongo-audit-log';
import { connectMongo } from '../storage/mongo-connection';
import { MongoUserRepository } from '../storage/mongo-user-repository';
import { readPassword } from './read-password';

async function withUsers<T>(
  mongodbUri: string | undefined,
  fn: (users: MongoUserRepository, audit: MongoAuditLog) => Promise<T>,
): Promise<T> {
  const uri =
    mongodbUri ?? process.env.MONGODB_URI ?? process.env.EPIX_MONGODB_URI ?? loadConfig().mongodbUri;
  const connection = await connectMongo(uri);
  try {
    const users = new MongoUserRepository(connection);
    const audit = new MongoAuditLog(connection, systemClock);
    await Promise.all([users.init(), audit.init()]);
    return await fn(users, audit);
  } finally {
    await connection.close();
  }
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('People who sign in to the web console');
  user
    .command('create')
    .description('Create a console user; the password is read from a prompt, or from stdin when piped')
    .requiredOption('--role <role>', 'admin, issuer, customs or auditor (the API role the user acts with)')
    .requiredOption('--name <name>', 'the sign-in name')
    .option('--mongodb-uri <uri>', 'database (default: $MONGODB_URI or the configuration)')
    .action(async (opts: { role: string; name: string; mongodbUri?: string }) => {
      const password = await readPassword();
      const created = await withUsers(opts.mongodbUri, (users, audit) =>
        createUser(
          { users, audit, clock: systemClock },
          { role: opts.role, name: opts.name, password, createdBy: `cli:${process.env.USER ?? 'unknown'}` },
        ),
      );
      process.stdout.write(`${JSON.stringify({ id: created.id, name: created.name, role: created.role })}\n`);
    });
  user
    .command('list')
    .description('List console users (names and roles)')
    .option('--mongodb-uri <uri>', 'database (default: $MONGODB_URI or the configuration)')
    .action(async (opts: { mongodbUri?: string }) => {
      const list = await withUsers(opts.mongodbUri, (users) => users.list());
      process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    });
}
