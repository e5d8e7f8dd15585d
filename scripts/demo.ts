/**
 * `npm run demo`: the gateway's main job, end to end, on one machine. Two countries' gateways (Kenya exports,
 * Switzerland imports) run as separate processes with real mutual TLS, RabbitMQ and the MongoDB-compatible
 * server; KE sends permits to CH, CH's customs verifies presented permits (genuine, forged, altered, re-used,
 * cancelled), and CH's clearance comes back to KE as a usage confirmation.
 *
 *   npm run demo                      # the scenario, a summary, then stops what it started (exit 0 when all as expected)
 *   npm run demo -- --keep-running    # same, leaves both gateways up, prints `EPIX_DEMO {json}` for other tools
 *   npm run demo -- --stop            # stops gateways left running by --keep-running
 */
import { createConsoleUsers, type ConsoleUser } from './lib/console-users';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TrustAnchors } from '../src/domain/pki/trust-anchors';
import { verifyXmlSignature } from '../src/domain/signing/xml-verifier';
import type { Permit } from '../src/domain/permit/permit';
import { booleanFlag, parseArgs } from './lib/args';
import {
  cancelPermit,
  eventually,
  getIssuedPermit,
  getReceivedPermit,
  submitPermit,
  verify,
  waitForMessage,
  type MessageView,
  type VerificationView,
} from './lib/exchange-api';
import type { ApiClient } from './lib/api-client';
import { REPO_ROOT } from './lib/paths';
import {
  kenyanExportPermit,
  matchingDeclaration,
  permitKeyOf,
  verificationByKey,
} from './lib/sample-permits';
import { ensureServices, type Services } from './lib/services';
import { table } from './lib/table';
import { TwoCountries } from './lib/two-countries';

const RUN_NAME = 'demo';

const out = (text = ''): void => {
  process.stdout.write(`${text}\n`);
};
const step = (text: string): void => out(`   ${text}`);

/** One expectation of the scenario, shown in the summary. */
interface Check {
  what: string;
  expected: string;
  got: string;
  ok: boolean;
}

function sameCodes(got: readonly string[], expected: readonly string[]): boolean {
  return got.length === expected.length && [...got].sort().join() === [...expected].sort().join();
}

/** The receipt signature checked by us, independently of the gateway, against the receiver's CA. */
async function receiptSigner(message: MessageView, caPem: string): Promise<string> {
  if (!message.receipt) return 'no receipt';
  const result = await verifyXmlSignature(message.receipt.signedXml, {
    trust: TrustAnchors.from({ anchors: [caPem] }),
    at: new Date(),
  });
  return result.ok
    ? `signature verified against CH's CA (signer ${result.signer.subject})`
    : `signature INVALID: ${result.code}`;
}

async function stopDemo(): Promise<number> {
  const world = TwoCountries.load(RUN_NAME, step);
  if (!world?.anyRunning()) {
    out('No demo gateways are running.');
    return 0;
  }
  out(`Stopping the demo gateways (pids ${world.pids().join(', ')})`);
  await world.stopAll();
  return 0;
}

/** What every step of the scenario works with: the gateways' API clients, the date, and the summary. */
interface Demo {
  world: TwoCountries;
  keIssuer: ApiClient;
  keAdmin: ApiClient;
  chCustoms: ApiClient;
  chAdmin: ApiClient;
  today: Date;
  year: number;
  check: (what: string, expected: string, got: string, ok?: boolean) => boolean;
}

/** A verification at the border and what it must answer. */
interface BorderCase {
  what: string;
  request: unknown;
  expected: string[];
  verdict: 'ACCEPTED' | 'REJECTED';
}

async function scenario(world: TwoCountries, checks: Check[]): Promise<void> {
  const today = new Date();
  const demo: Demo = {
    world,
    keIssuer: world.api('KE', 'issuer'),
    keAdmin: world.api('KE', 'admin'),
    chCustoms: world.api('CH', 'customs'),
    chAdmin: world.api('CH', 'admin'),
    today,
    year: today.getUTCFullYear(),
    check: (what, expected, got, ok = expected === got) => {
      checks.push({ what, expected, got, ok });
      return ok;
    },
  };
  const permits = await sendPermits(demo);
  const keys = permits.map(permitKeyOf);
  await cancelPermitAtKe(demo, keys[2]!);
  const accepted = await verifyAtTheBorder(demo, permits);
  await confirmUsage(demo, keys[0]!, accepted);
}

