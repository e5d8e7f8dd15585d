/**
 * `epix partner ...`: the partner directory through the internal API (admin token).
 *   add --code CH --name NAME --endpoint URL [--timeout-ms N] [--document-types export,import]
 *   list | show CODE | update CODE [--name] [--endpoint] [--status] [--timeout-ms] [--document-types]
 *   suspend CODE | activate CODE
 *   cert add CODE --role ROLE --file FILE [--format pem|der|pkcs12] [--password P]
 *   cert list CODE | cert revoke CODE FINGERPRINT [--role ROLE]
 *   crl upload --partner CODE --file FILE [--format pem|der] | crl list --partner CODE
 * Every command prints the API's JSON answer; errors print {"code", "message"} and exit 1.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { GatewayError } from '../domain/errors';
import { apiTarget, callApi, type ApiOptions } from './api-client';

function withApi(command: Command): Command {
  return command
    .option('--api <url>', 'internal API base URL (default: $EPIX_API_URL)')
    .option('--token <token>', 'admin bearer token (default: $EPIX_TOKEN)');
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function code(value: string): string {
  return value.trim().toUpperCase();
}

function integer(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new GatewayError('VALIDATION_FAILED', `${name} must be an integer`);
  return n;
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

interface ChangeOptions extends ApiOptions {
  name?: string;
  endpoint?: string;
  status?: string;
  timeoutMs?: string;
  documentTypes?: string;
}

function changesOf(opts: ChangeOptions): Record<string, unknown> {
  return {
    ...(opts.name === undefined ? {} : { name: opts.name }),
    ...(opts.endpoint === undefined ? {} : { endpointUrl: opts.endpoint }),
    ...(opts.status === undefined ? {} : { status: opts.status }),
    ...(opts.timeoutMs === undefined ? {} : { timeoutMs: integer(opts.timeoutMs, '--timeout-ms') }),
    ...(opts.documentTypes === undefined ? {} : { allowedDocumentTypes: list(opts.documentTypes) }),
  };
}

type UploadFormat = 'pem' | 'der' | 'pkcs12';

/** The upload body for a certificate file: PEM text, or base64 of DER / PKCS#12 bytes. */
export function certificateUploadBody(
  bytes: Buffer,
  file: string,
  role: string,
  format: string | undefined,
  password: string | undefined,
): Record<string, string> {
  const chosen = (format ?? detectFormat(bytes, file)) as UploadFormat;
  switch (chosen) {
    case 'pem':
      return { role, pem: bytes.toString('utf8') };
    case 'der':
      return { role, der: bytes.toString('base64') };
    case 'pkcs12':
      if (password === undefined) {
        throw new GatewayError(
          'VALIDATION_FAILED',
          'a PKCS#12 file needs --password (or EPIX_PKCS12_PASSWORD)',
        );
      }
      return { role, pkcs12: bytes.toString('base64'), password };
    default:
      throw new GatewayError('VALIDATION_FAILED', '--format must be pem, der or pkcs12');
  }
}

function detectFormat(bytes: Buffer, file: string): UploadFormat {
  if (bytes.subarray(0, 4096).toString('latin1').includes('-----BEGIN ')) return 'pem';
  return ['.p12', '.pfx'].includes(path.extname(file).toLowerCase()) ? 'pkcs12' : 'der';
}

