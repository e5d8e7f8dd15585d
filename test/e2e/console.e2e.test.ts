/**
 * The web console in a real browser (Debian's Chromium through playwright-core) against two real gateways
 * over real mutual TLS. A customs officer at CH signs in and verifies what importers present, by role and
 * label as a person would; the verdicts come from the API (KE really sent the permit). Every page is
 * checked with axe-core and screenshots go to docs/screenshots/ for the README.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import {
  assertBrowserTestPrerequisites,
  launchChromium,
  screenshot,
  settledAxeViolations,
} from '../support/browser';
import { samplePermit } from '../support/permits';
import {
  addConsoleTestUser,
  CONSOLE_TEST_PASSWORD,
  eventually,
  startTwoCountries,
  type TestCountry,
  type TwoCountries,
} from '../support/two-countries';

/** A browser, two gateways and axe on a loaded 2-core machine: generous per-test limits. */
const TEST_MS = 120_000;
const PERMIT_NUMBER = 'KE-2026-CONSOLE1';
let world: TwoCountries;
let ch: TestCountry;
let browser: Browser;
let context: BrowserContext;
let page: Page;

/** KE's issuer sends the sample permit to CH through the API; resolves once DELIVERED. */
async function sendPermitToCh(ke: TestCountry): Promise<void> {
  const sent = await ke
    .api()
    .post('/api/v1/permits')
    .set('Authorization', `Bearer ${ke.tokens.issuer}`)
    .send(samplePermit({ permitNumber: PERMIT_NUMBER }));
  expect(sent.status).toBe(202);
  const messageId = (sent.body as { messageId: string }).messageId;
  await eventually(
    async () => {
      const res = await ke
        .api()
        .get(`/api/v1/messages/${messageId}`)
        .set('Authorization', `Bearer ${ke.tokens.auditor}`);
      return (res.body as { state?: string }).state === 'DELIVERED' ? true : undefined;
    },
    { timeoutMs: 20_000, intervalMs: 100, what: `${messageId} DELIVERED` },
  );
}

beforeAll(async () => {
  assertBrowserTestPrerequisites();
  world = await startTwoCountries();
  ch = world.ch;
  await Promise.all([
    addConsoleTestUser(ch, 'customs', 'ch.customs'),
    addConsoleTestUser(ch, 'auditor', 'ch.auditor'),
    sendPermitToCh(world.ke),
  ]);
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await world?.close();
});

beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en-GB' });
  page = await context.newPage();
});
afterEach(async () => {
  await context?.close();
});

async function expectAccessible(): Promise<void> {
  expect(await settledAxeViolations(page)).toEqual([]);
}

async function textOf(locator: Locator): Promise<string> {
  await locator.first().waitFor({ state: 'visible', timeout: 15_000 });
  return (await locator.first().innerText()).replace(/\s+/g, ' ');
}

