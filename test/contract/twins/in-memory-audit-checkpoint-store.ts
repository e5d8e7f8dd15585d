/** AuditCheckpointStore in memory; held to the same contract as the MongoDB one. */
import type { AuditCheckpoint, AuditCheckpointStore } from '../../../src/domain/audit/audit-checkpoint';

export class InMemoryAuditCheckpointStore implements AuditCheckpointStore {
  private readonly bySeq = new Map<number, AuditCheckpoint>();

  insert(checkpoint: AuditCheckpoint): Promise<boolean> {
    if (this.bySeq.has(checkpoint.seq)) return Promise.resolve(false);
    this.bySeq.set(checkpoint.seq, structuredClone(checkpoint));
    return Promise.resolve(true);
  }

  find(seq: number): Promise<AuditCheckpoint | null> {
    const found = this.bySeq.get(seq);
    return Promise.resolve(found ? structuredClone(found) : null);
  }

  list(): Promise<AuditCheckpoint[]> {
    return Promise.resolve(
      [...this.bySeq.values()].sort((a, b) => a.seq - b.seq).map((c) => structuredClone(c)),
    );
  }

  async latest(): Promise<AuditCheckpoint | null> {
    return (await this.list()).at(-1) ?? null;
  }
}
