/**
 * The retention purge, one run per interval across all instances:
 * 1. claim the run (a unique-index insert keyed by the interval: one instance runs it);
 * 2. per collection with a retention, page through records older than it in id order, in bounded
 *    batches, keep those a rule still protects, delete the rest;
 * 3. append what was deleted and kept to the audit log. The audit log itself is never purged here.
 */
import type { AuditLog } from '../../domain/audit/audit-entry';
import type { Clock } from '../../domain/ports';
import {
  messageProtection,
  verificationProtection,
  type RetentionCollection,
} from '../../domain/retention/retention-rules';
import type { CandidatePage, RetentionStore } from '../../domain/retention/retention-store';
import type { Logger } from '../../logging/logger';

export interface RetentionPolicy {
  messageDays: number;
  archiveDays: number;
  verificationDays: number;
  alertDays: number;
  customsHoldDays: number;
  intervalMs: number;
  batchSize: number;
  maxBatches: number;
}

export interface PurgeDeps {
  store: RetentionStore;
  /** Alerts with a delivery still pending are kept. */
  pendingAlertIds: (alertIds: readonly string[]) => Promise<Set<string>>;
  audit: Pick<AuditLog, 'append'>;
  policy: RetentionPolicy;
  owner: string;
  clock: Clock;
  logger: Logger;
}

export interface CollectionReport {
  deleted: number;
  kept: Record<string, number>;
}
export type PurgeReport = Partial<Record<RetentionCollection, CollectionReport>>;

/** A candidate with the reason it is kept (null: delete it). */
type Judged = { id: string; keep: string | null };
type Judge = (page: CandidatePage) => Promise<Judged[]>;

const DAY_MS = 86_400_000;

/** Runs the purge unless another instance has this interval's run; returns the report, or null. */
export async function purgeExpiredRecords(deps: PurgeDeps): Promise<PurgeReport | null> {
  const now = deps.clock.now();
  const runId = `purge:${Math.floor(now.getTime() / deps.policy.intervalMs)}`;
  if (!(await deps.store.claimRun(runId, deps.owner, now))) return null;
  const report: PurgeReport = {};
  for (const [collection, days] of retentionDays(deps.policy)) {
    if (days === 0) continue;
    const before = new Date(now.getTime() - days * DAY_MS);
    report[collection] = await purgeCollection(deps, collection, before, judgeOf(deps, collection, now));
  }
  const deleted = Object.values(report).reduce((sum, r) => sum + r.deleted, 0);
  if (deleted > 0) {
    await deps.audit.append({
      actor: 'system:retention',
      action: 'retention.purged',
      target: `retention:${runId}`,
      before: null,
      after: { at: now.toISOString(), policy: { ...deps.policy }, report },
    });
  }
  deps.logger.info('retention purge done', { runId, report });
  return report;
}

function retentionDays(policy: RetentionPolicy): Array<[RetentionCollection, number]> {
  // Messages before archive entries: an archive entry is kept while a message record points at it.
  return [
    ['messages', policy.messageDays],
    ['archive', policy.archiveDays],
    ['verifications', policy.verificationDays],
    ['alerts', policy.alertDays],
  ];
}

async function purgeCollection(
  deps: PurgeDeps,
  collection: RetentionCollection,
  before: Date,
  judge: Judge,
): Promise<CollectionReport> {
  const report: CollectionReport = { deleted: 0, kept: {} };
  let afterId: string | undefined;
  for (let batch = 0; batch < deps.policy.maxBatches; batch++) {
    const judged = await judge({
      before,
      limit: deps.policy.batchSize,
      ...(afterId !== undefined && { afterId }),
    });
    if (judged.length === 0) break;
    afterId = judged[judged.length - 1]!.id;
    const doomed = judged.filter((j) => j.keep === null).map((j) => j.id);
    for (const { keep } of judged) if (keep !== null) report.kept[keep] = (report.kept[keep] ?? 0) + 1;
    if (doomed.length) report.deleted += await deps.store.delete(collection, doomed);
    if (judged.length < deps.policy.batchSize) break;
  }
  return report;
}

function judgeOf(deps: PurgeDeps, collection: RetentionCollection, now: Date): Judge {
  const { store } = deps;
  const hold = deps.policy.customsHoldDays;
  switch (collection) {
    case 'messages':
      return async (page) => {
        const candidates = await store.oldMessages(page);
        const holds = await store.permitHolds(keysOf(candidates));
        return candidates.map((m) => ({
          id: m.id,
          keep: messageProtection(m, m.permitKey ? holds.get(m.permitKey) : undefined, now, hold),
        }));
      };
    case 'verifications':
      return async (page) => {
        const candidates = await store.oldVerifications(page);
        const holds = await store.permitHolds(keysOf(candidates));
        return candidates.map((v) => ({
          id: v.id,
          keep: verificationProtection(v, holds.get(v.permitKey), now, hold),
        }));
      };
    case 'archive':
      return async (page) => {
        const candidates = await store.oldArchiveEntries(page);
        const referenced = await store.referencedArchiveIds(candidates.map((c) => c.id));
        return candidates.map((c) => ({ id: c.id, keep: referenced.has(c.id) ? 'message-record' : null }));
      };
    case 'alerts':
      return async (page) => {
        const candidates = await store.oldAlerts(page);
        const pending = await deps.pendingAlertIds(candidates.map((c) => c.id));
        return candidates.map((c) => ({ id: c.id, keep: pending.has(c.id) ? 'delivery-pending' : null }));
      };
  }
}

function keysOf(candidates: ReadonlyArray<{ permitKey?: string }>): string[] {
  return [...new Set(candidates.flatMap((c) => (c.permitKey ? [c.permitKey] : [])))];
}
