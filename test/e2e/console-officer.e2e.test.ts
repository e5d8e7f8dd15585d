/**
 * The officers' screens of the web console in a real browser (Debian's Chromium through playwright-core)
 * against two real gateways over real mutual TLS: at KE a permit officer issues a permit through the form
 * and follows it to DELIVERED; at CH customs verifies it (by number and by the presented XML), reads the
 * verdicts in English and French and the received permit as the paper form; KE's annual report downloaded
 * from the console is the CLI's file byte for byte; a risk analyst writes a rule profile. axe-core checks
 * every page; screenshots go to docs/screenshots/ for the README.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import {
  assertBrowserTestPrerequisites,
  launchChromium,
  screenshot,
  settledAxeViolations,
} from '../support/browser';
import {
  addConsoleTestUser,
  CONSOLE_TEST_PASSWORD,
  startTwoCountries,
  type TestCountry,
  type TwoCountries,
} from '../support/two-countries';

/** A browser, two gateways and axe on a loaded 2-core machine: generous per-test limits. */
const TEST_MS = 120_000;
const PERMIT_NUMBER = 'KE-2026-OFFICER1';
const PERMIT_KEY = `KE/2026/${PERMIT_NUMBER}`;
const YEAR = new Date().getUTCFullYear();
let world: TwoCountries;
let ke: TestCountry;
let ch: TestCountry;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  assertBrowserTestPrerequisites();
  world = await startTwoCountries();
  ({ ke, ch } = world);
  await Promise.all([
    addConsoleTestUser(ke, 'issuer', 'ke.issuer'),
    addConsoleTestUser(ke, 'auditor', 'ke.auditor'),
    addConsoleTestUser(ch, 'customs', 'ch.customs'),
    addConsoleTestUser(ch, 'risk', 'ch.risk'),
  ]);
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await world?.close();
});

beforeEach(async () => {
  context = await browser.newContext({
    viewport: { width: 1280, height: 720 },
    locale: 'en-GB',
    acceptDownloads: true,
  });
  page = await context.newPage();
});
afterEach(async () => {
  await context?.close();
});

async function expectAccessible(): Promise<void> {
  expect(await settledAxeViolations(page)).toEqual([]);
}

/** Runs `look` on an upright tablet (820×1180), checks the page with axe there, and returns to the laptop. */
async function onTablet(look: () => Promise<void>): Promise<void> {
  await page.setViewportSize({ width: 820, height: 1180 });
  await look();
  await expectAccessible();
  await page.setViewportSize({ width: 1280, height: 720 });
}

async function textOf(locator: Locator): Promise<string> {
  await locator.first().waitFor({ state: 'visible', timeout: 15_000 });
  return (await locator.first().innerText()).replace(/\s+/g, ' ');
}

