/**
 * The compose onboarding step (dist/scripts/compose-onboard.js) against two real gateways: it creates the
 * tokens, onboards each country as the other's partner over the admin API, and writes the tokens to a file
 * readable by its owner only; it prints none of them.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testPki } from '../support/pki';
import { startCountry, type TestCountry } from '../support/two-countries';
import { dropDatabaseOf } from '../support/services';

let ke: TestCountry;
let ch: TestCountry;

beforeAll(async () => {
  [ke, ch] = await Promise.all([startCountry('KE'), startCountry('CH')]);
}, 120_000);

afterAll(async () => {
  for (const side of [ke, ch]) {
    if (!side) continue;
    await side.gateway.close();
    await dropDatabaseOf(side.gateway.config.mongodbUri);
  }
});

test('when the onboarding step runs, then the tokens land in an owner-only file, none is printed, and they work', async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'epix-onboard-')), 'tokens.json');
  const gateways = await Promise.all(
    [ke, ch].map(async (side) => ({
      country: side.country,
      api: side.gateway.apiUrl,
      exchange: side.gateway.exchangeUrl,
      caCert: (await testPki(side.country)).files.caCert,
      mongodbUri: side.gateway.config.mongodbUri,
    })),
  );
  const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [path.resolve('dist/scripts/compose-onboard.js')],
      {
        env: {
          PATH: process.env.PATH,
          EPIX_ONBOARD_TOKENS: file,
          EPIX_ONBOARD_GATEWAYS: JSON.stringify(gateways),
        },
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(`${result.stdout}${result.stderr}`).not.toMatch(/epx_/);
  expect(result.stdout).toContain(`${file} (mode 0600, owner only)`);
  expect(statSync(file).mode & 0o777).toBe(0o600);

  const tokens = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string>>;
  const partner = await ke
    .api()
    .get('/api/v1/partners/CH')
    .set('Authorization', `Bearer ${tokens.KE!.admin}`);
  expect(partner.status).toBe(200);
  expect(partner.body.status).toBe('active');
}, 120_000);
