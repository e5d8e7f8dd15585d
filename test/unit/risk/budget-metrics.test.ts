import { precisionRecallAtBudgets, thresholdForBudget } from '../../../src/domain/risk/model/budget-metrics';

describe('precisionRecallAtBudgets', () => {
  it('when the top 10 % of 20 scores hold one of two findings, then precision is 1/2 and recall 1/2', () => {
    const scores = Array.from({ length: 20 }, (_, i) => i / 20); // the highest are the last two
    const labels = scores.map((_, i) => (i === 19 || i === 3 ? 1 : 0)) as (0 | 1)[];
    expect(precisionRecallAtBudgets(scores, labels, [10, 100])).toEqual([
      { budget: 10, precision: 0.5, recall: 0.5, inspected: 2, found: 1 },
      { budget: 100, precision: 0.1, recall: 1, inspected: 20, found: 2 },
    ]);
  });

  it('when there is no finding, then precision and recall are 0, not NaN', () => {
    expect(precisionRecallAtBudgets([0.1, 0.2], [0, 0], [50])).toEqual([
      { budget: 50, precision: 0, recall: 0, inspected: 1, found: 0 },
    ]);
  });
});

describe('thresholdForBudget', () => {
  it('when 5 % of 100 recent scores are to be inspected, then the threshold is the fifth highest score', () => {
    const scores = Array.from({ length: 100 }, (_, i) => (i * 7919) % 100); // 0..99 shuffled
    expect(thresholdForBudget(scores, 5)).toBe(95);
  });

  it('when the budget is zero, then nothing reaches the threshold', () => {
    expect(thresholdForBudget([0.5, 1], 0)).toBe(Infinity);
  });
});
