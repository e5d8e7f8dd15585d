/** Runs `epix permit ...` in process (the same commander wiring as bin/epix.js) and captures its output. */
import { Command, CommanderError } from 'commander';
import { registerPermitCommands } from '../../../../src/cli/permit-command';
import { isGatewayError } from '../../../../src/domain/errors';

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** `args` follow `epix permit`; errors are reported the way src/cli/main.ts reports them. */
export async function runPermitCli(args: readonly string[]): Promise<CliRun> {
  const program = new Command('epix').exitOverride();
  registerPermitCommands(program);
  program.commands.forEach((c) => c.exitOverride().commands.forEach((s) => s.exitOverride()));
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  });
  const previous = process.exitCode;
  process.exitCode = undefined;
  let exitCode: number;
  try {
    await program.parseAsync(['permit', ...args], { from: 'user' });
    exitCode = process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) exitCode = error.exitCode;
    else if (isGatewayError(error)) {
      stderr += `${JSON.stringify({ code: error.code, message: error.message })}\n`;
      exitCode = 1;
    } else throw error;
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = previous;
  }
  return { exitCode, stdout, stderr };
}
