import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readTokensFile, writeTokensFile } from '../../../scripts/lib/tokens-file';

describe('the onboarding tokens file', () => {
  test('when tokens are written, then the file is readable by its owner only, even if it existed world-readable', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'epix-tokens-')), 'tokens.json');
    writeFileSync(file, '{}', { mode: 0o644 });
    writeTokensFile(file, { KE: { admin: 'epx_secret' } });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readTokensFile(file)).toEqual({ KE: { admin: 'epx_secret' } });
  });

  test('when an earlier file is read back with a wider mode, then it is narrowed to the owner again', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'epix-tokens-')), 'tokens.json');
    writeFileSync(file, '{"CH":{}}', { mode: 0o664 });
    expect(readTokensFile(file)).toEqual({ CH: {} });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readTokensFile(path.join(path.dirname(file), 'none.json'))).toBeUndefined();
  });
});
