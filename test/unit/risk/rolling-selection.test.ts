import { runRollingSelection, type RollingInput } from '../../../src/domain/risk/backtest/rolling-selection';
import type { Facts } from '../../../src/domain/risk/facts';
import { createSeededRandom } from '../../../src/domain/risk/seeded-random';

/** 6 weeks × 200 rows; a finding when flag = 'x' (10 % of rows), so a learnt model inspects only those. */
function weeksOfData(): RollingInput {
  const random = createSeededRandom(4);
  const facts: Facts[] = [];
  const labels: (0 | 1)[] = [];
  const weeks: number[] = [];
  for (let week = 0; week < 6; week++) {
    for (let i = 0; i < 200; i++) {
      const flag = random() < 0.1 ? 'x' : 'y';
      facts.push({ flag, noise: Math.floor(random() * 10) });
      labels.push(flag === 'x' ? 1 : 0);
      weeks.push(week);
    }
  }
  const train = { trees: 10, minLeafSize: 5 };
  return {
    facts,
    labels,
    weeks,
    firstTestWeek: 2,
    budgetPercent: 5,
    explorationPercent: 20,
    seed: 1,
    train,
    minTrainingRows: 50,
    minTrainingFindings: 5,
  };
}

describe('runRollingSelection', () => {
  it('when history holds the pattern, then each test week inspects its budget, mostly findings, with exploration', () => {
    const weeks = runRollingSelection(weeksOfData());
    expect(weeks.map((w) => w.week)).toEqual([2, 3, 4, 5]);
    for (const week of weeks) {
      expect(week.inspected).toBe(10);
      expect(week.explorationInspected).toBe(2);
      expect(week.modelInForce).toBe(true);
      expect(week.found).toBeGreaterThanOrEqual(8);
    }
  });

  it('when the labels of rows never inspected change, then later selections do not change', () => {
    const input = weeksOfData();
    const first = runRollingSelection(input);
    const inspected = new Set(first.flatMap((w) => w.selected.map((s) => s.row)));
    const flipped = input.labels.map((label, row) =>
      row >= 400 && !inspected.has(row) ? ((1 - label) as 0 | 1) : label,
    );
    const second = runRollingSelection({ ...input, labels: flipped });
    expect(second.map((w) => w.selected)).toEqual(first.map((w) => w.selected));
  });

  it('when too few labels are known, then the budget is spent at random', () => {
    const weeks = runRollingSelection({ ...weeksOfData(), firstTestWeek: 0, minTrainingRows: 10_000 });
    expect(weeks.every((w) => !w.modelInForce && w.selected.every((s) => s.source === 'RANDOM'))).toBe(true);
  });
});
