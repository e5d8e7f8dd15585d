/**
 * Group commit for the inserts of one collection: inserts that arrive while an earlier one is on its way to
 * the database wait for it and then travel together as one `insertMany` (unordered), so under load a permit's
 * inserts cost a fraction of a database command each, and a lone insert still goes at once (no timer, no added
 * wait when the gateway is quiet).
 *
 * Each document keeps its own outcome, exactly as a lone insert would have it: stored (true), refused by a
 * unique index (false, the duplicate-key write error of its index in the batch), or failed (its own error).
 * The unique-index insert stays the one atomic write every claim rests on: MongoDB checks each document of an
 * unordered insertMany on its own, and FerretDB inserts the batch in one transaction and, when that fails,
 * each document on its own (handler/msg_insert.go), reporting duplicates by index.
 *
 * With a mongoose model (`groupInsertOf`), documents are cast and validated by it first (its schema's types,
 * required fields, and strict mode: unknown fields are dropped), as `Model.create` would; only the write is
 * shared.
 */
import { MongoBulkWriteError, MongoServerError, type Document, type WriteError } from 'mongodb';
import type { Model } from 'mongoose';

/** Where the documents go: a driver collection, or the one of a mongoose model. */
export interface InsertTarget {
  insertMany(docs: Document[], options: { ordered: false; ignoreUndefined: true }): Promise<unknown>;
}

interface Pending {
  doc: Record<string, unknown>;
  resolve(stored: boolean): void;
  reject(error: unknown): void;
}

const DUPLICATE_KEY = 11000;

/** A group insert into a mongoose model's collection, each document cast and validated by the model. */
export function groupInsertOf<T>(model: Model<T>): GroupInsert<Partial<T>> {
  return new GroupInsert<Partial<T>>(model.collection, castBy(model));
}

/** The document as `Model.create` would write it (cast, validated, unknown fields dropped), or throws. */
export function castBy<T>(model: Model<T>): (doc: Partial<T>) => Promise<Record<string, unknown>> {
  return async (doc) => {
    const casted = new model(doc);
    await casted.validate();
    return casted.toObject({ depopulate: true, versionKey: false });
  };
}

export class GroupInsert<T> {
  private queue: Pending[] = [];
  private writing = false;

  constructor(
    private readonly target: InsertTarget,
    private readonly prepare: (doc: T) => Promise<Record<string, unknown>> | Record<string, unknown> = (
      doc,
    ) => doc as Record<string, unknown>,
    private readonly maxBatch = 256,
  ) {}

  /** Inserts one document; true when stored, false when a unique index already holds its key. */
  async insert(doc: T): Promise<boolean> {
    const plain = await this.prepare(doc);
    return new Promise<boolean>((resolve, reject) => {
      this.queue.push({ doc: plain, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        // after the current tick: inserts started together (Promise.all) leave together
        queueMicrotask(() => void this.drain());
      }
    });
  }

  /** Writes the waiting documents, a batch at a time, until none wait. */
  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      await this.write(batch);
    }
    this.writing = false;
  }

  private async write(batch: Pending[]): Promise<void> {
    let failures: ReadonlyMap<number, WriteError>;
    try {
      await this.target.insertMany(
        batch.map((p) => p.doc),
        { ordered: false, ignoreUndefined: true },
      );
      failures = new Map();
    } catch (error) {
      const perDocument = writeErrorsOf(error);
      if (!perDocument) {
        for (const pending of batch) pending.reject(error);
        return;
      }
      failures = perDocument;
    }
    batch.forEach((pending, index) => settle(pending, failures.get(index)));
  }
}

/** The per-document errors of a failed unordered insert, or undefined when the command itself failed. */
function writeErrorsOf(error: unknown): ReadonlyMap<number, WriteError> | undefined {
  if (!(error instanceof MongoBulkWriteError)) return undefined;
  const errors = ([] as WriteError[]).concat(error.writeErrors);
  // a write-concern failure (no per-document error) leaves every outcome unknown: the command failed
  const concern: unknown = error.writeConcernErrors;
  if (errors.length === 0 || (Array.isArray(concern) && concern.length > 0)) return undefined;
  return new Map(errors.map((e) => [e.index, e]));
}

function settle(pending: Pending, failure: WriteError | undefined): void {
  if (!failure) pending.resolve(true);
  else if (failure.code === DUPLICATE_KEY) pending.resolve(false);
  else
    pending.reject(new MongoServerError({ code: failure.code, errmsg: failure.errmsg ?? 'insert failed' }));
}
