/** `epix serve`: runs one country's gateway until SIGINT/SIGTERM. */
import type { Command } from 'commander';
import { loadConfig } from '../config/loader';
import { closeLogger, createLogger } from '../logging/logger';
import type { Gateway as GatewayClass } from '../main';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Run the gateway (internal API and mutual-TLS exchange endpoint)')
    .option('-c, --config <files...>', 'JSON config files (default: $EPIX_CONFIG, comma-separated)')
    .action(async (opts: { config?: string[] }) => {
      const config = loadConfig(opts.config ? { files: opts.config } : {});
      const logger = createLogger({ level: config.logLevel, country: config.country });
      // Loaded here, not at the top: every other `epix` command starts without loading the whole gateway.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { Gateway } = require('../main') as { Gateway: typeof GatewayClass };
      const gateway = new Gateway(config, { logger });
      await gateway.start();
      await new Promise<void>((resolve) => {
        const stop = (signal: string): void => {
          logger.info('stopping', { signal });
          resolve();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await gateway.close();
      await closeLogger(logger);
    });
}
