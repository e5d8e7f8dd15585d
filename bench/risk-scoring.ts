/**
 * Scoring latency of a risk assessment's pure part (issue 15: p99 ≤ 10 ms): facts of a 3-line declaration,
 * 50 rule profiles, the gradient-boosting model (trained on 5,000 synthetic lines) and the lane decision.
 * Storage round trips are not included. Run: `npm run build && node dist/bench/risk-scoring.js`.
 */
import { buildFacts } from '../src/domain/risk/build-facts';
import type { Facts } from '../src/domain/risk/facts';
import { decideLane } from '../src/domain/risk/lane';
import { scoreFacts, trainRiskModel } from '../src/domain/risk/model/risk-model';
import { matchesCriteria, type RiskProfileDefinition } from '../src/domain/risk/profile';
import { createSeededRandom } from '../src/domain/risk/seeded-random';
import type { Declaration } from '../src/domain/verification/declaration';
import { samplePermit } from '../scripts/lib/sample-permits';

const random = createSeededRandom(7);
const SPECIES = [
  'Python sebae',
  'Python regius',
  'Psittacus erithacus',
  'Aloe secundiflora',
  'Prunus africana',
];
const IMPORTERS = Array.from({ length: 300 }, (_, i) => `Importer ${i}`);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

function declaration(i: number): Declaration {
  return {
    declarationNumber: `B-${i}`,
    importer: { name: pick(IMPORTERS), country: 'CH' },
    arrivalDate: '2026-04-15',
    office: pick(['CHZRH', 'CHGVA', 'CHBSL']),
    transportMode: pick(['AIR', 'ROAD'] as const),
    lines: [1, 2, 3].map(() => ({
      scientificName: pick(SPECIES),
      termCode: pick(['SKI', 'LIV', 'EXT']),
      quantity: 1 + Math.floor(random() * 300),
      declaredValue: Math.floor(random() * 10_000),
    })),
    attributes: { broker: `B-${Math.floor(random() * 40)}` },
  };
}

function factsOf(i: number): Facts[] {
  return buildFacts({
    declaration: declaration(i),
    permit: samplePermit({ permitNumber: `KE-B-${i}` }),
    history: { priorShipments: i % 7, priorFindings: i % 3 === 0 ? 1 : 0 },
    verification: { verdict: 'ACCEPTED', reasonCodes: [] },
  });
}

const profiles: RiskProfileDefinition[] = Array.from({ length: 50 }, (_, i) => ({
  name: `p${i}`,
  criteria: {
    all: [
      { field: 'family', op: 'eq', value: pick(['Pythonidae', 'Psittacidae', 'Rosaceae']) },
      {
        any: [
          { field: 'quantityRatio', op: 'gt', value: 1 + random() },
          { field: 'attr.broker', op: 'eq', value: `B-${i}` },
        ],
      },
    ],
  },
  lane: 'YELLOW',
  selectionRate: 50,
  sensitive: false,
  notify: [],
  active: true,
}));

const training = Array.from({ length: 1700 }, (_, i) => factsOf(i)).flat();
const labels = training.map((f) =>
  f.importerName === 'Importer 7' || Number(f.quantityRatio) > 1.8 ? 1 : 0,
);
const trainStart = process.hrtime.bigint();
const model = trainRiskModel(training, labels, { seed: 1, ignore: ['declarationNumber', 'arrivalDate'] });
const trainMs = Number(process.hrtime.bigint() - trainStart) / 1e6;

const timings: number[] = [];
for (let i = 0; i < 5000; i++) {
  const start = process.hrtime.bigint();
  const facts = factsOf(100_000 + i);
  const hits = profiles.filter((p) => facts.some((f) => matchesCriteria(p.criteria, f)));
  const score = Math.max(...facts.map((f) => scoreFacts(model, f).probability));
  decideLane({
    verificationVerdict: 'ACCEPTED',
    profileHits: hits.map((p) => ({
      profileId: p.name,
      lane: p.lane,
      selectionRate: p.selectionRate,
      draw: random(),
    })),
    model: { score, threshold: 0.5, lane: 'RED' },
    exploration: { lane: 'RED', ratePercent: 0.5, draw: random() },
    random: [{ lane: 'RED', ratePercent: 1, draw: random() }],
  });
  timings.push(Number(process.hrtime.bigint() - start) / 1e6);
}
timings.sort((a, b) => a - b);
const at = (q: number) => timings[Math.min(timings.length - 1, Math.floor(q * timings.length))]!.toFixed(3);
console.log(
  `risk scoring: ${training.length} training lines (${trainMs.toFixed(0)} ms), ${timings.length} declarations of 3 lines, 50 profiles, ${model.trees.length} trees`,
);
console.log(
  `p50 ${at(0.5)} ms  p95 ${at(0.95)} ms  p99 ${at(0.99)} ms  max ${timings.at(-1)!.toFixed(3)} ms  (target p99 ≤ 10 ms)`,
);
