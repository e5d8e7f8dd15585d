import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toPermitXml } from '../../../src/domain/xml/permit-xml';
import { samplePermit } from '../../support/permits';
import { testPki, type PkiFiles } from '../../support/pki';
import { runPermitCli } from './support/cli';

const dir = mkdtempSync(path.join(tmpdir(), 'epix-permit-cli-'));
const file = (name: string, content: string | Buffer): string => {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
};

let ke: PkiFiles;
let ch: PkiFiles;

beforeAll(async () => {
  [ke, ch] = await Promise.all([testPki('KE'), testPki('CH', 'ec')]);
});

async function sign(input: string, extra: string[] = [], pki: PkiFiles = ke) {
  return runPermitCli([
    'sign',
    input,
    '--key',
    pki.files.signingKey!,
    '--cert',
    pki.files.signingCert!,
    ...extra,
  ]);
}

describe('epix permit sign / verify', () => {
  it('when a permit JSON is signed and verified, then verify prints the permit key, signer and algorithm', async () => {
    const signed = await sign(file('permit.json', JSON.stringify(samplePermit())));
    expect(signed.exitCode).toBe(0);
    expect(signed.stdout).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<rsm:CITESEPermit [^]*<ds:Signature [^]*<\/rsm:CITESEPermit>\n$/,
    );
    const verified = await runPermitCli([
      'verify',
      file('signed.xml', signed.stdout),
      '--trust',
      ke.files.caCert!,
    ]);
    expect(verified.exitCode).toBe(0);
    expect(JSON.parse(verified.stdout)).toEqual({
      permitKey: 'KE/2026/KE-2026-000123',
      signer: expect.stringContaining('CN=EPIX document signing KE'),
      signerCountry: 'KE',
      signerThumbprint: expect.stringMatching(/^[0-9a-f]{64}$/),
      algorithm: 'rsa-sha256',
    });
  });

  it('when unsigned CITESEPermit XML is signed with a chain, then the exact input bytes are kept and KeyInfo has two certificates', async () => {
    const xml = toPermitXml(samplePermit());
    const signed = await sign(file('permit.xml', xml), ['--chain', ch.files.caCert!], ch);
    expect(signed.exitCode).toBe(0);
    expect(signed.stdout.replace(/<ds:Signature [^]*<\/ds:Signature>/, '')).toBe(xml);
    expect(signed.stdout.match(/<ds:X509Certificate>/g)).toHaveLength(2);
    const verified = await runPermitCli([
      'verify',
      file('signed-ec.xml', signed.stdout),
      '--trust',
      ch.files.caCert!,
    ]);
    expect(JSON.parse(verified.stdout)).toMatchObject({ algorithm: 'ecdsa-sha256', signerCountry: 'CH' });
  });

  it('when the XML is not a CITESEPermit, then sign refuses it with PERMIT_UNRECOGNISED', async () => {
    const result = await sign(file('other.xml', '<a>not a permit</a>'));
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stderr)).toMatchObject({ code: 'PERMIT_UNRECOGNISED' });
  });

  it('when the JSON is not a valid permit, then sign refuses it naming the field', async () => {
    const result = await sign(file('bad.json', JSON.stringify({ ...samplePermit(), purpose: 'X' })));
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stderr)).toMatchObject({
      code: 'PERMIT_INVALID',
      message: expect.stringContaining('purpose'),
    });
  });

  it('when verify is given another country as trust, then it exits 1 with CERT_UNTRUSTED', async () => {
    const signed = await sign(file('permit2.json', JSON.stringify(samplePermit())));
    const verified = await runPermitCli([
      'verify',
      file('signed2.xml', signed.stdout),
      '--trust',
      ch.files.caCert!,
    ]);
    expect(verified.exitCode).toBe(1);
    expect(JSON.parse(verified.stdout)).toMatchObject({ code: 'CERT_UNTRUSTED' });
  });

  it('when --at is after the certificates expire, then verify exits 1 with CERT_EXPIRED', async () => {
    const signed = await sign(file('permit3.json', JSON.stringify(samplePermit())));
    const verified = await runPermitCli([
      'verify',
      file('signed3.xml', signed.stdout),
      '--trust',
      ke.files.caCert!,
      '--at',
      '2099-01-01',
    ]);
    expect(JSON.parse(verified.stdout)).toMatchObject({ code: 'CERT_EXPIRED' });
    expect(verified.exitCode).toBe(1);
  });

  it('when --at is not a date or a file is missing, then the command fails with VALIDATION_FAILED', async () => {
    const bad = await runPermitCli(['verify', path.join(dir, 'missing.xml'), '--trust', ke.files.caCert!]);
    expect(JSON.parse(bad.stderr)).toMatchObject({ code: 'VALIDATION_FAILED' });
    const badAt = await runPermitCli([
      'verify',
      file('x.xml', '<a/>'),
      '--trust',
      ke.files.caCert!,
      '--at',
      'yesterday',
    ]);
    expect(JSON.parse(badAt.stderr)).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('when the trust file holds no certificate, then verify fails with TRUST_ANCHOR_INVALID', async () => {
    const result = await runPermitCli([
      'verify',
      file('y.xml', '<a/>'),
      '--trust',
      file('empty.pem', 'nothing'),
    ]);
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stderr)).toMatchObject({ code: 'TRUST_ANCHOR_INVALID' });
  });
});
