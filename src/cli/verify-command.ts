/**
 * `epix verify`: a customs officer checks a presented permit against the permits received from the
 * issuing country, through the internal API (POST /api/v1/verifications, customs role).
 *
 *   epix verify --from KE --permit KE-2026-000123 [--year 2026] --declaration decl.json
 *   epix verify --document presented.xml --declaration decl.json      (the full document, XML or JSON)
 *
 * Exit status: 0 ACCEPTED, 3 REJECTED (the reasons are printed), 1 the request failed (printed as
 * `{"code": ...}`), 2 unexpected error. 3 rather than 2 keeps a rejection apart from a crash.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { GatewayError } from '../domain/errors';
import { apiTarget, callApi, type ApiOptions } from './api-client';

/** Exit status of a REJECTED verification. */
export const EXIT_REJECTED = 3;

interface VerifyOptions extends ApiOptions {
  from?: string;
  permit?: string;
  year?: string;
  document?: string;
  declaration: string;
  recheck?: boolean;
  json?: boolean;
}

interface ShownReason {
  code: string;
  message: string;
  declarationLine?: number;
  block?: string;
}

interface ShownVerification {
  id: string;
  verdict: 'ACCEPTED' | 'REJECTED';
  permitKey: string;
  declarationNumber: string;
  attempt: number;
  replayed?: boolean;
  reasons: ShownReason[];
  permit: null | {
    permitKey: string;
    status: string;
    validFrom?: string;
    issueDate: string;
    validUntil: string;
    exporter: { name: string; country: string };
    importer: { name: string; country: string };
    securityStampNumber?: string;
    lines: Array<{
      block: string;
      scientificName: string;
      quantity: number;
      unit?: string;
      termCode?: string;
    }>;
  };
  usageConfirmation?: { state: string; messageId?: string };
}

function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new GatewayError(
      'VALIDATION_FAILED',
      `cannot read the ${what} ${file}: ${(error as Error).message}`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GatewayError('MALFORMED_JSON', `the ${what} ${file} is not valid JSON`);
  }
}

/** The request body from the options: the presented permit (key or document) plus the declaration. */
export function verificationBodyFrom(options: VerifyOptions): Record<string, unknown> {
  const declaration = readJsonFile(options.declaration, 'declaration');
  const recheck = options.recheck ? { recheck: true } : {};
  if (options.document !== undefined) {
    if (options.from !== undefined || options.permit !== undefined) {
      throw new GatewayError('VALIDATION_FAILED', 'give either --document or --from/--permit, not both');
    }
    const text = readFileSync(options.document, 'utf8');
    return text.trimStart().startsWith('<')
      ? { documentXml: text, declaration, ...recheck }
      : { document: readJsonFile(options.document, 'document'), declaration, ...recheck };
  }
  if (options.from === undefined || options.permit === undefined) {
    throw new GatewayError(
      'VALIDATION_FAILED',
      'give --from COUNTRY and --permit NUMBER (or --document FILE)',
    );
  }
  let issueYear: number | undefined;
  if (options.year !== undefined) {
    issueYear = Number(options.year);
    if (!/^\d{4}$/.test(options.year))
      throw new GatewayError('VALIDATION_FAILED', '--year must be a year such as 2026');
  }
  return {
    permit: {
      issuingCountry: options.from.toUpperCase(),
      permitNumber: options.permit,
      ...(issueYear !== undefined ? { issueYear } : {}),
    },
    declaration,
    ...recheck,
  };
}

/** What an officer reads: verdict first, then each reason, then what the real permit says. */
export function formatVerification(v: ShownVerification): string {
  const out: string[] = [];
  const again = v.replayed ? ' (stored result of an earlier submission)' : '';
  out.push(`${v.verdict}  ${v.permitKey}  declaration ${v.declarationNumber}  verification ${v.id}${again}`);
  for (const r of v.reasons) {
    const where = [
      r.declarationLine !== undefined ? `line ${r.declarationLine + 1}` : '',
      r.block !== undefined ? `block ${r.block}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    out.push(`  ${r.code}${where ? ` [${where}]` : ''}: ${r.message}`);
  }
  if (v.permit) {
    const p = v.permit;
    out.push(
      `Received permit ${p.permitKey} (${p.status}), valid ${p.validFrom ?? p.issueDate} to ${p.validUntil}`,
    );
    out.push(
      `  exporter ${p.exporter.name} (${p.exporter.country}), importer ${p.importer.name} (${p.importer.country})`,
    );
    if (p.securityStampNumber) out.push(`  security stamp ${p.securityStampNumber}`);
    for (const l of p.lines) {
      out.push(
        `  block ${l.block}: ${l.scientificName} ${l.termCode ?? ''} ${l.quantity} ${l.unit ?? 'specimens'}`.replace(
          / +/g,
          ' ',
        ),
      );
    }
  }
  if (v.usageConfirmation) {
    out.push(
      `Usage confirmation to the issuing country: ${v.usageConfirmation.state}${v.usageConfirmation.messageId ? ` (${v.usageConfirmation.messageId})` : ''}`,
    );
  }
  return `${out.join('\n')}\n`;
}

export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description(
      'Verify a presented permit against the permits received from the issuing country (customs). ' +
        `Exit status: 0 ACCEPTED, ${EXIT_REJECTED} REJECTED, 1 request failed`,
    )
    .option('--from <country>', 'issuing country of the presented permit, e.g. KE')
    .option('--permit <number>', 'permit number as presented')
    .option('--year <year>', 'issue year, when known')
    .option(
      '--document <file>',
      'the full presented document instead of the key (XML in any accepted shape, or JSON)',
    )
    .requiredOption(
      '--declaration <file>',
      'customs declaration (JSON): declarationNumber, importer, arrivalDate, lines ...',
    )
    .option('--recheck', 'evaluate a REJECTED declaration again (e.g. the permit has arrived since)')
    .option('--json', 'print the API answer as JSON')
    .option('--api <url>', 'internal API base URL (default: $EPIX_API_URL)')
    .option('--token <token>', 'customs bearer token (default: $EPIX_TOKEN)')
    .action(async (options: VerifyOptions) => {
      const target = apiTarget(options);
      const body = verificationBodyFrom(options);
      const result = await callApi<ShownVerification>(target, 'POST', '/verifications', body);
      process.stdout.write(
        options.json ? `${JSON.stringify(result, null, 2)}\n` : formatVerification(result),
      );
      if (result.verdict !== 'ACCEPTED') process.exitCode = EXIT_REJECTED;
    });
}
