/**
 * `epix permit ...`: work with permit documents from the command line.
 *   import FILE                                                 prints the permit JSON read from any accepted shape
 *   to-xml FILE.json                                            prints unsigned CITESEPermit XML for permit JSON
 *   sign FILE --key KEY.pem --cert CERT.pem [--chain CA.pem]   prints the signed CITESEPermit XML
 *   verify FILE --trust CA.pem [--at ISO-DATE]                  exit 0 + JSON summary, or exit 1 + {"code": ...}
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { GatewayError } from '../domain/errors';
import { formatPermitKey, permitKeyOf } from '../domain/permit/permit-key';
import { assertPermit } from '../domain/permit/permit';
import { systemClock } from '../domain/ports';
import { TrustAnchors } from '../domain/pki/trust-anchors';
import { verifySignedPermit, type SignedPermitVerification } from '../domain/signing/verify-signed-permit';
import { XmlSigner } from '../domain/signing/xml-signer';
import { fromPermitXml, toPermitXml } from '../domain/xml/permit-xml';
import { importPermit } from '../domain/xml/permit-import';
import { loadPermitSchema } from '../domain/xml/schema-validator';
import { parseXmlStrict } from '../domain/xml/strict-parser';

async function readInput(file: string, what: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new GatewayError(
      'VALIDATION_FAILED',
      `cannot read ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

async function readText(file: string, what: string): Promise<string> {
  return (await readInput(file, what)).toString('utf8');
}

function looksLikeJson(bytes: Buffer): boolean {
  const text = bytes
    .subarray(0, 64)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  return text.trimStart().startsWith('{');
}

/**
 * The unsigned CITESEPermit text for a file holding either our permit JSON or a CITESEPermit document in our
 * profile (checked by reading it, so nothing else gets signed by mistake).
 */
export function unsignedPermitXml(bytes: Buffer): string {
  if (looksLikeJson(bytes)) {
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
    } catch (error) {
      throw new GatewayError(
        'MALFORMED_JSON',
        `the permit JSON cannot be parsed: ${(error as Error).message}`,
      );
    }
    return toPermitXml(assertPermit(json));
  }
  const { document, text } = parseXmlStrict(bytes);
  fromPermitXml(document);
  return text;
}

export interface VerifySummary {
  permitKey: string;
  signer: string;
  signerCountry: string | null;
  signerThumbprint: string;
  algorithm: string;
}

/** The JSON the verify command prints for a result. */
export function verifySummary(
  result: SignedPermitVerification,
): VerifySummary | { code: string; message: string } {
  if (!result.ok) return { code: result.code, message: result.message };
  return {
    permitKey: formatPermitKey(permitKeyOf(result.permit)),
    signer: result.signer.subject,
    signerCountry: result.signer.country ?? null,
    signerThumbprint: result.signer.thumbprint,
    algorithm: result.algorithm,
  };
}

function parseAt(value: string | undefined): Date {
  if (value === undefined) return systemClock.now();
  const at = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(at.getTime())) {
    throw new GatewayError(
      'VALIDATION_FAILED',
      `--at must be an ISO 8601 date or date-time, not ${JSON.stringify(value)}`,
    );
  }
  return at;
}

function addImportCommand(permit: Command): void {
  permit
    .command('import')
    .description(
      'Read a permit from CITESEPermit v2 or CBFShip v1 XML (bare or in a SOAP envelope) and print it as JSON',
    )
    .argument('<file>', 'permit document (UTF-8 or UTF-16)')
    .action(async (file: string) => {
      const imported = importPermit(await readInput(file, 'permit file'));
      process.stdout.write(`${JSON.stringify(imported.permit, null, 2)}\n`);
    });
}

function addToXmlCommand(permit: Command): void {
  permit
    .command('to-xml')
    .description(
      'Print the unsigned CITESEPermit XML of a permit given as JSON (schema-checked before printing)',
    )
    .argument('<file>', 'permit JSON (as printed by `epix permit import`)')
    .action(async (file: string) => {
      const bytes = await readInput(file, 'permit file');
      let json: unknown;
      try {
        json = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
      } catch (error) {
        throw new GatewayError(
          'MALFORMED_JSON',
          `the permit JSON cannot be parsed: ${(error as Error).message}`,
        );
      }
      const xml = toPermitXml(assertPermit(json));
      (await loadPermitSchema()).assertValid(xml);
      process.stdout.write(xml);
    });
}

function addSignCommand(permit: Command): void {
  permit
    .command('sign')
    .description('Sign a permit (our JSON model or CITESEPermit XML) and print the signed XML')
    .argument('<file>', 'permit JSON or unsigned CITESEPermit XML')
    .requiredOption('--key <file>', 'signing private key (PEM)')
    .requiredOption('--cert <file>', 'signing certificate (PEM)')
    .option('--chain <file>', 'CA / intermediate certificates to add to KeyInfo (PEM, one or more)')
    .action(async (file: string, opts: { key: string; cert: string; chain?: string }) => {
      const [bytes, keyPem, certPem, chainPem] = await Promise.all([
        readInput(file, 'permit file'),
        readText(opts.key, 'key file'),
        readText(opts.cert, 'certificate file'),
        opts.chain === undefined ? Promise.resolve(undefined) : readText(opts.chain, 'chain file'),
      ]);
      const signer = await XmlSigner.create({
        keyPem,
        certPem,
        ...(chainPem ? { chainPems: [chainPem] } : {}),
      });
      const unsigned = unsignedPermitXml(bytes);
      (await loadPermitSchema()).assertValid(unsigned);
      process.stdout.write(await signer.sign(unsigned));
    });
}

function addVerifyCommand(permit: Command): void {
  permit
    .command('verify')
    .description('Verify a signed permit strictly; exit 0 with a summary, or 1 with {"code": ...}')
    .argument('<file>', 'signed CITESEPermit XML')
    .requiredOption('--trust <file>', 'trusted CA certificate(s) of the signer (PEM)')
    .option('--at <iso-date>', 'time at which the signer certificates must be valid (default: now)')
    .action(async (file: string, opts: { trust: string; at?: string }) => {
      const at = parseAt(opts.at);
      const trust = TrustAnchors.from({ anchors: [await readText(opts.trust, 'trust file')] });
      const result = await verifySignedPermit(await readInput(file, 'permit file'), { trust, at });
      process.stdout.write(`${JSON.stringify(verifySummary(result), null, 2)}\n`);
      if (!result.ok) process.exitCode = 1;
    });
}

/** Registers `epix permit import|to-xml|sign|verify`. */
export function registerPermitCommands(program: Command): void {
  const permit =
    program.commands.find((c) => c.name() === 'permit') ??
    program.command('permit').description('Permit documents');

  // --- import / to-xml (helper A1) ---------------------------------------------------------------------
  addImportCommand(permit);
  addToXmlCommand(permit);

  // --- sign / verify (helper A2) ----------------------------------------------------------------------
  addSignCommand(permit);
  addVerifyCommand(permit);
}
