/** The `epix` command: one sub-command group per file, registered here. */
import { Command, CommanderError } from 'commander';
import { isGatewayError } from '../domain/errors';
import { registerAuditCommands } from './audit-command';
import { registerConfigCommands } from './config-command';
import { registerPermitCommands } from './permit-command';
import { registerPartnerCommands } from './partner-command';
import { registerPkiCommands } from './pki-command';
import { registerReportCommands } from './report-command';
import { registerRiskCommands } from './risk-command';
import { registerServeCommand } from './serve-command';
import { registerTokenCommands } from './token-command';
import { registerUserCommands } from './user-command';
import { registerVerifyCommand } from './verify-command';

export function buildProgram(): Command {
  const program = new Command('epix')
    .description('EPIX-style gateway for exchanging signed electronic CITES permits')
    .showHelpAfterError()
    .exitOverride();
  registerServeCommand(program);
  registerConfigCommands(program);
  registerPkiCommands(program);
  registerPermitCommands(program);
  registerTokenCommands(program);
  registerUserCommands(program);
  registerPartnerCommands(program);
  registerAuditCommands(program);
  registerVerifyCommand(program);
  registerReportCommands(program);
  registerRiskCommands(program);
  return program;
}

export async function run(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' });
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (isGatewayError(error)) {
      process.stderr.write(`${JSON.stringify({ code: error.code, message: error.message })}\n`);
      return 1;
    }
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    return 2;
  }
}

// `node dist/src/cli/main.js ...`; bin/epix.js (the installed `epix`) calls run() itself
if (require.main === module) {
  void run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
