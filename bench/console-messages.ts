/**
 * The console's message list with a large history: seeds `--count` (10,000) received messages straight
 * into CH's database, signs in to CH's console in Debian's Chromium as an auditor, and times `--loads`
 * (10) full page loads of /console/messages until the first page's rows are on screen, and as many
 * "Next page" clicks until the next page's rows are; then the same two API requests alone, in that session.
 * Also reports the console's bundle size (gzip).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { inboundKey } from '../src/domain/exchange/message-repository';
import type { InboundMessage } from '../src/domain/exchange/records';
import { connectMongo } from '../src/storage/mongo-connection';
import { MongoMessageRepository } from '../src/storage/mongo-message-repository';
import { consoleDistPath } from '../src/transport/console-app';
import { numberFlag, parseArgs } from '../scripts/lib/args';
import { createConsoleUsers } from '../scripts/lib/console-users';
import { fmtInt, fmtMs, table } from '../scripts/lib/table';
import { closedLoop } from './lib/load';
import { machineInfo, writeResult } from './lib/results';
import { summarize } from './lib/stats';
import { startBenchWorld } from './lib/world';

const say = (line: string) => process.stdout.write(`${line}\n`);
const PAGE_ROWS = 50;

/** The console's files as served, each gzip-compressed (level 9), in bytes. */
export function consoleBundleSize(): { raw: number; gzip: number; files: number } {
  const dir = path.join(consoleDistPath(), 'assets');
  const sizes = readdirSync(dir).map((f) => {
    const bytes = readFileSync(path.join(dir, f));
    return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  return {
    raw: sizes.reduce((a, s) => a + s.raw, 0),
    gzip: sizes.reduce((a, s) => a + s.gzip, 0),
    files: sizes.length,
  };
}

function receivedMessage(i: number, now: number): InboundMessage {
  const messageId = `bench-${String(i).padStart(6, '0')}`;
  const receivedAt = new Date(now - i * 60_000);
  const digest = createHash('sha256').update(messageId).digest('base64');
  return {
    id: inboundKey('KE', messageId),
    messageId,
    direction: 'inbound',
    partner: 'KE',
    documentType: 'permit',
    permitKey: `KE/2026/KE-B-${String(i).padStart(6, '0')}`,
    state: 'RECEIVED',
    receivedAt,
    archiveId: `archive-${messageId}`,
    digest,
    receipt: {
      receiptId: `r-${messageId}`,
      status: 'ACCEPTED',
      warnings: [],
      receivedDigest: digest,
      receivedAt,
    },
  };
}

async function seed(mongodbUri: string, count: number): Promise<number> {
  const connection = await connectMongo(mongodbUri);
  try {
    const messages = new MongoMessageRepository(connection);
    const started = Date.now();
    const now = Date.now();
    await closedLoop(count, 8, (i) => messages.insertInbound(receivedMessage(i, now)));
    return Date.now() - started;
  } finally {
    await connection.close();
  }
}

async function rowsShown(page: Page, firstId: string | undefined): Promise<string> {
  const rows = page.getByRole('table').getByRole('row');
  await page.waitForFunction(
    ([n, previous]) => {
      const cells = Array.from(document.querySelectorAll('tbody tr td code'));
      return cells.length >= n && cells[0]?.textContent !== previous;
    },
    [PAGE_ROWS, firstId ?? ''] as const,
    { timeout: 60_000 },
  );
  return (await rows.nth(1).locator('code').innerText()).trim();
}

/**
 * The API alone, in the page's signed-in session: `GET /api/v1/messages` for the first 50, then the 50 its
 * `next` cursor names (what "Next page" asks), `runs` times each; separates the server's share of a page
 * load from the browser's.
 */
async function timeApi(
  page: Page,
  apiUrl: string,
  runs: number,
): Promise<{ first: number[]; next: number[] }> {
  type Cursor = { before: string; beforeKey: string };
  const get = async (params: Record<string, string | number>): Promise<{ ms: number; next?: Cursor }> => {
    const started = performance.now();
    const res = await page.request.get(`${apiUrl}/api/v1/messages`, { params });
    const body = (await res.json()) as { items: unknown[]; next?: Cursor };
    if (!res.ok() || body.items.length !== PAGE_ROWS) {
      throw new Error(`GET /api/v1/messages answered ${res.status()} with ${body.items?.length} items`);
    }
    return { ms: performance.now() - started, ...(body.next && { next: body.next }) };
  };
  const first: number[] = [];
  const next: number[] = [];
  for (let i = 0; i < runs; i++) {
    const page1 = await get({ limit: PAGE_ROWS });
    first.push(page1.ms);
    next.push((await get({ limit: PAGE_ROWS, ...page1.next! })).ms);
  }
  return { first, next };
}

export async function runConsoleMessagesBench(argv: readonly string[]): Promise<void> {
  const args = parseArgs(argv, []);
  const count = numberFlag(args, 'count', 10_000);
  const loads = numberFlag(args, 'loads', 10);
  const bundle = consoleBundleSize();
  const bench = await startBenchWorld();
  const browser = await chromium.launch({
    executablePath: process.env.EPIX_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const ch = bench.world.country('CH');
    say(`seeding ${fmtInt(count)} received messages into CH's database ...`);
    const seedMs = await seed(ch.mongodbUri, count);
    const auditor = (await createConsoleUsers(ch.mongodbUri, 'CH')).find((u) => u.role === 'auditor')!;
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    await page.goto(`${ch.apiUrl}/console/`);
    await page.getByLabel('Name').fill(auditor.name);
    await page.getByLabel('Password').fill(auditor.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await rowsShown(page, undefined);

    const loadMs: number[] = [];
    const nextMs: number[] = [];
    for (let i = 0; i < loads; i++) {
      let started = performance.now();
      await page.goto(`${ch.apiUrl}/console/messages`);
      const first = await rowsShown(page, undefined);
      loadMs.push(performance.now() - started);
      started = performance.now();
      await page.getByRole('button', { name: 'Next page' }).click();
      await rowsShown(page, first);
      nextMs.push(performance.now() - started);
    }
    const api = await timeApi(page, ch.apiUrl, loads);
    report({ count, seedMs, loadMs, nextMs, api, bundle, databaseServer: bench.services.mongoServer });
  } finally {
    await browser.close();
    await bench.close();
  }
}

function report(r: {
  count: number;
  seedMs: number;
  loadMs: number[];
  nextMs: number[];
  api: { first: number[]; next: number[] };
  bundle: ReturnType<typeof consoleBundleSize>;
  databaseServer: string;
}): void {
  const load = summarize(r.loadMs);
  const next = summarize(r.nextMs);
  const apiFirst = summarize(r.api.first);
  const apiNext = summarize(r.api.next);
  const row = (what: string, t: ReturnType<typeof summarize>): string[] => [
    what,
    fmtMs(t.p50),
    fmtMs(t.p95),
    fmtMs(t.max),
    String(t.count),
  ];
  say(
    table([
      ['what', 'p50', 'p95', 'max', 'runs'],
      row('message list: page load to first 50 rows', load),
      row('message list: next page to its 50 rows', next),
      row('API alone: GET /api/v1/messages, first 50', apiFirst),
      row('API alone: the next 50 (`next` cursor)', apiNext),
    ]),
  );
  say(`messages in CH's database: ${fmtInt(r.count)} (seeded in ${fmtMs(r.seedMs)})`);
  say(
    `console bundle: ${fmtInt(r.bundle.raw)} bytes, ${fmtInt(r.bundle.gzip)} bytes gzip (${r.bundle.files} files)`,
  );
  const file = writeResult('console-messages', {
    machine: machineInfo(r.databaseServer),
    messages: r.count,
    pageLoadMs: load,
    nextPageMs: next,
    apiFirstPageMs: apiFirst,
    apiNextPageMs: apiNext,
    bundleBytes: r.bundle,
  });
  say(`results: ${file}`);
}