async function readCertificateFile(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new GatewayError(
      'VALIDATION_FAILED',
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

function addAddCommand(partner: Command): void {
  withApi(partner.command('add').description('Add a partner (created pending)'))
    .requiredOption('--code <code>', 'ISO 3166-1 alpha-2 code, e.g. CH')
    .requiredOption('--name <name>', 'name of the partner Management Authority')
    .requiredOption('--endpoint <url>', "https URL of the partner's exchange endpoint")
    .option('--timeout-ms <ms>', 'request timeout toward the partner')
    .option('--document-types <types>', 'comma-separated: export, re-export, import, other')
    .action(async (opts: ChangeOptions & { code: string; name: string; endpoint: string }) => {
      const body = { code: code(opts.code), ...changesOf(opts) };
      print(await callApi(apiTarget(opts), 'POST', '/partners', body));
    });
}

function addListAndShowCommands(partner: Command): void {
  withApi(partner.command('list').description('List partners with their certificates')).action(
    async (opts: ApiOptions) => {
      print(await callApi(apiTarget(opts), 'GET', '/partners'));
    },
  );

  withApi(partner.command('show').argument('<code>').description('Show one partner')).action(
    async (value: string, opts: ApiOptions) => {
      print(await callApi(apiTarget(opts), 'GET', `/partners/${code(value)}`));
    },
  );
}

function addUpdateCommand(partner: Command): void {
  withApi(partner.command('update').argument('<code>').description('Change a partner'))
    .option('--name <name>')
    .option('--endpoint <url>')
    .option('--status <status>', 'pending, active or suspended')
    .option('--timeout-ms <ms>')
    .option('--document-types <types>', 'comma-separated')
    .action(async (value: string, opts: ChangeOptions) => {
      print(await callApi(apiTarget(opts), 'PATCH', `/partners/${code(value)}`, changesOf(opts)));
    });
}

function addStatusCommands(partner: Command): void {
  for (const [name, status, what] of [
    ['suspend', 'suspended', 'Suspend a partner: its requests are refused and its connections closed'],
    ['activate', 'active', 'Activate a partner (needs a tls-ca certificate in force)'],
  ] as const) {
    withApi(partner.command(name).argument('<code>').description(what)).action(
      async (value: string, opts: ApiOptions) => {
        print(await callApi(apiTarget(opts), 'PATCH', `/partners/${code(value)}`, { status }));
      },
    );
  }
}

function addCertAddCommand(cert: Command): void {
  withApi(cert.command('add').argument('<code>').description('Upload a certificate under a role'))
    .requiredOption('--role <role>', 'tls-ca, signing-ca, tls-client or signing')
    .requiredOption('--file <file>', 'PEM, DER or PKCS#12 (.p12/.pfx) file')
    .option('--format <format>', 'pem, der or pkcs12 (default: detected)')
    .option('--password <password>', 'PKCS#12 password (default: $EPIX_PKCS12_PASSWORD)')
    .action(
      async (
        value: string,
        opts: ApiOptions & { role: string; file: string; format?: string; password?: string },
      ) => {
        const bytes = await readCertificateFile(opts.file);
        const password = opts.password ?? process.env.EPIX_PKCS12_PASSWORD;
        const body = certificateUploadBody(bytes, opts.file, opts.role, opts.format, password);
        print(await callApi(apiTarget(opts), 'POST', `/partners/${code(value)}/certificates`, body));
      },
    );
}

function addCertListCommand(cert: Command): void {
  withApi(cert.command('list').argument('<code>').description('List certificates (with PEM)')).action(
    async (value: string, opts: ApiOptions) => {
      print(await callApi(apiTarget(opts), 'GET', `/partners/${code(value)}/certificates`));
    },
  );
}

function addCertRevokeCommand(cert: Command): void {
  withApi(
    cert
      .command('revoke')
      .argument('<code>')
      .argument('<fingerprint>', 'SHA-256 fingerprint (hex, colons allowed)')
      .description('Revoke a certificate (kept for the audit trail, no longer trusted)'),
  )
    .option('--role <role>', 'only under this role (default: every role it is stored with)')
    .action(async (value: string, fingerprint: string, opts: ApiOptions & { role?: string }) => {
      const fp = fingerprint.replace(/[:\s]/g, '').toLowerCase();
      const query = opts.role ? `?role=${encodeURIComponent(opts.role)}` : '';
      print(
        await callApi(
          apiTarget(opts),
          'DELETE',
          `/partners/${code(value)}/certificates/${encodeURIComponent(fp)}${query}`,
        ),
      );
    });
}

/** The upload body for a CRL file: PEM text as it is, anything else as base64 DER. */
export function crlUploadBody(bytes: Buffer, format: string | undefined): Record<string, string> {
  const chosen =
    format ?? (bytes.subarray(0, 4096).toString('latin1').includes('-----BEGIN ') ? 'pem' : 'der');
  if (chosen === 'pem') return { pem: bytes.toString('utf8') };
  if (chosen === 'der') return { der: bytes.toString('base64') };
  throw new GatewayError('VALIDATION_FAILED', '--format must be pem or der');
}

function addCrlCommands(crl: Command): void {
  withApi(
    crl
      .command('upload')
      .description(
        "Upload a partner CA's CRL (for partners without a reachable CRL distribution point); it must be signed by one of the partner's tls-ca or signing-ca certificates and be current",
      ),
  )
    .requiredOption('--partner <code>', 'the partner, e.g. TZ')
    .requiredOption('--file <file>', 'the CRL, PEM (-----BEGIN X509 CRL-----) or DER')
    .option('--format <format>', 'pem or der (default: detected)')
    .action(async (opts: ApiOptions & { partner: string; file: string; format?: string }) => {
      const body = crlUploadBody(await readCertificateFile(opts.file), opts.format);
      print(await callApi(apiTarget(opts), 'POST', `/partners/${code(opts.partner)}/crls`, body));
    });
  withApi(crl.command('list').description('List the CRLs uploaded for a partner, newest first'))
    .requiredOption('--partner <code>', 'the partner, e.g. TZ')
    .action(async (opts: ApiOptions & { partner: string }) => {
      print(await callApi(apiTarget(opts), 'GET', `/partners/${code(opts.partner)}/crls`));
    });
}

export function registerPartnerCommands(program: Command): void {
  const partner = program
    .command('partner')
    .description('Partner countries and their certificates (through the internal API, admin token)');

  addAddCommand(partner);
  addListAndShowCommands(partner);
  addUpdateCommand(partner);
  addStatusCommands(partner);

  const cert = partner.command('cert').description("A partner's certificates");
  addCertAddCommand(cert);
  addCertListCommand(cert);
  addCertRevokeCommand(cert);

  addCrlCommands(partner.command('crl').description('CRLs uploaded for a partner'));
}
