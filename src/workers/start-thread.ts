/**
 * Starts a worker thread on one of our modules. Built, the module is JavaScript and runs as is; run from the
 * sources (the tests, through swc), the entry is TypeScript, and the thread compiles it the way jest does
 * (@swc/core behind a require hook): the same code runs in both, no build step needed before a test.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export function startThread(entry: string, workerData: unknown): Worker {
  if (!entry.endsWith('.ts')) return new Worker(entry, { workerData });
  const bootstrap = `
    const load = require('node:module').createRequire(${JSON.stringify(entry)});
    const { transformSync } = load('@swc/core');
    load('pirates').addHook(
      (code, filename) => transformSync(code, {
        filename,
        jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
        module: { type: 'commonjs' },
      }).code,
      { exts: ['.ts'] },
    );
    load(${JSON.stringify(entry)});
  `;
  return new Worker(bootstrap, { eval: true, workerData });
}

/** A module beside `file` (this module's own extension: .js when built, .ts from the sources). */
export function siblingModule(file: string, name: string): string {
  const extension = file.endsWith('.ts') ? '.ts' : '.js';
  return createRequire(file).resolve(`./${name}${extension}`);
}
