import type { Facts } from '../../../src/domain/risk/facts';
import {
  precisionRecallAtBudgets,
  scoreFacts,
  trainRiskModel,
} from '../../../src/domain/risk/model/risk-model';
import { createSeededRandom } from '../../../src/domain/risk/seeded-random';

/** 200 rows: a finding exactly when quantityRatio > 1.5 (ratios 0.0 to 2.0 in steps of 0.1); office is noise. */
function thresholdData(): { facts: Facts[]; labels: (0 | 1)[] } {
  const random = createSeededRandom(7);
  const facts: Facts[] = [];
  const labels: (0 | 1)[] = [];
  for (let i = 0; i < 200; i++) {
    const quantityRatio = Math.round(random() * 20) / 10;
    facts.push({ quantityRatio, office: random() < 0.5 ? 'GVA' : 'ZRH' });
    labels.push(quantityRatio > 1.5 ? 1 : 0);
  }
  return { facts, labels };
}

const oneTree = { trees: 1, maxDepth: 1, learningRate: 1, rowSample: 1, columnSample: 1, minLeafSize: 1 };

describe('trainRiskModel', () => {
  it('when one fact separates the labels at a known value, then a single stump splits on it at that value', () => {
    const { facts, labels } = thresholdData();
    const model = trainRiskModel(facts, labels, { seed: 1, ...oneTree });
    const root = model.trees[0]![0]!;
    expect(root.leaf).toBe(false);
    if (root.leaf) return;
    expect(model.columns[root.column]!.fact).toBe('quantityRatio');
    expect(root.threshold).toBe(1.5);
  });

  it('when the known best stump is trained, then its leaves hold the Newton step -G/(H+λ) from the base rate', () => {
    // 4 rows, labels 0,0,1,1 at x = 1,2,3,4: base rate 0.5, so each gradient is ±0.5 and each hessian 0.25.
    const facts = [1, 2, 3, 4].map((x) => ({ x }));
    const model = trainRiskModel(facts, [0, 0, 1, 1], { seed: 1, ...oneTree, lambda: 0 });
    const [root, left, right] = model.trees[0]!;
    expect(root).toMatchObject({ leaf: false, threshold: 2 });
    expect(left!.value).toBeCloseTo(-(2 * 0.5) / (2 * 0.25)); // -2
    expect(right!.value).toBeCloseTo(2);
  });

  it('when two facts together separate the labels (XOR), then the trained model ranks every finding first', () => {
    const facts: Facts[] = [];
    const labels: (0 | 1)[] = [];
    for (let i = 0; i < 400; i++) {
      const source = i % 2 ? 'C' : 'W';
      const route = i % 4 < 2 ? 'KE' : 'TZ';
      facts.push({ source, route, noise: (i * 37) % 11 });
      labels.push((source === 'C') !== (route === 'KE') ? 1 : 0);
    }
    const model = trainRiskModel(facts, labels, { seed: 3, trees: 30, minLeafSize: 5, learningRate: 0.3 });
    const scores = facts.map((f) => scoreFacts(model, f).probability);
    const [at50] = precisionRecallAtBudgets(scores, labels, [50]);
    expect(at50!.precision).toBe(1);
    expect(Math.min(...scores.filter((_, i) => labels[i]))).toBeGreaterThan(0.9);
  });

  it('when trained twice with the same seed, then the models are identical, and another seed differs', () => {
    const { facts, labels } = thresholdData();
    const options = { seed: 11, trees: 10, minLeafSize: 5 };
    const first = JSON.stringify(trainRiskModel(facts, labels, options));
    expect(JSON.stringify(trainRiskModel(facts, labels, options))).toBe(first);
    expect(JSON.stringify(trainRiskModel(facts, labels, { ...options, seed: 12 }))).not.toBe(first);
  });

  it('when a model goes through JSON, then it scores exactly as before', () => {
    const { facts, labels } = thresholdData();
    const model = trainRiskModel(facts, labels, { seed: 2, trees: 10, minLeafSize: 5 });
    const copy = JSON.parse(JSON.stringify(model)) as typeof model;
    for (const f of facts.slice(0, 20)) expect(scoreFacts(copy, f)).toEqual(scoreFacts(model, f));
  });

  it('when a line is scored, then the contributions name the fact that decides and add up to the log-odds', () => {
    const { facts, labels } = thresholdData();
    const model = trainRiskModel(facts, labels, { seed: 2, trees: 20, minLeafSize: 5, learningRate: 0.3 });
    const score = scoreFacts(model, { quantityRatio: 2.5, office: 'GVA' });
    expect(score.probability).toBeGreaterThan(0.9);
    expect(score.contributions[0]).toMatchObject({ feature: 'quantityRatio' });
    expect(score.contributions[0]!.effect).toBeGreaterThan(0);
    const bias = model.baseScore + model.trees.reduce((sum, tree) => sum + tree[0]!.value, 0);
    const total = bias + score.contributions.reduce((sum, c) => sum + c.effect, 0);
    expect(1 / (1 + Math.exp(-total))).toBeCloseTo(score.probability, 10);
  });

  it('when a fact is missing and the missing lines were findings, then missing values go to the finding side', () => {
    const facts: Facts[] = [];
    const labels: (0 | 1)[] = [];
    for (let i = 0; i < 120; i++) {
      const missing = i % 3 === 0;
      facts.push({ permitAgeDays: missing ? null : i });
      labels.push(missing ? 1 : 0);
    }
    const model = trainRiskModel(facts, labels, { seed: 1, trees: 20, minLeafSize: 5, learningRate: 0.3 });
    expect(scoreFacts(model, { permitAgeDays: null }).probability).toBeGreaterThan(0.9);
    expect(scoreFacts(model, { permitAgeDays: 50 }).probability).toBeLessThan(0.1);
  });

  it('when an importer is risky, then its name is learnt through the target encoding and an unknown name is not taken for it', () => {
    const facts: Facts[] = [];
    const labels: (0 | 1)[] = [];
    for (let i = 0; i < 1000; i++) {
      const importerName = `importer-${i % 50}`;
      facts.push({ importerName });
      labels.push(importerName === 'importer-7' && i % 5 !== 0 ? 1 : 0);
    }
    const model = trainRiskModel(facts, labels, { seed: 5, trees: 30 });
    expect(scoreFacts(model, { importerName: 'importer-7' }).probability).toBeGreaterThan(0.5);
    expect(scoreFacts(model, { importerName: 'importer-8' }).probability).toBeLessThan(0.05);
    expect(scoreFacts(model, { importerName: 'never-seen' }).probability).toBeLessThan(0.05);
  });

  it('when a fact is ignored or is an identifier, then the model does not use it', () => {
    const { facts, labels } = thresholdData();
    const withIds = facts.map((f, i) => ({ ...f, declarationNumber: `D-${i}` }));
    const model = trainRiskModel(withIds, labels, { seed: 1, trees: 5, ignore: ['quantityRatio'] });
    expect(model.features.map((f) => f.fact)).toEqual(['office']);
  });

  it('when a date fact is given, then it is encoded as a number of days', () => {
    const facts = ['2026-01-01', '2026-01-05', '2026-02-01', '2026-03-01'].map((arrivalDate) => ({
      arrivalDate,
    }));
    const model = trainRiskModel(facts, [0, 0, 1, 1], { seed: 1, ...oneTree, lambda: 0 });
    const root = model.trees[0]![0]!;
    expect(model.features[0]).toEqual({ kind: 'date', fact: 'arrivalDate' });
    expect(root).toMatchObject({ leaf: false, threshold: Date.UTC(2026, 0, 5) / 86_400_000 });
  });
});
