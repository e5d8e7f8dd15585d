/**
 * Importers' running totals in MongoDB, read and written by _id only (the one lookup the MongoDB-compatible
 * server answers from an index). Entries `risk_importer_history` (_id `<importer>\n<n>`) are numbered
 * without gaps per importer, each claimed by a unique insert and holding the totals after its event; the
 * newest entry is the truth. `risk_importer_history_heads` (_id = importer) points at a recent entry as a
 * hint (written without a lock at every 16th entry, so it may lag, never lead): a read takes the head, then
 * asks for the entry after it until there is none. This instance also remembers the last entry it saw per
 * importer, so a read is usually one lookup answered "none", and an addition one insert (of the entry after
 * the remembered one, walking forward only if that was taken). Additions for one importer take turns within
 * this instance, so only other instances compete for the next entry (customs clearing a busy importer's
 * shipments at once would otherwise make every loser re-read and retry).
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { ImporterHistory, ImporterHistoryStore } from '../domain/risk/importer-history';
import { isDuplicateKeyError } from './mongo-connection';

/** One stored entry: the importer's totals after its `n`-th event (the benches' preload writes these too). */
export interface EntryDoc {
  _id: string;
  importerKey: string;
  n: number;
  shipments: number;
  findings: number;
  event: string;
}

interface HeadDoc {
  _id: string;
  n: number;
  shipments: number;
  findings: number;
}

interface Position extends ImporterHistory {
  n: number;
}

const entrySchema = new Schema<EntryDoc>(
  {
    _id: { type: String, required: true },
    importerKey: { type: String, required: true },
    n: { type: Number, required: true },
    shipments: { type: Number, required: true },
    findings: { type: Number, required: true },
    event: { type: String, required: true },
  },
  { collection: 'risk_importer_history', versionKey: false },
);
const headSchema = new Schema<HeadDoc>(
  {
    _id: { type: String, required: true },
    n: { type: Number, required: true },
    shipments: { type: Number, required: true },
    findings: { type: Number, required: true },
  },
  { collection: 'risk_importer_history_heads', versionKey: false },
);

/** Claims for one event give up after this many lost races (another addition won each time). */
const MAX_ATTEMPTS = 100;
/** The head is moved at every HEAD_EVERY-th entry: a reader without memory walks at most that far forward. */
const HEAD_EVERY = 16;
/** Importers remembered per instance (oldest forgotten first). */
const REMEMBERED = 50_000;

type HistoryChange = { shipments?: number; findings?: number; event: string };

export const entryId = (importerKey: string, n: number) => `${importerKey}\n${n}`;

export class MongoImporterHistoryStore implements ImporterHistoryStore {
  private readonly entries: Model<EntryDoc>;
  private readonly heads: Model<HeadDoc>;
  private readonly seen = new Map<string, Position>();
  /** The last addition under way per importer: the next one waits for it. */
  private readonly adding = new Map<string, Promise<void>>();

  constructor(connection: Connection) {
    this.entries =
      (connection.models.RiskImporterHistory as Model<EntryDoc> | undefined) ??
      connection.model<EntryDoc>('RiskImporterHistory', entrySchema);
    this.heads =
      (connection.models.RiskImporterHistoryHead as Model<HeadDoc> | undefined) ??
      connection.model<HeadDoc>('RiskImporterHistoryHead', headSchema);
  }

  async init(): Promise<void> {
    await Promise.all([this.entries.createIndexes(), this.heads.createIndexes()]);
  }

  async read(importerKey: string): Promise<ImporterHistory> {
    const { shipments, findings } = await this.position(importerKey);
    return { shipments, findings };
  }

  add(importerKey: string, change: HistoryChange): Promise<void> {
    const previous = this.adding.get(importerKey) ?? Promise.resolve();
    const turn = previous.then(() => this.addNow(importerKey, change));
    const settled = turn.catch(() => undefined);
    this.adding.set(importerKey, settled);
    void settled.then(() => {
      if (this.adding.get(importerKey) === settled) this.adding.delete(importerKey);
    });
    return turn;
  }

  /**
   * Claims the entry after the newest one this instance knows, without asking first: the unique insert is
   * the arbiter, and only when another instance took that entry does it walk forward and try again.
   */
  private async addNow(importerKey: string, change: HistoryChange): Promise<void> {
    let at = this.seen.get(importerKey) ?? (await this.position(importerKey));
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const next: Position = {
        n: at.n + 1,
        shipments: at.shipments + (change.shipments ?? 0),
        findings: at.findings + (change.findings ?? 0),
      };
      if (await this.claimEntry(importerKey, next, change.event)) {
        this.remember(importerKey, next);
        if (next.n % HEAD_EVERY === 0) await this.moveHead(importerKey, next);
        return;
      }
      at = await this.position(importerKey);
    }
    throw new Error(`importer history of ${importerKey}: ${MAX_ATTEMPTS} concurrent additions won first`);
  }

  /** Stores entry `at.n`; false when it exists already (another addition took it). */
  private async claimEntry(importerKey: string, at: Position, event: string): Promise<boolean> {
    try {
      await this.entries.create({ _id: entryId(importerKey, at.n), importerKey, ...at, event });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** The newest entry: from the remembered or head position, forward until the next entry is missing. */
  private async position(importerKey: string): Promise<Position> {
    let at = this.seen.get(importerKey) ?? (await this.head(importerKey));
    for (;;) {
      const next = await this.entries.findOne({ _id: entryId(importerKey, at.n + 1) }).lean<EntryDoc>();
      if (!next) break;
      at = this.newer(importerKey, { n: next.n, shipments: next.shipments, findings: next.findings });
    }
    this.remember(importerKey, at);
    return at;
  }

  /**
   * `at`, or the newer entry this instance learnt of meanwhile: a walk skips what this instance's own
   * additions stored while it walked, rather than chasing them one lookup at a time.
   */
  private newer(importerKey: string, at: Position): Position {
    const known = this.seen.get(importerKey);
    return known && known.n > at.n ? known : at;
  }

  private async head(importerKey: string): Promise<Position> {
    const head = await this.heads.findOne({ _id: importerKey }).lean<HeadDoc>();
    return head
      ? { n: head.n, shipments: head.shipments, findings: head.findings }
      : { n: 0, shipments: 0, findings: 0 };
  }

  /** Moves the head forward (a lost race leaves it behind, which reads correct by walking forward). */
  private async moveHead(importerKey: string, at: Position): Promise<void> {
    const moved = await this.heads.updateOne({ _id: importerKey, n: { $lt: at.n } }, { $set: at });
    if (moved.matchedCount > 0) return;
    try {
      await this.heads.create({ _id: importerKey, ...at });
    } catch (error) {
      // The head exists already, at this entry or a newer one.
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  private remember(importerKey: string, at: Position): void {
    const known = this.seen.get(importerKey);
    if (known && known.n >= at.n) return;
    this.seen.delete(importerKey);
    this.seen.set(importerKey, at);
    if (this.seen.size <= REMEMBERED) return;
    for (const oldest of this.seen.keys()) {
      this.seen.delete(oldest);
      return;
    }
  }
}
