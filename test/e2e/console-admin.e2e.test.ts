/**
 * The console's administrator screens in a real browser (Debian's Chromium through playwright-core)
 * against two real gateways over real mutual TLS. KE's administrator onboards CH through the partner
 * screens (add, upload its CAs with the checks shown by field, activate, ping), follows a permit KE sent
 * to CH into its message detail (attempts, signed receipt, signed XML), reads the overview, acknowledges
 * an alert, checks the audit chain, and creates a user and an API token. A customs officer sees none of
 * it and gets 403 from the API. Every page is checked with axe-core; screenshots go to docs/screenshots/.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import {
  assertBrowserTestPrerequisites,
  launchChromium,
  screenshot,
  settledAxeViolations,
} from '../support/browser';
import { queuedMessage } from '../support/messages';
import { samplePermit } from '../support/permits';
import { receivedRecord } from '../support/permit-records';
import { testPki } from '../support/pki';
import { dropDatabaseOf } from '../support/services';
import {
  addConsoleTestUser,
  CONSOLE_TEST_PASSWORD,
  eventually,
  onboard,
  startCountry,
  type TestCountry,
} from '../support/two-countries';

const TEST_MS = 150_000;
let ke: TestCountry;
let ch: TestCountry;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  assertBrowserTestPrerequisites();
  [ke, ch] = await Promise.all([startCountry('KE'), startCountry('CH')]);
  // CH already trusts KE (through its API); KE's administrator onboards CH through the console.
  await Promise.all([
    onboard(ch, { country: 'KE', exchangeUrl: ke.gateway.exchangeUrl }),
    addConsoleTestUser(ke, 'admin', 'ke.admin'),
    addConsoleTestUser(ke, 'customs', 'ke.customs'),
  ]);
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  for (const side of [ke, ch]) {
    if (!side) continue;
    await side.gateway.close();
    await dropDatabaseOf(side.gateway.config.mongodbUri);
  }
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
  await page.goto(`${ke.gateway.apiUrl}/console/`);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Password').fill(CONSOLE_TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Screenshots without the transient confirmation toasts over the header. */
