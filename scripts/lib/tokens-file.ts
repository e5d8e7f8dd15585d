/**
 * The onboarding step's tokens, kept in a file readable by its owner only (mode 0600) instead of being
 * printed: a token in a log or a terminal scroll-back is a leaked credential.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

export const TOKENS_FILE_MODE = 0o600;

/** Writes `tokens` as JSON, owner read/write only (also when the file existed with a wider mode). */
export function writeTokensFile(file: string, tokens: unknown): void {
  writeFileSync(file, `${JSON.stringify(tokens, null, 2)}\n`, { mode: TOKENS_FILE_MODE });
  chmodSync(file, TOKENS_FILE_MODE); // writeFileSync keeps the mode of an existing file
}

/** The tokens of an earlier run, or undefined when there is no file yet. */
export function readTokensFile<T>(file: string): T | undefined {
  if (!existsSync(file)) return undefined;
  chmodSync(file, TOKENS_FILE_MODE);
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}