/** Step 2: three export permits from KE to CH, each followed to its signed receipt and to CH's store. */
async function sendPermits(demo: Demo): Promise<Permit[]> {
  out('\n2. KE issues three export permits and sends them to CH (signed XML, mutual TLS, signed receipts)');
  const chCa = readFileSync(demo.world.country('CH').caCert, 'utf8');
  const permits = [1, 2, 3].map((n) =>
    kenyanExportPermit(`KE-${demo.year}-${String(100 + n).padStart(5, '0')}`, {
      today: demo.today,
      kind: n === 2 ? 'bark' : 'skins',
    }),
  );
  for (const permit of permits) {
    const started = performance.now();
    const { permitKey, messageId } = await submitPermit(demo.keIssuer, permit);
    const message = await waitForMessage(demo.keAdmin, messageId);
    const ms = Math.round(performance.now() - started);
    const signer = await receiptSigner(message, chCa);
    step(
      `${permitKey}: ${permit.lines.map((l) => `${l.quantity} ${l.unit ?? 'specimens'} ${l.scientificName}`).join(' + ')}`,
    );
    step(
      `   message ${messageId} ${message.state} in ${ms} ms (${message.attempts.length} attempt(s)); receipt ${message.receipt?.status ?? '-'}, ${signer}`,
    );
    demo.check(
      `${permitKey} delivered to CH with a verified receipt`,
      'DELIVERED / ACCEPTED',
      `${message.state} / ${message.receipt?.status ?? '-'}`,
      message.state === 'DELIVERED' &&
        message.receipt?.status === 'ACCEPTED' &&
        signer.startsWith('signature verified'),
    );
    const received = await getReceivedPermit(demo.chCustoms, permitKey);
    step(`   stored at CH as ${received.status}`);
  }
  return permits;
}

/** Step 3: KE cancels a permit; the cancellation travels like a permit and CH's copy turns CANCELLED. */
async function cancelPermitAtKe(demo: Demo, key: string): Promise<void> {
  out('\n3. KE cancels the third permit (the cancellation travels like a permit)');
  const cancelled = await cancelPermit(demo.keIssuer, key, 'Specimens seized before export');
  const cancellation = await waitForMessage(demo.keAdmin, cancelled.messageId);
  const atCh = await eventually(
    async () => {
      const p = await getReceivedPermit(demo.chCustoms, key);
      return p.status === 'CANCELLED' ? p : undefined;
    },
    { what: `${key} CANCELLED at CH` },
  );
  step(
    `${key}: cancellation ${cancellation.state}, receipt ${cancellation.receipt?.status ?? '-'}; CH now holds it as ${atCh.status}`,
  );
}

/** Step 4's cases: genuine, invented, altered, re-used and cancelled permits presented at CH's border. */
function borderCases(demo: Demo, permits: Permit[]): BorderCase[] {
  const keys = permits.map(permitKeyOf);
  const declaration = (n: number) => `CH-DECL-${demo.year}-${String(n).padStart(4, '0')}`;
  const altered: Permit = structuredClone(permits[1]!);
  altered.lines[0]!.quantity = 12_000; // the importer "corrected" 1,200 kg of bark into 12,000
  const invented = kenyanExportPermit(`KE-${demo.year}-99999`, { today: demo.today });
  const byKey = (permit: Permit, n: number) => verificationByKey(permit, declaration(n), demo.today);
  return [
    {
      what: `genuine ${keys[0]} presented by key`,
      request: byKey(permits[0]!, 1),
      verdict: 'ACCEPTED',
      expected: [],
    },
    {
      what: `invented ${permitKeyOf(invented)} (never sent by KE)`,
      request: byKey(invented, 2),
      verdict: 'REJECTED',
      expected: ['NOT_RECEIVED'],
    },
    {
      what: `altered copy of ${keys[1]} (1,200 → 12,000 kg of bark)`,
      request: { document: altered, declaration: matchingDeclaration(altered, declaration(3), demo.today) },
      verdict: 'REJECTED',
      expected: ['DOCUMENT_ALTERED', 'QUANTITY_EXCEEDED'],
    },
    {
      what: `genuine ${keys[0]} presented again`,
      request: byKey(permits[0]!, 4),
      verdict: 'REJECTED',
      expected: ['ALREADY_USED'],
    },
    {
      what: `cancelled ${keys[2]}`,
      request: byKey(permits[2]!, 5),
      verdict: 'REJECTED',
      expected: ['CANCELLED'],
    },
  ];
}

/** Step 4: each case verified by CH's customs, with its reasons; returns the accepted verification. */
async function verifyAtTheBorder(demo: Demo, permits: Permit[]): Promise<VerificationView | undefined> {
  out('\n4. Customs at CH verifies what importers present at the border');
  let accepted: VerificationView | undefined;
  for (const c of borderCases(demo, permits)) {
    const result = await verify(demo.chCustoms, c.request);
    if (result.verdict === 'ACCEPTED') accepted ??= result;
    const got = result.verdict === 'ACCEPTED' ? 'ACCEPTED' : `REJECTED ${result.codes.join(' + ')}`;
    const expected = c.verdict === 'ACCEPTED' ? 'ACCEPTED' : `REJECTED ${c.expected.join(' + ')}`;
    demo.check(c.what, expected, got, result.verdict === c.verdict && sameCodes(result.codes, c.expected));
    step(`${c.what}: ${got}`);
    for (const reason of result.reasons) step(`   ${reason.code}: ${reason.message}`);
  }
  return accepted;
}