async function settledScreenshot(name: string): Promise<void> {
  await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 10_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

async function openScreen(name: string, heading: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/** Uploads a certificate on the partner page and returns the text of the answer (checks or field error). */
async function upload(role: string, pem: string): Promise<void> {
  await page.getByLabel('Role').selectOption({ label: role });
  await page.getByLabel('Certificate (PEM text)').fill(pem);
  await page.getByRole('button', { name: 'Check and upload' }).click();
}

async function onboardChThroughTheConsole(): Promise<void> {
  await openScreen('Partners', 'Partner countries');
  await expectAccessible();
  await page.getByLabel('Country code').fill('ch');
  await page.getByLabel('Name', { exact: true }).fill('CH Management Authority');
  await page.getByLabel('Exchange endpoint URL (https)').fill(ch.gateway.exchangeUrl);
  await page.getByRole('button', { name: 'Add partner' }).click();
  await page.getByRole('link', { name: 'CH', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'CH: CH Management Authority' }).waitFor();

  // A rejected upload is shown on the certificate field, in words and with its code.
  await upload('TLS certificate authority', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
  expect(await textOf(page.getByText('This is not a readable X.509 certificate.'))).toContain(
    'CERT_UNPARSEABLE',
  );

  const ca = readFileSync((await testPki('CH')).files.caCert!, 'utf8');
  await upload('TLS certificate authority', ca);
  const checks = page.getByRole('region', { name: 'Checks of the uploaded certificate' });
  const tlsChecks = await textOf(checks);
  expect(tlsChecks).toMatch(/Certificate authority Yes/);
  expect(tlsChecks).toMatch(/Subject country CH/);
  expect(tlsChecks).toContain('keyCertSign');
  await upload('Signing certificate authority', ca);
  const table = page.getByRole('table', { name: 'Certificates of CH' });
  await table.getByRole('row').filter({ hasText: 'Signing certificate authority' }).waitFor();
  expect(await table.getByRole('row').filter({ hasText: 'Active' }).count()).toBe(2);

  await page.getByRole('button', { name: 'Activate' }).click();
  await page.getByRole('button', { name: 'Suspend' }).waitFor();
  await page.getByRole('button', { name: 'Ping' }).click();
  const ping = await textOf(page.getByText(/Reached over mutual TLS in/));
  expect(ping).toMatch(/Reached over mutual TLS in [\d,.]+ ms \(HTTP 200\)/);
  await expectAccessible();
  await settledScreenshot('partner');
}

/** KE's issuer sends a permit to CH through the API; resolves with its message id once DELIVERED. */
async function sendPermitToCh(): Promise<string> {
  const sent = await ke
    .api()
    .post('/api/v1/permits')
    .set('Authorization', `Bearer ${ke.tokens.issuer}`)
    .send(samplePermit({ permitNumber: 'KE-2026-ADMIN1' }));
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
  return messageId;
}

async function followTheMessage(messageId: string): Promise<void> {
  await openScreen('Messages', 'Exchanged messages');
  await page.getByRole('link', { name: messageId }).click();
  await page.getByRole('heading', { level: 1, name: `Message ${messageId}` }).waitFor();
  expect(await textOf(page.locator('.attempt').filter({ hasText: 'Attempt 1: delivered' }))).toContain(
    'HTTP 200',
  );
  const receipt = await textOf(
    page.locator('.ant-card').filter({ has: page.getByRole('heading', { name: 'Signed receipt' }) }),
  );
  expect(receipt).toContain('Accepted');
  const href = await page.getByRole('link', { name: 'Download the signed XML' }).getAttribute('href');
  const xml = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
  expect(xml).toContain(messageId);
  expect(xml).toContain('Signature');
  // The exact signed bytes: what KE sent is what CH archived on receipt.
  const received = await ch
    .api()
    .get(`/api/v1/messages/${messageId}/signed-xml`)
    .set('Authorization', `Bearer ${ch.tokens.auditor}`)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  expect(received.status).toBe(200);
  expect((received.body as Buffer).toString('utf8')).toBe(xml);
  await expectAccessible();
  await screenshot(page, 'message-detail');
}

async function readTheOverview(): Promise<void> {
  await openScreen('Overview', 'Overview');
  const table = page.getByRole('table', { name: 'Messages per partner, direction and state' });
  expect(await textOf(table.getByRole('row').filter({ hasText: 'Delivered' }))).toMatch(
    /CH Sent Delivered 1/,
  );
  expect(await textOf(page.getByText(/not acknowledged/))).toMatch(/[1-9]\d* not acknowledged/);
  await expectAccessible();
  await screenshot(page, 'overview');
  await page.getByRole('radio', { name: 'Français' }).check();
  await page.getByRole('heading', { level: 1, name: "Vue d'ensemble" }).waitFor();
  expect(await textOf(page.getByText(/^Compté le/))).toMatch(/^Compté le \d{1,2} déc\. 2026/);
  await page.getByRole('radio', { name: 'Derniers 7 jours' }).check();
  await page
    .getByRole('table', { name: 'Messages par partenaire, sens et état' })
    .getByText('Remis')
    .waitFor();
  await expectAccessible();
  await page.getByRole('radio', { name: 'English' }).check();
}

async function acknowledgeTheAlert(): Promise<void> {
  await openScreen('Alerts', 'Alerts');
  const row = page.getByRole('row').filter({ hasText: 'Delivery to CH failed in a drill' });
  await row.getByRole('button', { name: /Acknowledge/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Acknowledge the alert' });
  await dialog.getByLabel('Note (optional)').fill('drill, nothing to do');
  await expectAccessible();
  await dialog.getByRole('button', { name: 'Acknowledge' }).click();
  expect(await textOf(row.getByText(/Acknowledged by ke.admin/))).toContain('ke.admin');
  await expectAccessible();
  await settledScreenshot('alerts');
}

async function checkTheAuditTrail(): Promise<void> {
  await openScreen('Audit trail', 'Audit trail');
  expect(await textOf(page.getByText(/^Chain intact:/))).toMatch(/Chain intact: [\d,]+ entries/);
  const table = page.getByRole('table', { name: 'Audit entries' });
  await table.getByRole('row').filter({ hasText: 'alert.acknowledged' }).waitFor();
  await expectAccessible();
  await screenshot(page, 'audit');
}

async function createAUserAndAToken(): Promise<void> {
  await openScreen('Users and tokens', 'Users and API tokens');
  await page.getByLabel('Sign-in name').fill('ke.auditor2');
  await page.getByLabel('Role', { exact: true }).first().selectOption({ label: 'auditor' });
  await page.getByLabel('Initial password (at least 12 characters)').fill(CONSOLE_TEST_PASSWORD);
  await page.getByRole('button', { name: 'Create user' }).click();
  await page
    .getByRole('table', { name: 'Console users' })
    .getByRole('row')
    .filter({ hasText: 'ke.auditor2' })
    .waitFor();

  await page.getByRole('button', { name: 'Disable ke.auditor2' }).click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: 'Disable' }).click();
  const disabled = page
    .getByRole('table', { name: 'Console users' })
    .getByRole('row')
    .filter({ hasText: 'ke.auditor2' });
  expect(await textOf(disabled.getByText(/Disabled on/))).toContain('by ke.admin');
  const refused = await ke
    .api()
    .post('/api/v1/session')
    .send({ name: 'ke.auditor2', password: CONSOLE_TEST_PASSWORD });
  expect(refused.status).toBe(401);

  const tokenForm = page.locator('form[id="add-token"]');
  await tokenForm.getByLabel('Name').fill('ci-robot');
  await tokenForm.getByLabel('Role').selectOption({ label: 'auditor' });
  await tokenForm.getByRole('button', { name: 'Create token' }).click();
  const dialog = page.getByRole('dialog', { name: 'The new token’s secret' });
  const secret = await dialog.getByLabel('Token secret').inputValue();
  expect(secret.length).toBeGreaterThan(20);
  await expectAccessible();
  await dialog.getByRole('button', { name: 'I have copied it' }).click();
  const used = await ke.api().get('/api/v1/messages').set('Authorization', `Bearer ${secret}`);
  expect(used.status).toBe(200);
  const listed = await ke.api().get('/api/v1/tokens').set('Authorization', `Bearer ${ke.tokens.admin}`);
  expect(JSON.stringify(listed.body)).not.toContain(secret);
  await page
    .getByRole('table', { name: 'API tokens' })
    .getByRole('row')
    .filter({ hasText: 'ci-robot' })
    .waitFor();
  await expectAccessible();
  await settledScreenshot('users');
}

describe('the console for administrators', () => {
  test(
    'when an administrator onboards CH, follows a permit, acknowledges an alert and adds a user and a token, then each screen shows it and passes axe',
    async () => {
      await ke.gateway.alerts.raise({
        kind: 'delivery-failed',
        severity: 'critical',
        message: 'Delivery to CH failed in a drill',
      });
      await signIn('ke.admin');
      await page.getByRole('heading', { level: 1, name: 'Exchanged messages' }).waitFor();
      const nav = page.getByRole('navigation', { name: 'Screens' });
      expect(await nav.getByRole('link').allInnerTexts()).toEqual([
        'Messages',
        'Overview',
        'Partners',
        'Alerts',
        'Audit trail',
        'Users and tokens',
        'Reports',
      ]);
      await onboardChThroughTheConsole();
      await followTheMessage(await sendPermitToCh());
      await readTheOverview();
      await acknowledgeTheAlert();
      await checkTheAuditTrail();
      await createAUserAndAToken();
    },
    TEST_MS,
  );

  test(
    'when thirty messages share one millisecond, then the administrator pages through them with Next page and sees each once, newest first',
    async () => {
      const at = new Date('2020-05-06T07:08:09.010Z');
      const ids = Array.from({ length: 30 }, (_, i) => `paging-${String(i).padStart(2, '0')}`);
      for (const id of ids)
        await ke.gateway.exchange.messages.insertOutbound(
          queuedMessage(id, at, { permitKey: 'KE/2020/PAGING' }),
        );
      await signIn('ke.admin');
      await page.getByLabel('Permit key').fill('KE/2020/PAGING');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.getByLabel('Rows per page').selectOption('25');
      await page.getByText('25 messages on this page').waitFor();
      const first = await page.locator('tbody a code').allInnerTexts();
      await page.getByRole('button', { name: 'Next page' }).click();
      await page.getByText('5 messages on this page').waitFor();
      const second = await page.locator('tbody a code').allInnerTexts();
      expect([...first, ...second]).toEqual([...ids].reverse());
      expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
      await page.getByRole('button', { name: 'Previous page' }).click();
      await page.getByText('25 messages on this page').waitFor();
      expect(await page.locator('tbody a code').allInnerTexts()).toEqual(first);
    },
    TEST_MS,
  );

  test(
    'when more permits were received than a page holds, then customs sees the newest first and reaches the oldest with Older permits',
    async () => {
      const start = Date.parse('2021-01-01T00:00:00Z');
      const keys: string[] = [];
      for (let i = 0; i < 205; i++) {
        const number = `TZ-2021-${String(i).padStart(5, '0')}`;
        const at = new Date(start + Math.floor(i / 5) * 60_000); // five to a minute: pages end inside one
        keys.push(`TZ/2021/${number}`);
        await ke.gateway.exchange.received.insert(
          receivedRecord(number, {
            permitKey: `TZ/2021/${number}`,
            issuingCountry: 'TZ',
            messageId: `paging-${number}`,
            receivedAt: at,
            updatedAt: at,
          }),
        );
      }
      await signIn('ke.customs');
      await page.goto(`${ke.gateway.apiUrl}/console/customs?tab=received`);
      const firstRow = page.locator('tbody tr').first().locator('code');
      await firstRow.waitFor();
      expect(await firstRow.innerText()).toBe(keys[204]);
      expect(await page.getByRole('button', { name: 'Newer permits' }).isDisabled()).toBe(true);
      await page.getByRole('button', { name: 'Older permits' }).click();
      await page.locator('tbody tr code', { hasText: keys[4]! }).waitFor();
      expect(await page.locator('tbody tr code').allInnerTexts()).toEqual(keys.slice(0, 5).reverse());
      expect(await page.getByRole('button', { name: 'Older permits' }).isDisabled()).toBe(true);
      await page.getByRole('button', { name: 'Newest permits' }).click();
      await page.locator('tbody tr code', { hasText: keys[204]! }).waitFor();
      await expectAccessible();
    },
    TEST_MS,
  );

  test(
    'when a customs officer signs in, then no administrator screen is offered and the API answers 403 to the session',
    async () => {
      await signIn('ke.customs');
      const nav = page.getByRole('navigation', { name: 'Screens' });
      expect(await nav.getByRole('link').allInnerTexts()).not.toContain('Partners');
      await page.goto(`${ke.gateway.apiUrl}/console/partners`);
      await page.getByRole('heading', { name: 'This page does not exist.' }).waitFor();
      const answers = await page.evaluate(async () => {
        const codeOf = async (res: Response) =>
          ((await res.json()) as { error: { code: string } }).error.code;
        const partners = await fetch('/api/v1/partners');
        const users = await fetch('/api/v1/users');
        return [partners.status, await codeOf(partners), users.status, await codeOf(users)];
      });
      expect(answers).toEqual([403, 'FORBIDDEN', 403, 'FORBIDDEN']);
    },
    TEST_MS,
  );
});
