/** An inspection budget turned into a score threshold, and the precision and recall it buys. */

export interface BudgetFigures {
  /** Percent of declarations inspected. */
  budget: number;
  /** Share of the inspected declarations with a finding. */
  precision: number;
  /** Share of all findings that were inspected. */
  recall: number;
  inspected: number;
  found: number;
}

/** How many of `count` declarations a budget in percent inspects (at least one when the budget is > 0). */
export function inspectedCount(count: number, budgetPercent: number): number {
  if (budgetPercent <= 0 || count === 0) return 0;
  return Math.min(count, Math.max(1, Math.round((count * budgetPercent) / 100)));
}

/**
 * Precision and recall when the top `budget` percent by score are inspected. Ties are broken by position
 * (earlier first), so the answer is deterministic.
 */
export function precisionRecallAtBudgets(
  scores: readonly number[],
  labels: readonly (0 | 1)[],
  budgetsPercent: readonly number[],
): BudgetFigures[] {
  const order = scores.map((score, i) => ({ score, i })).sort((a, b) => b.score - a.score || a.i - b.i);
  const positives = labels.reduce<number>((sum, y) => sum + y, 0);
  return budgetsPercent.map((budget) => {
    const inspected = inspectedCount(scores.length, budget);
    const found = order.slice(0, inspected).reduce((sum, { i }) => sum + (labels[i] ?? 0), 0);
    return {
      budget,
      precision: inspected ? found / inspected : 0,
      recall: positives ? found / positives : 0,
      inspected,
      found,
    };
  });
}

/**
 * The score at or above which a declaration is inside the budget, from recent scores: the score of the
 * last declaration the budget would have inspected among them. Infinity when nothing is to be inspected.
 */
export function thresholdForBudget(recentScores: readonly number[], budgetPercent: number): number {
  const inspected = inspectedCount(recentScores.length, budgetPercent);
  if (inspected === 0) return Infinity;
  const sorted = [...recentScores].sort((a, b) => b - a);
  return sorted[inspected - 1]!;
}
