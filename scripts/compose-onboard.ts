/**
 * The docker compose one-shot `onboard` service: once both gateways are healthy it creates tokens (the CLI,
 * against each country's database), onboards each country as the other's partner through the admin API
 * (partner record, TLS and signing CA, activation) and writes the tokens to a file readable by its owner only
 * (never printed: a token in a log is a leaked credential). Safe to run again: what exists is kept, and the
 * tokens of the first run stay in that file.
 *
 * EPIX_ONBOARD_GATEWAYS: JSON array of { country, api, hostApi?, exchange, caCert, mongodbUri }.
 * EPIX_ONBOARD_TOKENS: file keeping the tokens (default /app/certs/tokens.json, mode 0600).
 */
import { readFileSync } from 'node:fs';
import { ApiClient, ApiError } from './lib/api-client';
import { readTokensFile, writeTokensFile } from './lib/tokens-file';
import { createRoleTokens, type Tokens } from './lib/two-countries';

interface GatewayEntry {
  country: string;
  api: string;
  /** The API as reached from the host (published port), for the printed summary. */
  hostApi?: string;
  exchange: string;
  caCert: string;
  mongodbUri: string;
}

const say = (line: string) => process.stdout.write(`${line}\n`);

/** Treats 409 (already there) as done: the service may run more than once. */
async function idempotent(what: string, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
    say(`  ${what}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) say(`  ${what}: already done`);
    else throw error;
  }
}

async function tokensFor(gateways: GatewayEntry[], file: string): Promise<Record<string, Tokens>> {
  const kept = readTokensFile<Record<string, Tokens>>(file);
  if (kept) return kept;
  const all: Record<string, Tokens> = {};
  for (const g of gateways) all[g.country] = await createRoleTokens(g.mongodbUri, 'compose');
  writeTokensFile(file, all);
  return all;
}

async function main(): Promise<number> {
  const gateways = JSON.parse(process.env.EPIX_ONBOARD_GATEWAYS ?? '[]') as GatewayEntry[];
  if (gateways.length < 2) throw new Error('EPIX_ONBOARD_GATEWAYS must list at least two gateways');
  const tokensFile = process.env.EPIX_ONBOARD_TOKENS ?? '/app/certs/tokens.json';
  const tokens = await tokensFor(gateways, tokensFile);
  for (const host of gateways) {
    const admin = new ApiClient(host.api, { token: tokens[host.country]!.admin });
    try {
      for (const partner of gateways.filter((g) => g.country !== host.country)) {
        say(`${host.country}: onboarding ${partner.country} (${partner.exchange})`);
        await idempotent('partner recorded', () =>
          admin.expect(201, 'POST', '/api/v1/partners', {
            code: partner.country,
            name: `${partner.country} Management Authority`,
            endpointUrl: partner.exchange,
            timeoutMs: 10_000,
            allowedDocumentTypes: ['export', 're-export', 'other'],
          }),
        );
        const pem = readFileSync(partner.caCert, 'utf8');
        for (const role of ['tls-ca', 'signing-ca']) {
          await idempotent(`${role} uploaded`, () =>
            admin.expect([200, 201], 'POST', `/api/v1/partners/${partner.country}/certificates`, {
              role,
              pem,
            }),
          );
        }
        await idempotent('activated', () =>
          admin.expect(200, 'PATCH', `/api/v1/partners/${partner.country}`, { status: 'active' }),
        );
      }
    } finally {
      admin.close();
    }
  }
  say(
    `\nTokens for every role of ${gateways.map((g) => g.country).join(', ')}: ${tokensFile} (mode 0600, owner only).`,
  );
  for (const g of gateways) say(`  ${g.country}: internal API ${g.hostApi ?? g.api}`);
  say(
    'They expire (tokens.defaultLifetimeDays); `epix token list` / `epix token revoke --id ID` manage them.',
  );
  return 0;
}

void main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`onboarding failed: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
