/** The inbound archive in memory, for fast flow tests; held to the same contract as the MongoDB one. */
import { randomUUID } from 'node:crypto';
import type {
  ArchivedRequest,
  ArchiveEntry,
  ArchiveOutcome,
  MessageArchive,
} from '../../../src/domain/exchange/message-archive';

export class InMemoryMessageArchive implements MessageArchive {
  private readonly entries = new Map<string, ArchiveEntry & { outcome?: ArchiveOutcome }>();

  archive(entry: ArchiveEntry): Promise<string> {
    const id = randomUUID();
    this.entries.set(id, { ...entry, bytes: Buffer.from(entry.bytes) });
    return Promise.resolve(id);
  }

  recordOutcome(id: string, outcome: ArchiveOutcome): Promise<void> {
    const entry = this.entries.get(id);
    if (entry) entry.outcome = { ...outcome };
    return Promise.resolve();
  }

  find(id: string): Promise<ArchivedRequest | null> {
    const entry = this.entries.get(id);
    if (!entry) return Promise.resolve(null);
    return Promise.resolve({
      partner: entry.partner,
      receivedAt: new Date(entry.receivedAt),
      bytes: Buffer.from(entry.bytes),
      ...(entry.outcome && { outcome: { ...entry.outcome } }),
    });
  }

  /** Every entry, oldest first (tests read what was archived and noted). */
  all(): Array<ArchivedRequest & { id: string }> {
    return [...this.entries].map(([id, entry]) => ({
      id,
      partner: entry.partner,
      receivedAt: entry.receivedAt,
      bytes: entry.bytes,
      ...(entry.outcome && { outcome: entry.outcome }),
    }));
  }
}
