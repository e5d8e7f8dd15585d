/**
 * `epix risk backtest` through the commander program, on a CSV laid out unlike our declarations (semicolons,
 * German headers, day-first dates, yes/no results) with a planted signal the model must find.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from '../../../src/cli/main';
import { createSeededRandom } from '../../../src/domain/risk/seeded-random';

const DIR = mkdtempSync(path.join(tmpdir(), 'risk-backtest-'));

/**
 * 26 weeks × 105 declarations. A finding is likely when the broker is "Spedition Kobold" (one of 30) or when
 * the declared mass per piece is more than twice the usual; otherwise rare (about 1 %).
 */
function writeForeignHistory(file: string): void {
  const random = createSeededRandom(99);
  const lines = [
    'Zollanmeldung;Annahmedatum;Zollstelle;Spediteur;Ursprungsland;Stueckzahl;Rohmasse kg;Beschau',
  ];
  for (let day = 0; day < 26 * 7; day++) {
    for (let i = 0; i < 15; i++) {
      const date = new Date(Date.UTC(2025, 0, 6 + day));
      const dayFirst = `${date.getUTCDate()}.${date.getUTCMonth() + 1}.${date.getUTCFullYear()}`;
      const broker = random() < 0.04 ? 'Spedition Kobold' : `Spedition ${Math.floor(random() * 29)}`;
      const pieces = 1 + Math.floor(random() * 50);
      const heavy = random() < 0.04;
      const mass = (pieces * (heavy ? 2.5 : 1) * (0.8 + 0.4 * random())).toFixed(1);
      const risk = broker === 'Spedition Kobold' ? 0.5 : heavy ? 0.4 : 0.01;
      const office = ['Basel', 'Chiasso', 'Zürich-Flughafen'][Math.floor(random() * 3)];
      const country = ['TZ', 'ID', 'MG', 'US', 'ZA'][Math.floor(random() * 5)];
      const finding = random() < risk ? 'ja' : 'nein';
      lines.push(
        `"A-${day}-${i}";${dayFirst};${office};"${broker}";${country};${pieces};${mass};${finding === 'ja' ? 'yes' : 'no'}`,
      );
    }
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

const INPUT = path.join(DIR, 'zollhistorie.csv');
writeForeignHistory(INPUT);

async function backtest(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk) => out.push(String(chunk)) > 0);
  const stderr = jest
    .spyOn(process.stderr, 'write')
    .mockImplementation((chunk) => err.push(String(chunk)) > 0);
  try {
    const code = await run(['risk', 'backtest', '--input', INPUT, ...args]);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

interface Figures {
  mode: string;
  baseRate: number;
  budgets: Array<{ budget: number; precision: number; recall: number }>;
  weeks: Array<{ budget: number; inspected: number }>;
  columnTypes: Record<string, string>;
}

describe('epix risk backtest', () => {
  const columns = [
    '--date-column',
    'Annahmedatum',
    '--label-column',
    'Beschau',
    '--id-column',
    'Zollanmeldung',
  ];

  it('when run static on a foreign layout, then it infers the column types and beats the base rate at 5 %', async () => {
    const json = path.join(DIR, 'static.json');
    const result = await backtest([...columns, '--json', json]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/static backtest/);
    const figures = JSON.parse(readFileSync(json, 'utf8')) as Figures;
    expect(figures.columnTypes).toEqual({
      Zollstelle: 'category',
      Spediteur: 'category',
      Ursprungsland: 'category',
      Stueckzahl: 'number',
      'Rohmasse kg': 'number',
    });
    expect(figures.budgets.map((b) => b.budget)).toEqual([1, 2, 5, 10]);
    const at5 = figures.budgets.find((b) => b.budget === 5)!;
    expect(at5.precision).toBeGreaterThan(3 * figures.baseRate);
  });

  it('when run rolling, then each week inspects within the budget and precision beats the base rate', async () => {
    const json = path.join(DIR, 'rolling.json');
    const result = await backtest([
      ...columns,
      '--mode',
      'rolling',
      '--budget',
      '5',
      '--test-from',
      '2025-05-19',
      '--json',
      json,
    ]);
    expect(result.code).toBe(0);
    const figures = JSON.parse(readFileSync(json, 'utf8')) as Figures;
    expect(figures.mode).toBe('rolling');
    expect(figures.weeks.length).toBe(7);
    for (const week of figures.weeks) expect(week.inspected).toBeLessThanOrEqual(Math.round(105 * 0.05));
    expect(figures.budgets[0]!.precision).toBeGreaterThan(3 * figures.baseRate);
  });

  it('when a named column is not in the file, then it fails with RISK_COLUMN_MISSING and names the columns', async () => {
    const result = await backtest(['--date-column', 'Datum', '--label-column', 'Beschau']);
    expect(result.code).toBe(1);
    const error = JSON.parse(result.stderr) as { code: string; message: string };
    expect(error.code).toBe('RISK_COLUMN_MISSING');
    expect(error.message).toContain('Annahmedatum');
  });

  it('when the mode is unknown, then it fails with RISK_INPUT_INVALID', async () => {
    const result = await backtest([...columns, '--mode', 'weekly']);
    expect(result.code).toBe(1);
    expect((JSON.parse(result.stderr) as { code: string }).code).toBe('RISK_INPUT_INVALID');
  });
});
