/**
 * Where things are, whether a script runs from its TypeScript source or compiled under dist/: the repository
 * root is the nearest folder above this file that holds package.json.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'bin', 'epix.js')))
      return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no repository root (package.json + bin/epix.js) above ${start}`);
    dir = parent;
  }
}

/** The repository root (holds package.json, bin/, scripts/, .run/). */
export const REPO_ROOT = findRoot(__dirname);

/** The `epix` command's entry point (runs the compiled dist/). */
export const EPIX_BIN = path.join(REPO_ROOT, 'bin', 'epix.js');

/** Folder for run-time state of the demo, benches and drills (git-ignored). */
export function runDir(name: string): string {
  return path.join(REPO_ROOT, '.run', name);
}

/**
 * Six hex digits that name this checkout: the demo's, benches' and drills' databases and broker names carry
 * it, so two checkouts on one machine (a second clone, a git worktree) sharing RabbitMQ or the database
 * never clean or consume each other's queues and collections.
 */
export const CHECKOUT_TAG = createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 6);
