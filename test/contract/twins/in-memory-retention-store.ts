/** RetentionStore in memory, seeded with candidates; held to the same contract as the MongoDB one. */
import type {
  MessageCandidate,
  PermitHold,
  PlainCandidate,
  RetentionCollection,
  VerificationCandidate,
} from '../../../src/domain/retention/retention-rules';
import type { CandidatePage, RetentionStore } from '../../../src/domain/retention/retention-store';

export interface RetentionSeed {
  messages?: Array<MessageCandidate & { archiveId?: string }>;
  archive?: PlainCandidate[];
  verifications?: VerificationCandidate[];
  alerts?: PlainCandidate[];
  holds?: PermitHold[];
}

export class InMemoryRetentionStore implements RetentionStore {
  readonly records: Record<RetentionCollection, Map<string, { id: string; at: Date }>> = {
    messages: new Map(),
    archive: new Map(),
    verifications: new Map(),
    alerts: new Map(),
  };
  private readonly runs = new Set<string>();
  private readonly holds = new Map<string, PermitHold>();

  seed(seed: RetentionSeed): void {
    for (const collection of ['messages', 'archive', 'verifications', 'alerts'] as const) {
      for (const record of seed[collection] ?? [])
        this.records[collection].set(record.id, structuredClone(record));
    }
    for (const hold of seed.holds ?? []) this.holds.set(hold.permitKey, hold);
  }

  claimRun(runId: string): Promise<boolean> {
    if (this.runs.has(runId)) return Promise.resolve(false);
    this.runs.add(runId);
    return Promise.resolve(true);
  }

  private page<T extends { id: string; at: Date }>(
    collection: RetentionCollection,
    page: CandidatePage,
  ): Promise<T[]> {
    const items = [...this.records[collection].values()]
      .filter(
        (r) => r.at.getTime() < page.before.getTime() && (page.afterId === undefined || r.id > page.afterId),
      )
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, page.limit);
    return Promise.resolve(structuredClone(items) as T[]);
  }

  async oldMessages(page: CandidatePage): Promise<MessageCandidate[]> {
    const items = await this.page<MessageCandidate & { archiveId?: string }>('messages', page);
    return items.map(({ archiveId: _archiveId, ...candidate }) => candidate);
  }
  oldArchiveEntries(page: CandidatePage): Promise<PlainCandidate[]> {
    return this.page('archive', page);
  }
  oldVerifications(page: CandidatePage): Promise<VerificationCandidate[]> {
    return this.page('verifications', page);
  }
  oldAlerts(page: CandidatePage): Promise<PlainCandidate[]> {
    return this.page('alerts', page);
  }

  permitHolds(permitKeys: readonly string[]): Promise<Map<string, PermitHold>> {
    return Promise.resolve(
      new Map(
        permitKeys.flatMap((key) => (this.holds.has(key) ? [[key, this.holds.get(key)!] as const] : [])),
      ),
    );
  }

  referencedArchiveIds(ids: readonly string[]): Promise<Set<string>> {
    const referenced = new Set(
      [...this.records.messages.values()].map((m) => (m as { archiveId?: string }).archiveId).filter(Boolean),
    );
    return Promise.resolve(new Set(ids.filter((id) => referenced.has(id))));
  }

  delete(collection: RetentionCollection, ids: readonly string[]): Promise<number> {
    let deleted = 0;
    for (const id of ids) if (this.records[collection].delete(id)) deleted += 1;
    return Promise.resolve(deleted);
  }
}
