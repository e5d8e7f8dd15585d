/**
 * Debian's Chromium driven by playwright-core (no browser download), for the console's browser tests.
 * scripts/install-chromium.sh installs it; axe-core checks each page for accessibility problems.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { consoleDistPath } from '../../src/transport/console-app';

export const CHROMIUM = process.env.EPIX_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');

/** Fails (never skips) when the browser or the built console is missing, saying how to get them. */
export function assertBrowserTestPrerequisites(): void {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: run bash scripts/install-chromium.sh (scripts/test.sh does)`);
  if (!existsSync(path.join(consoleDistPath(), 'index.html')))
    throw new Error(`the console is not built (${consoleDistPath()}): run npm run build`);
}

/** Headless Chromium with a fresh profile (playwright makes a new empty user-data-dir per launch). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
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
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown; failureSummary?: string }>;
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A and AA rules). */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  // evaluate() is not subject to the console's Content-Security-Policy, unlike an injected <script>.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      ...v,
      nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
}

/**
 * axe-core on the settled page. antd's enter/leave animations (dialogs, toasts, pop-ups) pass through partial
 * opacity, which axe reads as low contrast: a finding is re-checked once, a second later, so only what stays
 * on the page is reported.
 */
export async function settledAxeViolations(page: Page): Promise<AxeViolation[]> {
  const violations = await seriousAxeViolations(page);
  if (violations.length === 0) return violations;
  await page.waitForTimeout(1_000);
  return seriousAxeViolations(page);
}

/** Saves a viewport screenshot under docs/screenshots (shown in the README). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}
