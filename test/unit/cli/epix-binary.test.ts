/** The installed `epix` command: npm links bin/epix.js as node_modules/.bin/epix, and `npx epix` runs that link. */
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runEpixBinary } from '../signing/support/cli';

const ROOT = path.resolve(__dirname, '../../..');

describe('the epix binary', () => {
  let dir: string;
  let link: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'epix-bin-'));
    link = path.join(dir, 'epix');
    symlinkSync(path.join(ROOT, 'bin/epix.js'), link);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('when run through the symlink npm installs (as npx does) with --help, then it lists every command and exits 0', async () => {
    const run = await runEpixBinary(['--help'], link);

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('Usage: epix');
    for (const command of ['serve', 'config', 'pki', 'permit', 'token', 'partner', 'audit', 'verify']) {
      expect(run.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    }
  });

  it('when run through the symlink with an unknown command, then it says so on stderr and exits 1', async () => {
    const run = await runEpixBinary(['no-such-command'], link);

    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("unknown command 'no-such-command'");
  });
});
