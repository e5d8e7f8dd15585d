/**
 * Risk assessment of one declaration (issue 15): the lane (GREEN release, YELLOW documentary check, RED
 * physical inspection) and every reason for it.
 *
 * The story:
 *  1. read the importer's history (running totals, read by key) and build the facts of each line;
 *  2. match the rule profiles in force (held in memory); each hit is selected at the profile's rate;
 *  3. score the lines with the model in force (held in memory; the declaration's score is the highest)
 *     against the inspection budget's threshold; exploration spends a share of the budget outside the
 *     model's choice;
 *  4. draw the random selection at the office's rates (cryptographic randomness);
 *  5. decide the lane (a REJECTED verification is always RED), store the assessment with its reasons; a
 *     declaration assessed before (the unique insert says so) answers with the stored assessment, whose
 *     random draws are not redrawn;
 *  6. count the shipment in the importer's history; a sensitive profile's hit raises an alert at once.
 * Steps 1 to 4 are the scoring: one read by key, the rest in memory.
 */
import { createHash } from 'node:crypto';
import type { AlertStore } from '../../domain/alerts/alert';
import { canonicalJson, toAuditJson } from '../../domain/audit/audit-entry';
import { GatewayError } from '../../domain/errors';
import type { Permit } from '../../domain/permit/permit';
import type { Clock } from '../../domain/ports';
import { buildFacts, importerKeyOf } from '../../domain/risk/build-facts';
import type { Facts } from '../../domain/risk/facts';
import type { ImporterHistoryStore } from '../../domain/risk/importer-history';
import { decideLane, type DrawnSelection, type LaneDecision, type ProfileHit } from '../../domain/risk/lane';
import { isProfileInForce, matchesCriteria } from '../../domain/risk/profile';
import {
  randomSelections,
  ratesAt,
  type RandomRates,
  type RandomSource,
} from '../../domain/risk/random-selection';
import {
  assessmentIdOf,
  type AssessmentReason,
  type ProfileHitRecord,
  type RiskAssessment,
  type RiskAssessmentStore,
} from '../../domain/risk/risk-assessment';
import type { RiskLearner, StoredRiskModel } from '../../domain/risk/risk-model-store';
import type { RiskProfileStore, StoredRiskProfile } from '../../domain/risk/risk-profile-store';
import type { Declaration } from '../../domain/verification/declaration';
import type { Logger } from '../../logging/logger';
import { raiseSensitiveProfileAlerts } from './sensitive-profile-alert';

export interface AssessDeclarationDeps {
  ownCountry: string;
  profiles: Pick<RiskProfileStore, 'list'>;
  assessments: Pick<RiskAssessmentStore, 'insert' | 'find'>;
  history: ImporterHistoryStore;
  /** The model in force (see CurrentModel), or null until one was promoted. */
  currentModel: { get(): Promise<StoredRiskModel | null> };
  learner: Pick<RiskLearner, 'score' | 'probability'>;
  alerts: Pick<AlertStore, 'raise'>;
  random: RandomSource;
  rates: RandomRates;
  budget: { budgetPercent: number; explorationPercent: number; lane: 'YELLOW' | 'RED' };
  clock: Clock;
  logger: Logger;
}

export interface AssessDeclarationInput {
  declaration: Declaration;
  /** The received permit the declaration presents, when known. */
  permit: Permit | null;
  permitKey: string | null;
  /** The customs verification made with it, or null for a declaration assessed alone. */
  verification: { id: string; verdict: 'ACCEPTED' | 'REJECTED'; reasonCodes: readonly string[] } | null;
  actor: string;
}

export interface AssessOutcome {
  assessment: RiskAssessment;
  /** True when the stored assessment of an earlier request was returned. */
  replayed: boolean;
}

/** How many model contributions an assessment keeps. */
const TOP_CONTRIBUTIONS = 5;