/** Step 5: CH's clearance comes back to KE as a usage confirmation, and KE's permit turns USED. */
async function confirmUsage(demo: Demo, key: string, accepted: VerificationView | undefined): Promise<void> {
  out('\n5. CH confirms the clearance to KE (usage confirmation); KE marks its permit USED');
  const used = await eventually(
    async () => {
      const p = await getIssuedPermit(demo.keIssuer, key);
      return p.status === 'USED' ? p : undefined;
    },
    { what: `${key} USED at KE`, timeoutMs: 30_000 },
  );
  const usage = used.usage;
  step(
    `${key} at KE: ${used.status}${usage ? ` by declaration ${usage.declarationNumber}, cleared ${usage.clearedAt}, confirmed by ${usage.confirmedBy}` : ''}`,
  );
  const confirmationId = accepted?.usageConfirmation?.messageId;
  const confirmation =
    confirmationId && (await waitForMessage(demo.chAdmin, confirmationId).catch(() => undefined));
  if (confirmation)
    step(
      `   usage confirmation message ${confirmation.messageId}: ${confirmation.state}, KE's receipt ${confirmation.receipt?.status ?? '-'}`,
    );
  demo.check(`${key} at KE after the clearance at CH`, 'USED', used.status);
}

/** The web console of each country and one demo user per role (passwords shown once, here). */
async function showConsoles(
  countries: ReadonlyArray<{ country: string; apiUrl: string; mongodbUri: string }>,
): Promise<Record<string, { url: string; users: ConsoleUser[] }>> {
  const consoles: Record<string, { url: string; users: ConsoleUser[] }> = {};
  out('\nWeb console (sign in with a user below):');
  for (const c of countries) {
    const users = await createConsoleUsers(c.mongodbUri, c.country);
    consoles[c.country] = { url: `${c.apiUrl}/console/`, users };
    out(`  ${c.country}: ${c.apiUrl}/console/`);
    for (const u of users) out(`    ${u.role.padEnd(8)} name ${u.name.padEnd(12)} password ${u.password}`);
  }
  return consoles;
}

/** The summary table of the checks, why the demo stopped early if it did, and where the logs are. */
function printSummary(
  world: TwoCountries,
  services: Services,
  checks: Check[],
  failure: Error | undefined,
): void {
  out('\nSummary');
  out(
    table([
      ['', 'what', 'expected', 'got'],
      ...checks.map((c) => [c.ok ? 'ok' : 'FAIL', c.what, c.expected, c.got]),
    ]),
  );
  if (failure) out(`\nThe demo stopped early: ${failure.message}`);
  const logs = path.relative(REPO_ROOT, path.join(world.dir, 'logs'));
  out(`\nDatabase server: ${services.mongoServer} (${services.mongodbUri}); gateway logs: ${logs}/`);
}

/** --keep-running: the consoles and their users, and `EPIX_DEMO {json}` for other tools. */
async function keepRunningAndTell(world: TwoCountries): Promise<void> {
  out('\nBoth gateways keep running (stop them with: npm run demo -- --stop)');
  const consoles = await showConsoles(world.countries);
  const info = {
    gateways: world.countries.map((c) => ({
      country: c.country,
      api: c.apiUrl,
      exchange: c.exchangeUrl,
      caCert: c.caCert,
      tokens: c.tokens,
      console: consoles[c.country],
    })),
  };
  out(`EPIX_DEMO ${JSON.stringify(info)}`);
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, ['keep-running', 'stop']);
  if (booleanFlag(args, 'stop')) return stopDemo();
  const keepRunning = booleanFlag(args, 'keep-running');

  out('EPIX demo: Kenya (KE) exports CITES permits to Switzerland (CH)\n');
  out('1. Setting up: services, development PKI, two gateways, tokens, partner onboarding');
  const services = await ensureServices({ log: (line) => step(line) });
  const world = await TwoCountries.prepare({ name: RUN_NAME, services, log: step });
  const checks: Check[] = [];
  let stopping = false;
  const interrupt = (): void => {
    if (stopping) return;
    stopping = true;
    out('\ninterrupted: stopping the demo gateways');
    void world.stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);

  let failure: Error | undefined;
  try {
    await world.startAll();
    await world.createTokens();
    await world.onboardAll();
    await scenario(world, checks);
  } catch (error) {
    failure = error as Error;
  }

  const failed = checks.filter((c) => !c.ok).length + (failure ? 1 : 0);
  printSummary(world, services, checks, failure);
  if (keepRunning && !failure) await keepRunningAndTell(world);
  else {
    await world.stopAll();
    out('\nStopped both gateways.');
  }
  out(failed ? `\n${failed} check(s) FAILED` : `\nAll ${checks.length} checks passed.`);
  return failed ? 1 : 0;
}

void main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`demo failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