async function signIn(name: string): Promise<void> {
  await page.goto(`${ch.gateway.apiUrl}/console/`);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Password').fill(CONSOLE_TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Fills the customs form as an officer reads it off the presented permit and the declaration. */
async function verify(permitNumber: string, declarationNumber: string): Promise<string> {
  await page.getByLabel('Issuing country (two-letter code)').fill('KE');
  await page.getByLabel('Permit number').fill(permitNumber);
  await page.getByLabel('Declaration number').fill(declarationNumber);
  await page.getByLabel('Arrival date').fill('2026-04-15');
  await page.getByLabel('Importer').fill('Leder Import Genf SA');
  await page.getByLabel('Scientific name').fill('Python sebae');
  await page.getByLabel('Term code (e.g. LIV)').fill('SKI');
  await page.getByLabel('Quantity').fill('150');
  await page.getByLabel('Unit code (blank for a number of specimens)').fill('PCS');
  await page.getByRole('button', { name: 'Verify' }).click();
  const verdict = page.getByRole('region', { name: 'Verdict' }).filter({ hasText: declarationNumber });
  return textOf(verdict);
}

describe('the web console', () => {
  test(
    'when a customs officer verifies presented permits, then genuine is ACCEPTED, reused ALREADY_USED, forged NOT_RECEIVED, and French shows the verdict in French',
    async () => {
      await page.goto(`${ch.gateway.apiUrl}/console/`);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await expectAccessible();
      await screenshot(page, 'sign-in');

      await signIn('ch.customs');
      await page.getByRole('heading', { name: 'Verify a presented permit' }).waitFor();
      await expectAccessible();

      const accepted = await verify(PERMIT_NUMBER, 'CH-CONSOLE-1');
      expect(accepted).toContain('ACCEPTED: the permit may clear this shipment');
      expect(accepted).toContain('KE/2026/KE-2026-CONSOLE1');
      await expectAccessible();
      await screenshot(page, 'customs-accepted');

      const reused = await verify(PERMIT_NUMBER, 'CH-CONSOLE-2');
      expect(reused).toContain('REJECTED: do not clear this shipment');
      expect(reused).toContain('This permit has already been used for another shipment.');
      expect(reused).toContain('ALREADY_USED');

      const forged = await verify('KE-2026-FORGED9', 'CH-CONSOLE-3');
      expect(forged).toContain('REJECTED: do not clear this shipment');
      expect(forged).toContain('No permit with this number was received from the issuing country.');
      expect(forged).toContain('NOT_RECEIVED');

      await page.getByRole('radio', { name: 'Français' }).check();
      await page.getByRole('heading', { name: 'Vérifier un permis présenté' }).waitFor();
      const french = await textOf(page.getByRole('region', { name: 'Verdict' }));
      expect(french).toContain('REFUSÉ : ne pas dédouaner cet envoi');
      expect(french).toContain("Aucun permis portant ce numéro n'a été reçu du pays émetteur.");
      expect(french).toMatch(/Vérifié le \d{1,2} déc\. 2026/);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
      await expectAccessible();
      await screenshot(page, 'customs-rejected-fr');

      // The verdicts are the API's: CH's own records say the same.
      const stored = await ch
        .api()
        .get('/api/v1/verifications')
        .set('Authorization', `Bearer ${ch.tokens.auditor}`);
      const byDeclaration = Object.fromEntries(
        (
          stored.body.items as Array<{ declarationNumber: string; reasonCodes: string[]; verdict: string }>
        ).map((v) => [v.declarationNumber, [v.verdict, ...v.reasonCodes].join(' ')]),
      );
      expect(byDeclaration).toEqual({
        'CH-CONSOLE-1': 'ACCEPTED',
        'CH-CONSOLE-2': 'REJECTED ALREADY_USED',
        'CH-CONSOLE-3': 'REJECTED NOT_RECEIVED',
      });
    },
    TEST_MS,
  );

  test(
    'when a customs officer looks for the messages screen, then it is not offered and the API answers 403 to the session',
    async () => {
      await signIn('ch.customs');
      const nav = page.getByRole('navigation', { name: 'Screens' });
      expect(await nav.getByRole('link').allInnerTexts()).toEqual(['Verify a permit']);
      await page.goto(`${ch.gateway.apiUrl}/console/messages`);
      await page.getByRole('heading', { name: 'This page does not exist.' }).waitFor();
      const answers = await page.evaluate(async () => {
        const list = await fetch('/api/v1/messages');
        const withoutCsrf = await fetch('/api/v1/verifications', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{}',
        });
        return [
          list.status,
          ((await list.json()) as { error: { code: string } }).error.code,
          withoutCsrf.status,
          ((await withoutCsrf.json()) as { error: { code: string } }).error.code,
        ];
      });
      expect(answers).toEqual([403, 'FORBIDDEN', 403, 'CSRF_TOKEN_INVALID']);
    },
    TEST_MS,
  );

  test(
    'when an auditor opens the messages screen, then the permit received from KE is listed, a filter with no match says so, and sign-out ends the session',
    async () => {
      await signIn('ch.auditor');
      await page.getByRole('heading', { name: 'Exchanged messages' }).waitFor();
      const table = page.getByRole('table');
      const row = table
        .getByRole('row')
        .filter({ hasText: 'KE/2026/KE-2026-CONSOLE1' })
        .filter({ hasText: 'Permit' });
      expect(await textOf(row)).toContain('Received');
      await expectAccessible();
      await screenshot(page, 'messages');

      await page.getByLabel('Document type').selectOption({ label: 'Cancellation' });
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.getByText('No message matches these filters.').waitFor();
      await expectAccessible();

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      const after = await page.evaluate(async () => (await fetch('/api/v1/session')).status);
      expect(after).toBe(401);
    },
    TEST_MS,
  );
});
