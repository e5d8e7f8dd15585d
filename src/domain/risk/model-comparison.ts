/**
 * How a candidate model is compared with the one in force on recent control results: average precision
 * (the precision at each finding's rank, averaged over findings), which judges the whole ranking and stays
 * stable on the few hundred results a customs office has, where precision at a 5 % budget rests on a
 * handful of declarations.
 */

/** Average precision of `scores` against `labels` (1 = finding); 0 when there is no finding. Ties: earlier first. */
export function averagePrecision(scores: readonly number[], labels: readonly (0 | 1)[]): number {
  const order = scores.map((score, i) => ({ score, i })).sort((a, b) => b.score - a.score || a.i - b.i);
  let found = 0;
  let sum = 0;
  order.forEach(({ i }, rank) => {
    if (labels[i] === 1) {
      found += 1;
      sum += found / (rank + 1);
    }
  });
  return found === 0 ? 0 : sum / found;
}

/** "Not worse": the candidate replaces the current model when its figure is at least as good. */
export function isNotWorse(candidate: number, current: number | null): boolean {
  return current === null || candidate >= current - 1e-9;
}