async function signIn(side: TestCountry, name: string): Promise<void> {
  await page.goto(`${side.gateway.apiUrl}/console/`);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Password').fill(CONSOLE_TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** The issuer fills the boxes of the permit form as from the application in front of them. */
async function fillPermit(quantity: string): Promise<void> {
  const form = page.locator('form[id="permit"]');
  await form.getByLabel('Permit number (box 1)').fill(PERMIT_NUMBER);
  const exporter = form.getByRole('group', { name: 'Exporter (box 4)' });
  await exporter.getByLabel('Name').fill('Savannah Hides and Botanicals Ltd');
  await exporter.getByLabel('City (optional)').fill('Nairobi');
  const importer = form.getByRole('group', { name: 'Importer (box 3)' });
  await importer.getByLabel('Name').fill('Leder Import Genf SA');
  await importer.getByLabel('Country').selectOption('CH');
  await form
    .getByRole('group', { name: 'Management Authority (box 6)' })
    .getByLabel('Name')
    .fill('Kenya Wildlife Service, CITES Management Authority');
  const block = form.getByRole('group', { name: 'Block A' });
  await block.getByLabel('Scientific name (box 7)').fill('Python sebae');
  await block.getByLabel('Type of specimen (term, box 9)').selectOption('SKI');
  await block.getByLabel('Quantity (box 11)').fill(quantity);
  await block.getByLabel('Unit (box 11)').selectOption('PCS');
  await form.getByRole('button', { name: 'Sign and send' }).click();
}

/** Customs fills the declaration; the permit is presented by number unless `xml` is given. */
async function verify(declarationNumber: string, presented: { number: string } | { xml: string }) {
  if ('number' in presented) {
    await page.getByLabel('Issuing country (two-letter code)').fill('KE');
    await page.getByLabel('Permit number').fill(presented.number);
  } else {
    await page.getByLabel('the electronic document (XML file)').check();
    await page.getByLabel('Permit XML file').setInputFiles({
      name: 'presented.xml',
      mimeType: 'application/xml',
      buffer: Buffer.from(presented.xml, 'utf8'),
    });
    await page.getByText('presented.xml (').waitFor();
  }
  await page.getByLabel('Declaration number').fill(declarationNumber);
  await page.getByLabel('Importer').fill('Leder Import Genf SA');
  await page.getByLabel('Scientific name').fill('Python sebae');
  await page.getByLabel('Term code (e.g. LIV)').fill('SKI');
  await page.getByLabel('Quantity').fill('150');
  await page.getByLabel('Unit code (blank for a number of specimens)').fill('PCS');
  await page.getByRole('button', { name: 'Verify', exact: true }).click();
  const verdict = page.getByRole('region', { name: 'Verdict' }).filter({ hasText: declarationNumber });
  return textOf(verdict);
}

describe('the officers’ console screens', () => {
  test(
    'when a KE permit officer issues a permit through the form, then a bad quantity is shown at its field and the corrected permit is DELIVERED to CH',
    async () => {
      await signIn(ke, 'ke.issuer');
      const nav = page.getByRole('navigation', { name: 'Screens' });
      expect(await nav.getByRole('link').allInnerTexts()).toEqual(['Permits', 'Reports']);
      await nav.getByRole('link', { name: 'Permits' }).click();
      await page.getByRole('heading', { name: 'Issued permits' }).waitFor();
      await page.getByRole('button', { name: 'Issue a new permit' }).click();
      await page.getByRole('heading', { name: 'Issue a permit' }).waitFor();

      await fillPermit('0');
      const quantityItem = page
        .locator('.ant-form-item')
        .filter({ has: page.getByLabel('Quantity (box 11)') });
      expect(await textOf(quantityItem.getByText('Must be greater than zero'))).toBe(
        'Must be greater than zero',
      );
      expect(await textOf(page.getByRole('alert'))).toContain('lines[0].quantity');
      await expectAccessible();
      await screenshot(page, 'permits-issue-invalid');

      await page.getByLabel('Quantity (box 11)').fill('150');
      await page.getByRole('button', { name: 'Sign and send' }).click();
      await page.getByText(`Permit ${PERMIT_KEY} was signed and queued for Switzerland.`).waitFor();
      const row = page.getByRole('row').filter({ hasText: PERMIT_KEY });
      await row.locator('[data-state="DELIVERED"]').waitFor({ timeout: 30_000 });
      expect(await textOf(row)).toMatch(/Switzerland.*150 pieces Python sebae.*Issued.*Delivered/);
      await expectAccessible();
      await screenshot(page, 'permits-list');
      await onTablet(async () => {
        await page.getByRole('button', { name: 'Issue a new permit' }).click();
        await page.getByLabel('Permit number (box 1)').waitFor();
      });
    },
    TEST_MS,
  );

  test(
    'when CH customs verifies the permit by number and by its XML, then ACCEPTED, ALREADY_USED, NOT_RECEIVED, French verdicts and the paper form follow',
    async () => {
      await signIn(ch, 'ch.customs');
      await page.getByRole('heading', { name: 'Verify a presented permit' }).waitFor();
      const accepted = await verify('CH-OFFICER-1', { number: PERMIT_NUMBER });
      expect(accepted).toContain('ACCEPTED: the permit may clear this shipment');
      expect(accepted).toContain(PERMIT_KEY);
      await expectAccessible();
      await screenshot(page, 'customs-verdict-risk');

      expect(await verify('CH-OFFICER-2', { number: PERMIT_NUMBER })).toContain(
        'This permit has already been used for another shipment.',
      );
      const issued = await ke
        .api()
        .get(`/api/v1/permits/${encodeURIComponent(PERMIT_KEY)}`)
        .set('Authorization', `Bearer ${ke.tokens.issuer}`);
      const byXml = await verify('CH-OFFICER-3', { xml: (issued.body as { signedXml: string }).signedXml });
      expect(byXml).toContain('ALREADY_USED');
      expect(byXml).not.toContain('DOCUMENT_ALTERED');
      await expectAccessible();

      await page.getByLabel('its number, read off the document').check();
      const forged = await verify('CH-OFFICER-4', { number: 'KE-2026-FORGED7' });
      expect(forged).toContain('No permit with this number was received from the issuing country.');
      expect(forged).toContain('NOT_RECEIVED');

      await page.getByRole('radio', { name: 'Français' }).check();
      await page.getByRole('heading', { name: 'Vérifier un permis présenté' }).waitFor();
      const french = await textOf(page.getByRole('region', { name: 'Verdict' }));
      expect(french).toContain('REFUSÉ : ne pas dédouaner cet envoi');
      expect(french).toContain("Aucun permis portant ce numéro n'a été reçu du pays émetteur.");
      await page.getByRole('radio', { name: 'English' }).check();

      await page.getByRole('tab', { name: 'Received permits' }).click();
      const received = page.getByRole('row').filter({ hasText: PERMIT_KEY });
      expect(await textOf(received)).toMatch(/Kenya.*Leder Import Genf SA.*150 pieces Python sebae.*Valid/);
      await expectAccessible();
      await screenshot(page, 'customs-received');
      await onTablet(async () => {
        expect(await received.isVisible()).toBe(true);
        await screenshot(page, 'customs-received-tablet');
      });

      await received.getByRole('link', { name: `Show ${PERMIT_KEY} as the paper form` }).click();
      const form = page.getByRole('article', { name: PERMIT_KEY });
      expect(await textOf(form.getByRole('group', { name: '1. Permit / certificate No.' }))).toContain(
        PERMIT_NUMBER,
      );
      expect(await textOf(form.getByRole('group', { name: '3a. Country of import' }))).toContain(
        'Switzerland',
      );
      expect(await textOf(form.getByRole('group', { name: '11. Quantity (including unit)' }))).toContain(
        '150 pieces',
      );
      await expectAccessible();
      await screenshot(page, 'customs-paper-form');
      await page.emulateMedia({ media: 'print' });
      expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
      expect(await form.isVisible()).toBe(true);
    },
    TEST_MS,
  );

  test(
    'when the permit was cleared at CH, then KE’s issuer sees it USED with the cleared quantities, and the annual CSV downloaded from the console is the file epix report annual writes',
    async () => {
      await signIn(ke, 'ke.issuer');
      await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Permits' }).click();
      const row = page.getByRole('row').filter({ hasText: PERMIT_KEY });
      await row.waitFor();
      for (let i = 0; i < 60 && (await row.locator('[data-state="USED"]').count()) === 0; i++) {
        await page.getByRole('button', { name: 'Refresh' }).click();
        await page.waitForTimeout(500);
      }
      expect(await textOf(row.getByTestId('usage'))).toMatch(/Block A: 150 pieces Declaration CH-OFFICER-1/);

      await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Reports' }).click();
      await page.getByRole('heading', { name: 'Annual trade report' }).waitFor();
      expect(await page.getByRole('heading', { name: 'Illegal trade report' }).count()).toBe(0);
      await page.getByRole('button', { name: 'Sign out' }).click();

      await signIn(ke, 'ke.auditor');
      await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Reports' }).click();
      await page.getByRole('heading', { name: 'Illegal trade report' }).waitFor();
      await page.getByRole('heading', { name: /Validation warnings/ }).waitFor();
      await page.getByRole('table', { name: 'By partner country' }).waitFor();
      await expectAccessible();
      await screenshot(page, 'reports');
      await page.getByRole('heading', { name: 'Statistics', exact: true }).scrollIntoViewIfNeeded();
      await screenshot(page, 'reports-statistics');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download Annual trade report as CSV' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`annual-trade-report-${YEAR}.csv`);
      const downloaded = readFileSync(await download.path());
      const out = path.join(mkdtempSync(path.join(tmpdir(), 'epix-console-annual-')), `annual-${YEAR}.csv`);
      await promisify(execFile)(
        process.execPath,
        [path.resolve('bin/epix.js'), 'report', 'annual', '--year', String(YEAR), '--out', out],
        { env: { ...process.env, MONGODB_URI: ke.gateway.config.mongodbUri } },
      );
      expect(downloaded.equals(readFileSync(out))).toBe(true);
      expect(downloaded.toString('utf8')).toContain(PERMIT_NUMBER);
    },
    TEST_MS,
  );

  test(
    'when a CH risk analyst writes a rule profile and changes it, then it is listed in words with its statistics and both versions are kept',
    async () => {
      await signIn(ch, 'ch.risk');
      const nav = page.getByRole('navigation', { name: 'Screens' });
      expect(await nav.getByRole('link').allInnerTexts()).toEqual(['Risk profiles']);
      await nav.getByRole('link', { name: 'Risk profiles' }).click();
      await page.getByRole('button', { name: 'New profile' }).click();
      const form = page.locator('form[id="risk-profile"]');
      await form.getByLabel('Name', { exact: true }).fill('Appendix I live animals by air');
      await form.getByLabel('Lane when selected').selectOption('RED');
      await form.getByLabel('Selection rate (percent of matching declarations)').fill('50');
      const first = form.getByRole('group', { name: 'Criterion 1' });
      await first.getByLabel('Fact').fill('appendix');
      await first.getByLabel('Value (lists: separated by commas)').fill('I');
      await form.getByRole('button', { name: 'Add a criterion' }).click();
      const second = form.getByRole('group', { name: 'Criterion 2' });
      await second.getByLabel('Fact').fill('transportMode');
      await second.getByLabel('Comparison').selectOption('in');
      await second.getByLabel('Value (lists: separated by commas)').fill('AIR, POST');
      await form.getByLabel('Sensitive (tell the people below when it matches)').check();
      await form.getByLabel('Who is told (names or addresses, separated by commas)').fill('ch.enforcement');
      await expectAccessible();
      await screenshot(page, 'risk-profile-form');
      await form.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Profile “Appendix I live animals by air” saved as version 1.').waitFor();
      const row = page.getByRole('row').filter({ hasText: 'Appendix I live animals by air' });
      expect(await textOf(row)).toMatch(
        /appendix equals I and transportMode is one of AIR, POST.*RED.*50 %.*sensitive → ch\.enforcement.*0 \/ 0/,
      );

      await row.getByRole('button', { name: 'Edit Appendix I live animals by air' }).click();
      await form.getByLabel('Selection rate (percent of matching declarations)').fill('100');
      await form.getByRole('button', { name: 'Save' }).click();
      await page.getByText('saved as version 2.').waitFor();
      await row.getByRole('button', { name: 'Versions of Appendix I live animals by air' }).click();
      const versions = page.getByRole('table', { name: 'Versions of “Appendix I live animals by air”' });
      await versions.getByRole('row').nth(2).waitFor();
      expect(await versions.getByRole('row').count()).toBe(3);
      await expectAccessible();
      await screenshot(page, 'risk-profiles');
    },
    TEST_MS,
  );
});
