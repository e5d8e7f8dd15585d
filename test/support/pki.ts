/** Test PKI written to a temporary folder, generated once per test file and country. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeCountryPki } from '../../src/cli/pki-command';
import { createCountryPki, type CountryPki, type KeyType } from '../../src/domain/pki/dev-pki';

export interface PkiFiles {
  dir: string;
  pki: CountryPki;
  files: Record<string, string>;
}

const cache = new Map<string, Promise<PkiFiles>>();

/** Development PKI for `country`, valid from an hour ago for a year (TLS checks use the real time). */
export function testPki(country: string, keyType: KeyType = 'rsa'): Promise<PkiFiles> {
  const key = `${country}:${keyType}`;
  let entry = cache.get(key);
  if (!entry) {
    entry = (async () => {
      const dir = path.join(mkdtempSync(path.join(tmpdir(), 'epix-pki-')), country);
      const pki = await createCountryPki({
        country,
        keyType,
        notBefore: new Date(Date.now() - 3_600_000),
        validDays: 365,
      });
      return { dir, pki, files: await writeCountryPki(pki, dir) };
    })();
    cache.set(key, entry);
  }
  return entry;
}