export async function assessDeclaration(
  deps: AssessDeclarationDeps,
  input: AssessDeclarationInput,
): Promise<AssessOutcome> {
  const id = assessmentIdOf(
    input.verification
      ? { verificationId: input.verification.id }
      : { declarationNumber: input.declaration.declarationNumber },
  );
  const requestDigest = digestOf(input);
  const importerKey = importerKeyOf(input.declaration, input.permit);
  const history = await deps.history.read(importerKey);
  const facts = buildFacts({
    declaration: input.declaration,
    permit: input.permit,
    history: { priorShipments: history.shipments, priorFindings: history.findings },
    verification: input.verification,
  });
  const now = deps.clock.now();
  const hits = matchProfiles(await deps.profiles.list(), facts, now, deps.random);
  const model = scoreWithModel(deps, await deps.currentModel.get(), facts);
  const decision = decideLane({
    verificationVerdict: input.verification?.verdict ?? null,
    profileHits: hits.map((h) => h.hit),
    model: model ? { score: model.probability, threshold: model.threshold, lane: deps.budget.lane } : null,
    exploration: model ? explorationDraw(deps) : null,
    random: randomSelections(deps.rates, input.declaration.office ?? null, deps.random),
  });

  const assessment = toAssessment(deps, input, {
    id,
    requestDigest,
    importerKey,
    facts,
    hits,
    model,
    decision,
    now,
  });
  if ((await deps.assessments.insert(assessment)) === 'duplicate') {
    const winner = await deps.assessments.find(id);
    if (!winner) throw new GatewayError('INTERNAL_ERROR', `assessment ${id} vanished`);
    return { assessment: sameRequest(winner, requestDigest), replayed: true };
  }
  await countShipment(deps, assessment);
  await raiseSensitiveProfileAlerts(
    deps,
    assessment,
    hits.filter((h) => h.profile.definition.sensitive),
  );
  return { assessment, replayed: false };
}

/** The shipment counts for the importer's next declarations; the assessment stands if counting fails. */
async function countShipment(
  deps: Pick<AssessDeclarationDeps, 'history' | 'logger'>,
  assessment: RiskAssessment,
): Promise<void> {
  try {
    await deps.history.add(assessment.importerKey, { shipments: 1, event: `assessment ${assessment.id}` });
  } catch (error) {
    deps.logger.error('importer history not updated', {
      assessmentId: assessment.id,
      error: (error as Error).message,
    });
  }
}

