/**
 * `epix permit import` and `epix permit to-xml` through the real entry point (`node bin/epix.js`, which runs
 * dist/). The build is refreshed first when dist/ is missing or older than the sources these commands use.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importPermit } from '../../../src/domain/xml/permit-import';
import { samplePermit } from '../../support/permits';

const ROOT = path.resolve(__dirname, '../../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/epix');
const SOURCES = [
  'src/cli/main.ts',
  'src/cli/permit-command.ts',
  'src/domain/permit/permit.ts',
  'src/domain/xml/permit-xml.ts',
  'src/domain/xml/permit-import.ts',
  'src/domain/xml/schema-validator.ts',
];

function ensureBuilt(): void {
  const built = path.join(ROOT, 'dist/src/cli/main.js');
  const stale =
    !existsSync(built) ||
    SOURCES.some((file) => {
      const compiled = path.join(ROOT, 'dist', file.replace(/\.ts$/, '.js'));
      return !existsSync(compiled) || statSync(compiled).mtimeMs < statSync(path.join(ROOT, file)).mtimeMs;
    });
  if (!stale) return;
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
  } catch {
    // tsc still emits when another part of the tree has a type error; the checks below need only our files.
  }
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function epix(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'bin/epix.js'), ...args],
      { cwd: ROOT },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

const dir = mkdtempSync(path.join(tmpdir(), 'epix-permit-cli-'));
const file = (name: string, content: string) => {
  const target = path.join(dir, name);
  writeFileSync(target, content);
  return target;
};

beforeAll(ensureBuilt, 180_000);

describe('epix permit import / to-xml', () => {
  test('when the EPIX v1 instance (real countries) is imported, then the permit JSON is printed', async () => {
    const v1 = readFileSync(path.join(FIXTURES, 'v1-get-non-final-cites-certificate.xml'), 'utf8')
      .replace(/>XA</g, '>CH<')
      .replace(/>XB</g, '>FR<')
      .replace(/>XC</g, '>TH<');
    const run = await epix('permit', 'import', file('v1.xml', v1));
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const permit = JSON.parse(run.stdout) as ReturnType<typeof samplePermit>;
    expect(permit).toMatchObject({ permitNumber: 'XA000000', type: 'R', issuingCountry: 'CH' });
    expect(permit.lines.map((l) => [l.scientificName, l.quantity, l.unit])).toEqual([
      ['Alligator mississippiensis', 5, 'PCS'],
      ['Crocodylus siamensis', 10, 'PCS'],
    ]);
  });

  test('when the EPIX v1 and v2 instances are imported as published, then both print the same permit', async () => {
    const v1 = await epix('permit', 'import', path.join(FIXTURES, 'v1-get-non-final-cites-certificate.xml'));
    const v2 = await epix('permit', 'import', path.join(FIXTURES, 'v2-get-non-final-cites-certificate.xml'));
    expect(v1).toMatchObject({ code: 0, stderr: '' });
    expect(v2).toMatchObject({ code: 0, stderr: '' });
    const permit = JSON.parse(v2.stdout) as {
      permitNumber: string;
      issuingCountry: string;
      importer: { address: { country: string } };
    };
    expect(permit).toMatchObject({
      permitNumber: 'XA000000',
      issuingCountry: 'XA',
      importer: { address: { country: 'XB' } },
    });
    expect(JSON.parse(v1.stdout)).toEqual(permit);
  });

  test('when the document is not a permit at all, then exit 1 with PERMIT_UNRECOGNISED', async () => {
    const run = await epix('permit', 'import', file('other.xml', '<Envelope><Body/></Envelope>'));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect((JSON.parse(run.stderr) as { code: string }).code).toBe('PERMIT_UNRECOGNISED');
  });

  test('when permit JSON is turned into XML, then the printed document imports back to the same permit', async () => {
    const run = await epix('permit', 'to-xml', file('permit.json', JSON.stringify(samplePermit())));
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<rsm:CITESEPermit')).toBe(true);
    expect(importPermit(run.stdout).permit).toStrictEqual(samplePermit());
  });

  test('when the JSON is broken or not a valid permit, then exit 1 with MALFORMED_JSON or PERMIT_INVALID', async () => {
    const broken = await epix('permit', 'to-xml', file('broken.json', '{"permitNumber": '));
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stderr)).toMatchObject({ code: 'MALFORMED_JSON' });
    const invalid = await epix(
      'permit',
      'to-xml',
      file('invalid.json', JSON.stringify({ ...samplePermit(), purpose: 'K' })),
    );
    expect(invalid.code).toBe(1);
    expect(JSON.parse(invalid.stderr)).toEqual({
      code: 'PERMIT_INVALID',
      message: "The permit is not valid: purpose 'K' is not a CITES purpose code",
    });
  });

  test('when the file is missing or not XML, then exit 1 with a stable code', async () => {
    const missing = await epix('permit', 'import', path.join(dir, 'nope.xml'));
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stderr)).toMatchObject({ code: 'VALIDATION_FAILED' });
    const doctype = await epix('permit', 'import', file('x.xml', '<!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>'));
    expect(doctype.code).toBe(1);
    expect(JSON.parse(doctype.stderr)).toMatchObject({ code: 'XML_DTD_FORBIDDEN' });
  });
});
