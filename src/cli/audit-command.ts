/**
 * `epix audit verify`: reads the audit log straight from the database and checks its hash chain.
 * Exit 0 and "chain intact: N entries", or exit 1 and {"code":"AUDIT_CHAIN_BROKEN","seq":..,"reason":..}.
 */
import type { Command } from 'commander';
import { loadConfig } from '../config/loader';
import { systemClock } from '../domain/ports';
import { verifyAuditChain } from '../flows/verify-audit-chain';
import { MongoAuditLog } from '../storage/mongo-audit-log';
import { connectMongo } from '../storage/mongo-connection';

/** The database URI: the option, $MONGODB_URI / $EPIX_MONGODB_URI, or the gateway configuration. */
function mongodbUriOf(option: string | undefined): string {
  return option ?? process.env.MONGODB_URI ?? process.env.EPIX_MONGODB_URI ?? loadConfig().mongodbUri;
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('The audit log of administrative actions');
  audit
    .command('verify')
    .description('Check the hash chain of the audit log (detects deleted or altered entries)')
    .option('--mongodb-uri <uri>', 'database (default: $MONGODB_URI or the configuration)')
    .action(async (opts: { mongodbUri?: string }) => {
      const connection = await connectMongo(mongodbUriOf(opts.mongodbUri));
      try {
        const result = await verifyAuditChain(new MongoAuditLog(connection, systemClock));
        if (result.ok) {
          process.stdout.write(`chain intact: ${result.entries} entries\n`);
          return;
        }
        process.stderr.write(
          `${JSON.stringify({ code: 'AUDIT_CHAIN_BROKEN', seq: result.brokenAt, reason: result.reason, intactEntries: result.entries })}\n`,
        );
        process.exitCode = 1;
      } finally {
        await connection.close();
      }
    });
}
