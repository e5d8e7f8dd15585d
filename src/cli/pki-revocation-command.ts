/**
 * `epix pki revoke` and `epix pki crl`: the development CA of one country folder revokes certificates and
 * publishes its CRL (`ca.crl.pem`, beside `revoked.json`, the list it is made from). Serve the folder over
 * HTTP at the URL given to `epix pki init --crl-url` and partners' gateways fetch it.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { GatewayError } from '../domain/errors';
import { createDevCrl, type DevRevocation } from '../domain/pki/dev-crl';
import { PKI_FILES } from '../domain/pki/dev-pki';
import { x509 } from '../domain/pki/x509';

export const CRL_FILE = 'ca.crl.pem';
const REVOKED_FILE = 'revoked.json';

async function readRevoked(dir: string): Promise<DevRevocation[]> {
  const file = path.join(dir, REVOKED_FILE);
  if (!existsSync(file)) return [];
  const entries = JSON.parse(await readFile(file, 'utf8')) as Array<{
    serialNumber: string;
    revokedAt: string;
  }>;
  return entries.map((e) => ({ serialNumber: e.serialNumber, revokedAt: new Date(e.revokedAt) }));
}

/** Writes the folder's CRL from revoked.json, valid from `now` for `days`; returns its path. */
export async function writeDevCrl(options: { dir: string; days: number; now: Date }): Promise<string> {
  const { dir, days, now } = options;
  const pem = await createDevCrl({
    caCertPem: await readFile(path.join(dir, PKI_FILES.caCert), 'utf8'),
    caKeyPem: await readFile(path.join(dir, PKI_FILES.caKey), 'utf8'),
    revoked: await readRevoked(dir),
    thisUpdate: now,
    nextUpdate: new Date(now.getTime() + days * 86_400_000),
  });
  const file = path.join(dir, CRL_FILE);
  await writeFile(file, pem, { mode: 0o644 });
  return file;
}

/** Revokes the certificate in `certFile` (issued by the folder's CA) and writes the new CRL. */
export async function revokeDevCertificate(options: {
  dir: string;
  certFile: string;
  days: number;
  now: Date;
}): Promise<{ serialNumber: string; crlFile: string }> {
  const cert = new x509.X509Certificate(await readFile(options.certFile, 'utf8'));
  const ca = new x509.X509Certificate(await readFile(path.join(options.dir, PKI_FILES.caCert), 'utf8'));
  if (cert.issuer !== ca.subject) {
    throw new GatewayError(
      'VALIDATION_FAILED',
      `${options.certFile} was not issued by the CA in ${options.dir}`,
    );
  }
  const revoked = await readRevoked(options.dir);
  if (!revoked.some((r) => r.serialNumber === cert.serialNumber)) {
    revoked.push({ serialNumber: cert.serialNumber, revokedAt: options.now });
    await writeFile(path.join(options.dir, REVOKED_FILE), `${JSON.stringify(revoked, null, 2)}\n`);
  }
  const crlFile = await writeDevCrl(options);
  return { serialNumber: cert.serialNumber, crlFile };
}

function positiveDays(value: string): number {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1)
    throw new GatewayError('VALIDATION_FAILED', '--days must be a positive integer');
  return days;
}

export function registerPkiRevocationCommands(pki: Command): void {
  pki
    .command('revoke')
    .description("Revoke a certificate issued by a country folder's development CA and write its CRL")
    .requiredOption('--dir <dir>', 'the country folder (ca.pem, ca.key.pem)')
    .requiredOption('--cert <file>', 'the certificate to revoke (PEM)')
    .option('--days <days>', 'days until the CRL nextUpdate', '7')
    .action(async (opts: { dir: string; cert: string; days: string }) => {
      const result = await revokeDevCertificate({
        dir: opts.dir,
        certFile: opts.cert,
        days: positiveDays(opts.days),
        now: new Date(),
      });
      process.stdout.write(`${JSON.stringify(result)}\n`);
    });
  pki
    .command('crl')
    .description("Write (renew) the CRL of a country folder's development CA")
    .requiredOption('--dir <dir>', 'the country folder (ca.pem, ca.key.pem)')
    .option('--days <days>', 'days until the CRL nextUpdate', '7')
    .action(async (opts: { dir: string; days: string }) => {
      const crlFile = await writeDevCrl({ dir: opts.dir, days: positiveDays(opts.days), now: new Date() });
      process.stdout.write(`${JSON.stringify({ crlFile })}\n`);
    });
}
