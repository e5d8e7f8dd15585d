/** AuditLog in memory, for fast flow tests; held to the same contract as the MongoDB one. */
import {
  nextAuditEntry,
  type AuditEntry,
  type AuditEntryInput,
  type AuditLog,
} from '../../../src/domain/audit/audit-entry';
import type { Clock } from '../../../src/domain/ports';

export class InMemoryAuditLog implements AuditLog {
  readonly stored: AuditEntry[] = [];

  constructor(private readonly clock: Clock) {}

  append(input: AuditEntryInput): Promise<AuditEntry> {
    const entry = nextAuditEntry(this.stored.at(-1) ?? null, input, this.clock.now());
    this.stored.push(entry);
    return Promise.resolve(structuredClone(entry));
  }

  page(options: { after: number; limit: number }): Promise<AuditEntry[]> {
    return Promise.resolve(
      this.stored
        .filter((e) => e.seq > options.after)
        .slice(0, options.limit)
        .map((e) => structuredClone(e)),
    );
  }

  async *entries(): AsyncIterable<AuditEntry> {
    for (const entry of [...this.stored]) {
      await Promise.resolve();
      yield structuredClone(entry);
    }
  }
}
