/** `epix pki init`: development PKI for one or more countries. */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { isCountryCode } from '../domain/countries';
import { GatewayError } from '../domain/errors';
import { createCountryPki, PKI_FILES, type CountryPki } from '../domain/pki/dev-pki';
import { registerPkiRevocationCommands } from './pki-revocation-command';

export async function writeCountryPki(pki: CountryPki, dir: string): Promise<Record<string, string>> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const files: Array<[keyof typeof PKI_FILES, string, boolean]> = [
    ['caCert', pki.ca.certPem, false],
    ['caKey', pki.ca.keyPem, true],
    ['tlsServerCert', pki.tlsServer.certPem, false],
    ['tlsServerKey', pki.tlsServer.keyPem, true],
    ['tlsClientCert', pki.tlsClient.certPem, false],
    ['tlsClientKey', pki.tlsClient.keyPem, true],
    ['signingCert', pki.signing.certPem, false],
    ['signingKey', pki.signing.keyPem, true],
  ];
  const written: Record<string, string> = {};
  for (const [name, content, secret] of files) {
    const file = path.join(dir, PKI_FILES[name]);
    await writeFile(file, content, { mode: secret ? 0o600 : 0o644 });
    await chmod(file, secret ? 0o600 : 0o644); // writeFile keeps the mode of an existing file
    written[name] = file;
  }
  return written;
}

function parseCountries(value: string): string[] {
  const countries = value
    .split(',')
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
  const bad = countries.filter((c) => !isCountryCode(c));
  if (countries.length === 0 || bad.length) {
    throw new GatewayError(
      'VALIDATION_FAILED',
      `not ISO 3166-1 alpha-2 country codes: ${bad.join(', ') || value}`,
    );
  }
  return countries;
}

export function registerPkiCommands(program: Command): void {
  const pki = program.command('pki').description('Development PKI (never for production keys)');
  pki
    .command('init')
    .description('Create a root CA, TLS server, TLS client and document-signing certificate per country')
    .option('--country <code>', 'one country, written into --out')
    .option('--countries <codes>', 'comma-separated countries, each written into --out/<code>')
    .option('--out <dir>', 'output folder', 'certs')
    .option('--host <name...>', 'extra DNS names or IPs for the TLS server certificate')
    .option('--key-type <type>', 'rsa (RSA-2048) or ec (P-256)', 'rsa')
    .option('--valid-days <days>', 'validity of every certificate', '825')
    .option('--crl-url <url>', 'CRL distribution point written into every leaf ({country} is replaced)')
    .action(
      async (opts: {
        country?: string;
        countries?: string;
        out: string;
        host?: string[];
        keyType: string;
        validDays: string;
        crlUrl?: string;
      }) => {
        if (!!opts.country === !!opts.countries) {
          throw new GatewayError('VALIDATION_FAILED', 'give exactly one of --country or --countries');
        }
        if (opts.keyType !== 'rsa' && opts.keyType !== 'ec') {
          throw new GatewayError('VALIDATION_FAILED', '--key-type must be rsa or ec');
        }
        const validDays = Number(opts.validDays);
        if (!Number.isInteger(validDays) || validDays < 1)
          throw new GatewayError('VALIDATION_FAILED', '--valid-days must be a positive integer');
        const single = opts.country !== undefined;
        const countries = parseCountries(opts.country ?? opts.countries ?? '');
        const notBefore = new Date(Date.now() - 60 * 60 * 1000); // an hour of slack for clock skew
        const result: Record<string, Record<string, string>> = {};
        for (const country of countries) {
          const pkiMaterial = await createCountryPki({
            country,
            keyType: opts.keyType,
            hosts: opts.host ?? [],
            notBefore,
            validDays,
            ...(opts.crlUrl && { crlUrl: opts.crlUrl.replace('{country}', country) }),
          });
          result[country] = await writeCountryPki(
            pkiMaterial,
            single ? opts.out : path.join(opts.out, country),
          );
        }
        process.stdout.write(`${JSON.stringify({ keyType: opts.keyType, countries: result }, null, 2)}\n`);
      },
    );
  registerPkiRevocationCommands(pki);
}
