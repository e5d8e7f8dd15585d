/**
 * `npm run bench -- risk-scoring`: latency of a risk assessment (issue 15: scoring p99 ≤ 10 ms) with 50 rule
 * profiles, the gradient-boosting model (trained on 5,100 synthetic lines, 120 trees) and 3-line
 * declarations of 300 importers, in three parts:
 *  - scoring in memory: facts, profile matching, the model's score and explanation, the lane decision;
 *  - the scoring path as the service runs it: the importer history read by key from the database, then the
 *    above (profiles and model are in memory in the service, see cached-risk-profiles.ts, current-model.ts);
 *  - the whole assessment (assessDeclaration with the MongoDB stores): scoring, storing the assessment and
 *    counting the shipment in the importer's history.
 * The database is MONGODB_URI (source .run/services.env) or what scripts/services.sh provides; a fresh
 * database is used and dropped. Options: --count (2000 per part).
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { numberFlag, parseArgs } from '../scripts/lib/args';
import { samplePermit } from '../scripts/lib/sample-permits';
import { systemClock } from '../src/domain/ports';
import { buildFacts, importerKeyOf } from '../src/domain/risk/build-facts';
import type { Facts } from '../src/domain/risk/facts';
import { decideLane } from '../src/domain/risk/lane';
import { gradientBoostingLearner } from '../src/domain/risk/model/gradient-boosting-learner';
import { trainRiskModel, type RiskModel } from '../src/domain/risk/model/risk-model';
import { matchesCriteria, type RiskProfileDefinition } from '../src/domain/risk/profile';
import type { StoredRiskProfile } from '../src/domain/risk/risk-profile-store';
import { createSeededRandom } from '../src/domain/risk/seeded-random';
import type { Declaration } from '../src/domain/verification/declaration';
import { assessDeclaration, type AssessDeclarationDeps } from '../src/flows/risk/assess-declaration';
import { createSilentLogger } from '../src/logging/logger';
import { connectMongo } from '../src/storage/mongo-connection';
import { MongoImporterHistoryStore } from '../src/storage/mongo-importer-history-store';
import { MongoRiskAssessmentStore } from '../src/storage/mongo-risk-assessment-store';
import { ensureServices } from '../scripts/lib/services';
import { machineInfo, writeResult } from './lib/results';

const say = (line: string) => process.stdout.write(`${line}\n`);
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
const PERMIT = samplePermit({ permitNumber: 'KE-B-1' });

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

const factsOf = (d: Declaration, priorShipments: number, priorFindings: number): Facts[] =>
  buildFacts({
    declaration: d,
    permit: PERMIT,
    history: { priorShipments, priorFindings },
    verification: { verdict: 'ACCEPTED', reasonCodes: [] },
  });

const definitions: RiskProfileDefinition[] = Array.from({ length: 50 }, (_, i) => ({
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
const profiles: StoredRiskProfile[] = definitions.map((definition, i) => ({
  id: `rp_${i}`,
  version: 1,
  definition,
  changedAt: new Date(0),
  changedBy: 'bench',
}));

function trainModel(): RiskModel {
  const training = Array.from({ length: 1700 }, (_, i) =>
    factsOf(declaration(i), i % 7, i % 3 ? 0 : 1),
  ).flat();
  const labels = training.map((f) =>
    f.importerName === 'Importer 7' || Number(f.quantityRatio) > 1.8 ? 1 : 0,
  );
  return trainRiskModel(training, labels, { seed: 1, ignore: ['declarationNumber', 'arrivalDate'] });
}

/** The in-memory half of scoring, as assessDeclaration does it. */
function scoreInMemory(model: RiskModel, facts: Facts[]): void {
  const hits = profiles.filter((p) => facts.some((f) => matchesCriteria(p.definition.criteria, f)));
  let riskiest = facts[0]!;
  let highest = -1;
  for (const line of facts) {
    const p = gradientBoostingLearner.probability(model, line);
    if (p > highest) [riskiest, highest] = [line, p];
  }
  const score = gradientBoostingLearner.score(model, riskiest).probability;
  decideLane({
    verificationVerdict: 'ACCEPTED',
    profileHits: hits.map((p) => ({ profileId: p.id, lane: 'YELLOW', selectionRate: 50, draw: random() })),
    model: { score, threshold: 0.5, lane: 'RED' },
    exploration: { lane: 'RED', ratePercent: 0.5, draw: random() },
    random: [{ lane: 'RED', ratePercent: 1, draw: random() }],
  });
}

interface Figures {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** CPU time of this process per run (p99): what the run costs when the machine is not shared. */
  cpuP99: number;
}

