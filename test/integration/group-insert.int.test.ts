/**
 * The group commit of inserts on the real MongoDB-compatible server: concurrent inserts travel as one command,
 * and each document keeps the outcome a lone insert would have had (stored, duplicate key on _id or on a
 * unique secondary index, invalid), so the claims that rest on unique-index inserts stay exact.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import { castBy, GroupInsert, groupInsertOf } from '../../src/storage/group-insert';
import { freshDatabase } from '../support/services';

interface ClaimDoc {
  _id: string;
  messageId: string;
  attempt: number;
  at: Date;
}

const schema = new Schema<ClaimDoc>(
  {
    _id: String,
    messageId: { type: String, required: true },
    attempt: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'group_claims', versionKey: false },
);
schema.index({ messageId: 1, attempt: 1 }, { unique: true });

describe('GroupInsert on the real server', () => {
  let connection: Connection;
  let drop: () => Promise<void>;
  let model: Model<ClaimDoc>;
  let commands: string[];

  beforeAll(async () => {
    ({ connection, drop } = await freshDatabase('group-insert'));
    model = connection.model<ClaimDoc>('GroupClaim', schema);
    await model.createIndexes();
  });
  afterAll(async () => {
    await drop();
  });
  beforeEach(async () => {
    await model.deleteMany({});
    commands = [];
  });

  /** A group insert whose commands are recorded (the documents are still written by the real server). */
  function counted(): GroupInsert<Partial<ClaimDoc>> {
    return new GroupInsert<Partial<ClaimDoc>>(
      {
        insertMany: (docs, options) => {
          commands.push(docs.map((d) => String(d._id)).join(','));
          return model.collection.insertMany(docs, options);
        },
      },
      castBy(model),
    );
  }

  const claim = (id: string, messageId: string, attempt: number): Partial<ClaimDoc> => ({
    _id: id,
    messageId,
    attempt,
    at: new Date('2026-12-02T10:00:00Z'),
  });

  it('sends inserts started together as one command, each with its own outcome', async () => {
    await model.collection.insertOne({ _id: 'old', messageId: 'm0', attempt: 1, at: new Date() } as never);
    const inserts = counted();
    const outcomes = await Promise.all([
      inserts.insert(claim('a', 'm1', 1)),
      inserts.insert(claim('old', 'm9', 1)), // _id taken before
      inserts.insert(claim('b', 'm1', 2)),
      inserts.insert(claim('a', 'm2', 1)), // _id taken within the batch
      inserts.insert(claim('c', 'm1', 1)), // unique (messageId, attempt) taken within the batch
      inserts.insert(claim('d', 'm3', 1)),
    ]);
    expect(outcomes).toEqual([true, false, true, false, false, true]);
    expect(commands).toEqual(['a,old,b,a,c,d']);
    const stored = await model.find().sort({ _id: 1 }).lean();
    expect(stored.map((d) => [d._id, d.messageId, d.attempt])).toEqual([
      ['a', 'm1', 1],
      ['b', 'm1', 2],
      ['d', 'm3', 1],
      ['old', 'm0', 1],
    ]);
  });

  it('sends a lone insert at once and gathers those that arrive while it is on its way', async () => {
    const inserts = counted();
    const first = inserts.insert(claim('x1', 'm1', 1));
    await Promise.resolve(); // the first leaves after the current tick
    await new Promise((resolve) => setImmediate(resolve));
    const later = [2, 3, 4].map((n) => inserts.insert(claim(`x${n}`, 'm1', n)));
    expect(await Promise.all([first, ...later])).toEqual([true, true, true, true]);
    expect(commands).toEqual(['x1', 'x2,x3,x4']);
  });

  it('refuses an invalid document alone, before anything is sent', async () => {
    const inserts = groupInsertOf(model);
    const results = await Promise.allSettled([
      inserts.insert(claim('ok', 'm1', 1)),
      inserts.insert({ _id: 'bad', attempt: 1 }), // no messageId, no date
    ]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: true });
    expect(results[1].status).toBe('rejected');
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/messageId/);
    expect(await model.countDocuments()).toBe(1);
  });

  it('fails every waiting insert when the command itself fails, and recovers for the next ones', async () => {
    let fail = true;
    const inserts = new GroupInsert<Partial<ClaimDoc>>(
      {
        insertMany: (docs, options) => {
          if (fail) return Promise.reject(new Error('connection reset'));
          return model.collection.insertMany(docs, options);
        },
      },
      castBy(model),
    );
    const failed = await Promise.allSettled([
      inserts.insert(claim('f1', 'm1', 1)),
      inserts.insert(claim('f2', 'm1', 2)),
    ]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await inserts.insert(claim('f1', 'm1', 1))).toBe(true);
    expect(await model.countDocuments()).toBe(1);
  });
});
