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
import { REPO_ROOT } from './lib/paths';
import {
  kenyanExportPermit,
  matchingDeclaration,
  permitKeyOf,
  verificationByKey,
} from './lib/sample-permits';
import { ensureServices } from './lib/services';
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

async function scenario(world: TwoCountries, checks: Check[]): Promise<void> {
  const keIssuer = world.api('KE', 'issuer');
  const keAdmin = world.api('KE', 'admin');
  const chCustoms = world.api('CH', 'customs');
  const chAdmin = world.api('CH', 'admin');
  const chCa = readFileSync(world.country('CH').caCert, 'utf8');
  const today = new Date();
  const year = today.getUTCFullYear();
  const check = (what: string, expected: string, got: string, ok = expected === got): boolean => {
    checks.push({ what, expected, got, ok });
    return ok;
  };

  out('\n2. KE issues three export permits and sends them to CH (signed XML, mutual TLS, signed receipts)');
  const permits = [1, 2, 3].map((n) =>
    kenyanExportPermit(`KE-${year}-${String(100 + n).padStart(5, '0')}`, {
      today,
      kind: n === 2 ? 'bark' : 'skins',
    }),
  );
  const keys = permits.map(permitKeyOf);
  for (const permit of permits) {
    const started = performance.now();
    const { permitKey, messageId } = await submitPermit(keIssuer, permit);
    const message = await waitForMessage(keAdmin, messageId);
    const ms = Math.round(performance.now() - started);
    const signer = await receiptSigner(message, chCa);
    step(
      `${permitKey}: ${permit.lines.map((l) => `${l.quantity} ${l.unit ?? 'specimens'} ${l.scientificName}`).join(' + ')}`,
    );
    step(
      `   message ${messageId} ${message.state} in ${ms} ms (${message.attempts.length} attempt(s)); receipt ${message.receipt?.status ?? '-'}, ${signer}`,
    );
    check(
      `${permitKey} delivered to CH with a verified receipt`,
      'DELIVERED / ACCEPTED',
      `${message.state} / ${message.receipt?.status ?? '-'}`,
      message.state === 'DELIVERED' &&
        message.receipt?.status === 'ACCEPTED' &&
        signer.startsWith('signature verified'),
    );
    const received = await getReceivedPermit(chCustoms, permitKey);
    step(`   stored at CH as ${received.status}`);
  }

  out('\n3. KE cancels the third permit (the cancellation travels like a permit)');
  const cancelled = await cancelPermit(keIssuer, keys[2]!, 'Specimens seized before export');
  const cancellation = await waitForMessage(keAdmin, cancelled.messageId);
  const atCh = await eventually(
    async () => {
      const p = await getReceivedPermit(chCustoms, keys[2]!);
      return p.status === 'CANCELLED' ? p : undefined;
    },
    { what: `${keys[2]} CANCELLED at CH` },
  );
  step(
    `${keys[2]}: cancellation ${cancellation.state}, receipt ${cancellation.receipt?.status ?? '-'}; CH now holds it as ${atCh.status}`,
  );

  out('\n4. Customs at CH verifies what importers present at the border');
  const declaration = (n: number) => `CH-DECL-${year}-${String(n).padStart(4, '0')}`;
  const altered: Permit = structuredClone(permits[1]!);
  altered.lines[0]!.quantity = 12_000; // the importer "corrected" 1,200 kg of bark into 12,000
  const alteredDeclaration = matchingDeclaration(altered, declaration(3), today);
  const invented = kenyanExportPermit(`KE-${year}-99999`, { today });
  const cases: Array<{
    what: string;
    request: unknown;
    expected: string[];
    verdict: 'ACCEPTED' | 'REJECTED';
  }> = [
    {
      what: `genuine ${keys[0]} presented by key`,
      request: verificationByKey(permits[0]!, declaration(1), today),
      verdict: 'ACCEPTED',
      expected: [],
    },
    {
      what: `invented ${permitKeyOf(invented)} (never sent by KE)`,
      request: verificationByKey(invented, declaration(2), today),
      verdict: 'REJECTED',
      expected: ['NOT_RECEIVED'],
    },
    {
      what: `altered copy of ${keys[1]} (1,200 → 12,000 kg of bark)`,
      request: { document: altered, declaration: alteredDeclaration },
      verdict: 'REJECTED',
      expected: ['DOCUMENT_ALTERED', 'QUANTITY_EXCEEDED'],
    },
    {
      what: `genuine ${keys[0]} presented again`,
      request: verificationByKey(permits[0]!, declaration(4), today),
      verdict: 'REJECTED',
      expected: ['ALREADY_USED'],
    },
    {
      what: `cancelled ${keys[2]}`,
      request: verificationByKey(permits[2]!, declaration(5), today),
      verdict: 'REJECTED',
      expected: ['CANCELLED'],
    },
  ];
  let accepted: VerificationView | undefined;
  for (const c of cases) {
    const result = await verify(chCustoms, c.request);
    if (result.verdict === 'ACCEPTED') accepted ??= result;
    const got = result.verdict === 'ACCEPTED' ? 'ACCEPTED' : `REJECTED ${result.codes.join(' + ')}`;
    const expected = c.verdict === 'ACCEPTED' ? 'ACCEPTED' : `REJECTED ${c.expected.join(' + ')}`;
    check(c.what, expected, got, result.verdict === c.verdict && sameCodes(result.codes, c.expected));
    step(`${c.what}: ${got}`);
    for (const reason of result.reasons) step(`   ${reason.code}: ${reason.message}`);
  }

  out('\n5. CH confirms the clearance to KE (usage confirmation); KE marks its permit USED');
  const used = await eventually(
    async () => {
      const p = await getIssuedPermit(keIssuer, keys[0]!);
      return p.status === 'USED' ? p : undefined;
    },
    { what: `${keys[0]} USED at KE`, timeoutMs: 30_000 },
  );
  const usage = used.usage;
  step(
    `${keys[0]} at KE: ${used.status}${usage ? ` by declaration ${usage.declarationNumber}, cleared ${usage.clearedAt}, confirmed by ${usage.confirmedBy}` : ''}`,
  );
  if (accepted?.usageConfirmation?.messageId) {
    const confirmation = await waitForMessage(chAdmin, accepted.usageConfirmation.messageId).catch(
      () => undefined,
    );
    if (confirmation)
      step(
        `   usage confirmation message ${confirmation.messageId}: ${confirmation.state}, KE's receipt ${confirmation.receipt?.status ?? '-'}`,
      );
  }
  check(`${keys[0]} at KE after the clearance at CH`, 'USED', used.status);
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

  if (keepRunning && !failure) {
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
  } else {
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