function digestOf(input: AssessDeclarationInput): string {
  const content = canonicalJson(toAuditJson({ declaration: input.declaration, permitKey: input.permitKey }));
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

/** The stored assessment, when it assessed the same request; other content under one number is a conflict. */
function sameRequest(stored: RiskAssessment, requestDigest: string): RiskAssessment {
  if (stored.verificationId !== null || stored.requestDigest === requestDigest) return stored;
  throw new GatewayError(
    'RISK_DECLARATION_ALREADY_ASSESSED',
    `declaration ${stored.declarationNumber} was already assessed (assessment ${stored.id}) with other content`,
    { details: { assessmentId: stored.id, lane: stored.lane } },
  );
}

export interface MatchedProfile {
  profile: StoredRiskProfile;
  hit: ProfileHit;
}

/** Profiles in force today whose criteria any line satisfies, each with its selection draw. */
function matchProfiles(
  profiles: readonly StoredRiskProfile[],
  facts: readonly Facts[],
  now: Date,
  random: RandomSource,
): MatchedProfile[] {
  const today = now.toISOString().slice(0, 10);
  return profiles
    .filter((p) => isProfileInForce(p.definition, today))
    .filter((p) => facts.some((line) => matchesCriteria(p.definition.criteria, line)))
    .map((profile) => ({
      profile,
      hit: {
        profileId: profile.id,
        lane: profile.definition.lane,
        selectionRate: profile.definition.selectionRate,
        draw: random(),
      },
    }));
}

interface ModelView {
  version: number;
  probability: number;
  threshold: number;
  contributions: Array<{ feature: string; effect: number }>;
}

/**
 * The declaration's score (its riskiest line) under the model in force, or null without one. Lines are
 * ranked by probability alone; only the riskiest is explained.
 */
function scoreWithModel(
  deps: Pick<AssessDeclarationDeps, 'learner'>,
  current: StoredRiskModel | null,
  facts: readonly Facts[],
): ModelView | null {
  if (!current) return null;
  let riskiest: Facts | null = null;
  let highest = -1;
  for (const line of facts) {
    const probability = facts.length === 1 ? 0 : deps.learner.probability(current.model, line);
    if (probability > highest) [riskiest, highest] = [line, probability];
  }
  if (!riskiest) return null;
  const best = deps.learner.score(current.model, riskiest);
  const contributions = best.contributions.slice(0, TOP_CONTRIBUTIONS);
  return {
    version: current.version,
    probability: best.probability,
    threshold: current.threshold,
    contributions,
  };
}

/** Exploration: `explorationPercent` of the budget, drawn among the declarations the model leaves out. */
function explorationDraw(deps: Pick<AssessDeclarationDeps, 'budget' | 'random'>): DrawnSelection {
  const { budgetPercent, explorationPercent, lane } = deps.budget;
  return { lane, ratePercent: (budgetPercent * explorationPercent) / 100, draw: deps.random() };
}

function toAssessment(
  deps: AssessDeclarationDeps,
  input: AssessDeclarationInput,
  parts: {
    id: string;
    requestDigest: string;
    importerKey: string;
    facts: Facts[];
    hits: MatchedProfile[];
    model: ModelView | null;
    decision: LaneDecision;
    now: Date;
  },
): RiskAssessment {
  const { declaration, permit } = input;
  const first = parts.facts[0];
  const selectedIds = new Set(
    parts.decision.reasons.filter((r) => r.source === 'PROFILE' && r.selected).map((r) => r.profileId),
  );
  const profileHits: ProfileHitRecord[] = parts.hits.map(({ profile }) => ({
    profileId: profile.id,
    version: profile.version,
    name: profile.definition.name,
    lane: profile.definition.lane,
    selected: selectedIds.has(profile.id),
    sensitive: profile.definition.sensitive,
  }));
  return {
    id: parts.id,
    declarationNumber: declaration.declarationNumber,
    verificationId: input.verification?.id ?? null,
    permitKey: input.permitKey,
    lane: parts.decision.lane,
    decidedBy: parts.decision.decidedBy,
    reasons: parts.decision.reasons.map((r) =>
      explainReason(deps, r, profileHits, parts.model, input.declaration),
    ),
    profileHits,
    model: parts.model
      ? {
          version: parts.model.version,
          probability: parts.model.probability,
          threshold: parts.model.threshold,
        }
      : null,
    facts: parts.facts,
    importerKey: parts.importerKey,
    office: declaration.office ?? null,
    arrivalDate: declaration.arrivalDate.slice(0, 10),
    importCountry: deps.ownCountry,
    exportCountry: permit?.issuingCountry ?? null,
    originCountry: typeof first?.originCountry === 'string' ? first.originCountry : null,
    requestDigest: parts.requestDigest,
    assessedAt: parts.now,
    assessedBy: input.actor,
  };
}

/** A lane reason with what a person needs to read it: the profile's name, the model's contributions, the rate. */
function explainReason(
  deps: Pick<AssessDeclarationDeps, 'rates' | 'budget'>,
  reason: LaneDecision['reasons'][number],
  hits: readonly ProfileHitRecord[],
  model: ModelView | null,
  declaration: Declaration,
): AssessmentReason {
  const shown: AssessmentReason = { source: reason.source, lane: reason.lane, selected: reason.selected };
  if (reason.source === 'PROFILE') {
    const hit = hits.find((h) => h.profileId === reason.profileId);
    return { ...shown, profileId: reason.profileId!, profileName: hit?.name, profileVersion: hit?.version };
  }
  if (reason.source === 'MODEL' && model) {
    return {
      ...shown,
      score: model.probability,
      threshold: model.threshold,
      modelVersion: model.version,
      contributions: model.contributions,
    };
  }
  if (reason.source === 'EXPLORATION') {
    return { ...shown, ratePercent: (deps.budget.budgetPercent * deps.budget.explorationPercent) / 100 };
  }
  if (reason.source === 'RANDOM') {
    const at = ratesAt(deps.rates, declaration.office ?? null);
    return { ...shown, ratePercent: reason.lane === 'RED' ? at.red : at.yellow };
  }
  return shown;
}