const quantile = (sorted: readonly number[], q: number) =>
  Number(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(3));

/** Unmeasured runs before each part, so the figures are of compiled code (V8 optimises hot functions late). */
const WARMUP = 300;

async function timed(
  count: number,
  run: (i: number) => unknown,
  warmup: (j: number) => unknown = run,
): Promise<Figures> {
  for (let j = 0; j < WARMUP; j++) await warmup(j);
  global.gc?.();
  const timings: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    await run(i);
    const used = process.cpuUsage(cpuStart);
    timings.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  timings.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const at = (q: number) => quantile(timings, q);
  const max = Number(timings.at(-1)!.toFixed(3));
  return { count, p50: at(0.5), p95: at(0.95), p99: at(0.99), max, cpuP99: quantile(cpu, 0.99) };
}

const line = (name: string, f: Figures) =>
  `${name.padEnd(44)} p50 ${f.p50.toFixed(3)} ms  p95 ${f.p95.toFixed(3)} ms  p99 ${f.p99.toFixed(3)} ms  max ${f.max.toFixed(1)} ms  (CPU p99 ${f.cpuP99.toFixed(3)} ms)`;

async function databaseUri(): Promise<{ uri: string; server: string }> {
  const base = process.env.MONGODB_URI ?? (await ensureServices()).mongodbUri;
  const url = new URL(base);
  url.pathname = `/bench_risk_scoring_${Date.now().toString(36)}`;
  return { uri: url.toString(), server: process.env.EPIX_MONGO_SERVER ?? 'unknown' };
}

/** What the assessment runs on: the MongoDB stores, the 50 profiles and the model, nothing else. */
function assessmentDeps(
  history: MongoImporterHistoryStore,
  assessments: MongoRiskAssessmentStore,
  stored: never,
): AssessDeclarationDeps {
  return {
    ownCountry: 'CH',
    profiles: { list: () => Promise.resolve(profiles) },
    assessments,
    history,
    currentModel: { get: () => Promise.resolve(stored) },
    learner: gradientBoostingLearner,
    alerts: { raise: () => Promise.resolve(null as never) },
    random,
    rates: { yellowPercent: 2, redPercent: 1, offices: {} },
    budget: { budgetPercent: 5, explorationPercent: 10, lane: 'RED' },
    clock: systemClock,
    logger: createSilentLogger(),
  };
}

export async function runRiskScoringBench(argv: readonly string[]): Promise<void> {
  const count = numberFlag(parseArgs(argv), 'count', 2000);
  const model = trainModel();
  const stored = { version: 1, model, promoted: true, threshold: 0.5 } as never;
  const inputs = Array.from({ length: count * 3 + WARMUP }, (_, i) => declaration(100_000 + i));
  global.gc?.();
  const memory = await timed(count, (i) => scoreInMemory(model, factsOf(inputs[i]!, i % 7, 0)));

  const { uri, server } = await databaseUri();
  const connection = await connectMongo(uri);
  try {
    const history = new MongoImporterHistoryStore(connection);
    const assessments = new MongoRiskAssessmentStore(connection);
    await Promise.all([history.init(), assessments.init()]);
    const deps = assessmentDeps(history, assessments, stored);
    const assess = (d: Declaration) =>
      assessDeclaration(deps, {
        declaration: d,
        permit: PERMIT,
        permitKey: null,
        verification: null,
        actor: 'bench',
      });
    // warmed up on declarations of their own: an assessment is stored, and each is assessed once
    const whole = await timed(
      count,
      (i) => assess(inputs[count + i]!),
      (j) => assess(inputs[3 * count + j]!),
    );
    const path = await timed(count, async (i) => {
      const d = inputs[2 * count + i]!;
      const known = await history.read(importerKeyOf(d, PERMIT));
      scoreInMemory(model, factsOf(d, known.shipments, known.findings));
    });
    say(`risk scoring: ${model.trees.length} trees, 50 profiles, declarations of 3 lines, ${server}`);
    say(line('scoring in memory', memory));
    say(line('scoring path (history read by key + memory)', path));
    say(line('whole assessment (scoring + 2-3 writes)', whole));
    const [load1] = os.loadavg();
    say(`target: scoring p99 ≤ 10 ms; load average ${load1!.toFixed(1)} on ${os.cpus().length} cores`);
    const file = writeResult('risk-scoring', {
      machine: machineInfo(server),
      loadAverage: os.loadavg(),
      memory,
      path,
      whole,
    });
    say(`results: ${file}`);
  } finally {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  }
}
