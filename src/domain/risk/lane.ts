/**
 * The lane decision: verification, rule profiles, the model, exploration and random selection combined.
 * Randomness is an input (each selection carries its own draw in [0, 1)), so the decision is a pure function:
 * the bench passes draws from a seeded generator, the service from cryptographic randomness.
 */

export type Lane = 'GREEN' | 'YELLOW' | 'RED';
export type LaneSource = 'VERIFICATION' | 'PROFILE' | 'MODEL' | 'EXPLORATION' | 'RANDOM';

export interface ProfileHit {
  profileId: string;
  lane: Exclude<Lane, 'GREEN'>;
  /** Percent of matches the profile selects. */
  selectionRate: number;
  /** A draw in [0, 1): the hit is selected when draw × 100 < selectionRate. */
  draw: number;
}

/** A selection at a rate (percent) decided by a draw in [0, 1). */
export interface DrawnSelection {
  ratePercent: number;
  draw: number;
  lane: Exclude<Lane, 'GREEN'>;
}

export interface LaneInputs {
  verificationVerdict?: 'ACCEPTED' | 'REJECTED' | null;
  profileHits?: readonly ProfileHit[];
  /** Present when a model is in force: selected when score ≥ threshold (the budget's threshold). */
  model?: { score: number; threshold: number; lane: Exclude<Lane, 'GREEN'> } | null;
  /** The share of the inspection budget spent outside the model's choice, so it also learns from the rest. */
  exploration?: DrawnSelection | null;
  /** The minimum random rate per lane and office: the unbiased sample. */
  random?: readonly DrawnSelection[];
}

export interface LaneReason {
  source: LaneSource;
  /** The lane this source asks for. */
  lane: Lane;
  /** Whether this source selected the declaration (a profile hit outside its selection rate did not). */
  selected: boolean;
  profileId?: string;
  score?: number;
  threshold?: number;
}

export interface LaneDecision {
  lane: Lane;
  /** The source that decided the lane (the strongest selecting source), or null for a plain GREEN. */
  decidedBy: LaneSource | null;
  /** Every source that had something to say, strongest first. */
  reasons: LaneReason[];
}

const LANE_RANK: Record<Lane, number> = { GREEN: 0, YELLOW: 1, RED: 2 };

/** Whether a draw in [0, 1) falls inside a rate in percent. */
export function isDrawSelected(ratePercent: number, draw: number): boolean {
  return draw * 100 < ratePercent;
}

function profileReasons(hits: readonly ProfileHit[]): LaneReason[] {
  return hits.map((hit) => ({
    source: 'PROFILE',
    lane: hit.lane,
    selected: isDrawSelected(hit.selectionRate, hit.draw),
    profileId: hit.profileId,
  }));
}

function modelReason(model: NonNullable<LaneInputs['model']>): LaneReason {
  const { score, threshold, lane } = model;
  return { source: 'MODEL', lane, selected: score >= threshold, score, threshold };
}

function drawnReasons(source: LaneSource, selections: readonly DrawnSelection[]): LaneReason[] {
  return selections
    .filter((s) => isDrawSelected(s.ratePercent, s.draw))
    .map((s) => ({ source, lane: s.lane, selected: true }));
}

/**
 * Decides the lane. Sources in order of strength: a REJECTED verification (always RED), profile hits, the
 * model's score against the budget threshold, exploration (only when the model did not select), random
 * selection. The lane is the highest any selecting source asks for; reasons list them all.
 */
export function decideLane(inputs: LaneInputs): LaneDecision {
  const reasons: LaneReason[] = [];
  if (inputs.verificationVerdict === 'REJECTED') {
    reasons.push({ source: 'VERIFICATION', lane: 'RED', selected: true });
  }
  reasons.push(...profileReasons(inputs.profileHits ?? []));
  if (inputs.model) reasons.push(modelReason(inputs.model));
  const selectedSoFar = reasons.some((r) => r.selected);
  if (inputs.exploration && !selectedSoFar)
    reasons.push(...drawnReasons('EXPLORATION', [inputs.exploration]));
  reasons.push(...drawnReasons('RANDOM', inputs.random ?? []));
  const selected = reasons.filter((r) => r.selected);
  const lane = selected.reduce<Lane>(
    (top, r) => (LANE_RANK[r.lane] > LANE_RANK[top] ? r.lane : top),
    'GREEN',
  );
  const decider = selected.find((r) => r.lane === lane);
  return { lane, decidedBy: decider?.source ?? null, reasons };
}
