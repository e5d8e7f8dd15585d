/** `epix config check|describe`. */
import type { Command } from 'commander';
import { loadOwnIdentity } from '../config/identity';
import { describeConfig, loadConfig } from '../config/loader';

export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('Inspect and check the configuration');
  config
    .command('check')
    .description(
      'Load the configuration (EPIX_CONFIG files + environment), check our certificates, print a summary',
    )
    .option('-c, --config <files...>', 'JSON config files (default: $EPIX_CONFIG, comma-separated)')
    .action((opts: { config?: string[] }) => {
      const loaded = loadConfig(opts.config ? { files: opts.config } : {});
      const identity = loadOwnIdentity(loaded, new Date());
      const summary = {
        country: loaded.country,
        exchange: `${loaded.exchange.host}:${loaded.exchange.port}`,
        api: `${loaded.api.host}:${loaded.api.port}`,
        signing: {
          subject: identity.signing.cert.subject.replace(/\n/g, ', '),
          validTo: identity.signing.cert.validTo,
        },
        tlsServer: {
          subject: identity.tlsServer.cert.subject.replace(/\n/g, ', '),
          validTo: identity.tlsServer.cert.validTo,
        },
        tlsClient: {
          subject: identity.tlsClient.cert.subject.replace(/\n/g, ', '),
          validTo: identity.tlsClient.cert.validTo,
        },
      };
      process.stdout.write(`${JSON.stringify({ ok: true, ...summary }, null, 2)}\n`);
    });
  config
    .command('describe')
    .description('List every configuration key with its environment variable and meaning')
    .action(() => {
      for (const { key, env, description } of describeConfig()) {
        process.stdout.write(`${key.padEnd(28)} ${env.padEnd(34)} ${description}\n`);
      }
    });
}
