/** Issued (outbound) and received (inbound) permits, each keyed by the permit key. */
import { Schema, type Connection, type Model } from 'mongoose';
import type { IssuedPermit, ReceivedPermit } from '../domain/exchange/permit-records';
import type {
  IssuedPermitRepository,
  PermitListFilter,
  PermitPage,
  PermitRepository,
  ReceivedPermitRepository,
} from '../domain/exchange/permit-repository';
import { groupInsertOf, type GroupInsert } from './group-insert';
import { afterPosition, newestFirstSort } from './newest-first';

type Doc<T> = Omit<T, 'permitKey'> & { _id: string };

const issuedSchema = new Schema<Doc<IssuedPermit>>(
  {
    _id: String,
    permit: { type: Schema.Types.Mixed, required: true },
    signedXml: { type: String, required: true },
    digest: { type: String, required: true },
    destination: { type: String, required: true },
    status: { type: String, required: true },
    messageId: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    cancellation: Schema.Types.Mixed,
    replacedBy: String,
    usage: Schema.Types.Mixed,
  },
  { collection: 'issued_permits', versionKey: false, minimize: true },
);
issuedSchema.index({ status: 1, createdAt: -1 });

const receivedSchema = new Schema<Doc<ReceivedPermit>>(
  {
    _id: String,
    issuingCountry: { type: String, required: true },
    permit: { type: Schema.Types.Mixed, required: true },
    signedXml: { type: String, required: true },
    digest: { type: String, required: true },
    signer: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true },
    messageId: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    cancellation: Schema.Types.Mixed,
    replacedBy: String,
  },
  { collection: 'received_permits', versionKey: false, minimize: true },
);
receivedSchema.index({ issuingCountry: 1, receivedAt: -1 });

function fromDoc<T>(doc: Doc<T>): T {
  const { _id, ...rest } = doc;
  return { permitKey: _id, ...rest } as T;
}

class PermitStore<T extends { permitKey: string }> implements PermitRepository<T> {
  private readonly inserts: GroupInsert<Partial<Doc<T>>>;

  constructor(
    private readonly model: Model<Doc<T>>,
    /** What listings order by, newest first. */
    private readonly timeField: 'createdAt' | 'receivedAt',
  ) {
    this.inserts = groupInsertOf(model);
  }

  async init(): Promise<void> {
    await this.model.createIndexes();
  }

  /** False when a permit with this key exists already. */
  async insert(record: T): Promise<boolean> {
    const { permitKey, ...rest } = record;
    return this.inserts.insert({ _id: permitKey, ...rest });
  }

  async find(permitKey: string): Promise<T | null> {
    const doc = await this.model.findById(permitKey).lean<Doc<T>>();
    return doc ? fromDoc(doc) : null;
  }

  /** Those of `permitKeys` stored here, in the order given: one primary-key lookup each, in parallel. */
  async existing(permitKeys: readonly string[]): Promise<string[]> {
    const found = await Promise.all(
      permitKeys.map(async (key) => (await this.model.exists({ _id: key })) !== null),
    );
    return permitKeys.filter((_, i) => found[i]);
  }

  async update(permitKey: string, changes: Partial<Omit<T, 'permitKey'>>): Promise<void> {
    await this.model.updateOne({ _id: permitKey }, { $set: changes as Record<string, unknown> });
  }

  async list(
    filter: PermitListFilter,
    limit: number,
    page?: PermitPage,
  ): Promise<Array<Omit<T, 'signedXml'>>> {
    const below = page && afterPosition(this.timeField, page.before, page.beforeKey);
    const docs = await this.model
      .find({ ...filter, ...below }, { signedXml: 0 })
      .sort(newestFirstSort(this.timeField))
      .limit(limit)
      .lean<Array<Doc<T>>>();
    return docs.map((doc) => fromDoc(doc));
  }
}

export class MongoIssuedPermitRepository extends PermitStore<IssuedPermit> implements IssuedPermitRepository {
  constructor(connection: Connection) {
    super(
      connection.models.IssuedPermit ?? connection.model<Doc<IssuedPermit>>('IssuedPermit', issuedSchema),
      'createdAt',
    );
  }
}

export class MongoReceivedPermitRepository
  extends PermitStore<ReceivedPermit>
  implements ReceivedPermitRepository
{
  constructor(connection: Connection) {
    super(
      connection.models.ReceivedPermit ??
        connection.model<Doc<ReceivedPermit>>('ReceivedPermit', receivedSchema),
      'receivedAt',
    );
  }
}
