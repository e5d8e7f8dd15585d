/**
 * Database commands each gateway sent during a measured window, read from its `epix_db_commands_total`
 * counter (GET /metrics, counted from the MongoDB driver's command events): how many commands a permit or a
 * request costs, and which ones.
 */

/** One gateway's command counts so far, keyed `command collection`. */
export async function dbCommandCounts(apiUrl: string): Promise<Map<string, number>> {
  const response = await fetch(`${apiUrl}/metrics`);
  if (!response.ok) throw new Error(`GET ${apiUrl}/metrics answered ${response.status}`);
  const counts = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    if (!line.startsWith('epix_db_commands_total{')) continue;
    const command = /command="([^"]*)"/.exec(line)?.[1] ?? '?';
    const collection = /collection="([^"]*)"/.exec(line)?.[1] ?? '';
    counts.set(`${command} ${collection}`.trim(), Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return counts;
}

export interface DbCommandFigures {
  /** Commands per unit (permit or request) by gateway. */
  perUnit: Record<string, number>;
  /** Commands per unit by gateway and `command collection`, largest first. */
  detail: Record<string, Record<string, number>>;
}

/** Counts commands of named gateways between `start()` and `stop(units)`. */
export class DbCommandMeter {
  private readonly before = new Map<string, Map<string, number>>();

  constructor(private readonly apis: Record<string, string>) {}

  async start(): Promise<void> {
    for (const [name, url] of Object.entries(this.apis)) this.before.set(name, await dbCommandCounts(url));
  }

  async stop(units: number): Promise<DbCommandFigures> {
    const perUnit: Record<string, number> = {};
    const detail: Record<string, Record<string, number>> = {};
    for (const [name, url] of Object.entries(this.apis)) {
      const before = this.before.get(name) ?? new Map<string, number>();
      const rows = [...(await dbCommandCounts(url))]
        .map(([key, n]) => [key, (n - (before.get(key) ?? 0)) / Math.max(1, units)] as const)
        .filter(([, n]) => n > 0)
        .sort((a, b) => b[1] - a[1]);
      perUnit[name] = round2(rows.reduce((sum, [, n]) => sum + n, 0));
      detail[name] = Object.fromEntries(rows.map(([key, n]) => [key, round2(n)]));
    }
    return { perUnit, detail };
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** "KE 7.0, CH 5.0 (12.0 in all)". */
export function formatPerUnit(figures: DbCommandFigures): string {
  const entries = Object.entries(figures.perUnit);
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  return `${entries.map(([name, n]) => `${name} ${n.toFixed(1)}`).join(', ')} (${total.toFixed(1)} in all)`;
}

/** "KE: 1.00 insert messages, 1.00 update messages, ...; CH: ..." for the detail lines. */
export function formatDetail(figures: DbCommandFigures): string[] {
  return Object.entries(figures.detail).map(
    ([name, rows]) =>
      `${name}: ${Object.entries(rows)
        .map(([key, n]) => `${n.toFixed(2)} ${key}`)
        .join(', ')}`,
  );
}
