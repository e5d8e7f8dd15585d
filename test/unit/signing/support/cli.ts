/** Runs `epix permit ...` in process (the same commander wiring as bin/epix.js) and captures its output. */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
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

const ROOT = path.resolve(__dirname, '../../../..');

/**
 * Runs the real entry point (`node bin/epix.js`, which runs dist/) after refreshing the build when dist/ is
 * missing or older than the sources under src/ (tsc still emits when another part of the tree has a type error).
 * `entry` is another path to bin/epix.js, such as the symlink npm installs as node_modules/.bin/epix.
 */
export function runEpixBinary(
  args: readonly string[],
  entry = path.join(ROOT, 'bin/epix.js'),
): Promise<CliRun> {
  ensureBuilt();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [entry, ...args],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({ exitCode: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

let built = false;

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(
      newest,
      entry.isDirectory() ? newestSource(full) : entry.name.endsWith('.ts') ? statSync(full).mtimeMs : 0,
    );
  }
  return newest;
}

function ensureBuilt(): void {
  if (built) return;
  built = true;
  const main = path.join(ROOT, 'dist/src/cli/main.js');
  if (existsSync(main) && statSync(main).mtimeMs >= newestSource(path.join(ROOT, 'src'))) return;
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
  } catch {
    // Type errors elsewhere in the tree do not stop tsc from emitting.
  }
}
