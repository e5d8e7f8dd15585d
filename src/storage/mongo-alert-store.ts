/** Raised alerts in MongoDB; the alert key is the _id, so raising the same alert twice stores it once. */
import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import type { Alert, AlertSeverity, AlertStore, NewAlert } from '../domain/alerts/alert';
import type { Clock } from '../domain/ports';
import { isDuplicateKeyError } from './mongo-connection';

interface AlertDoc {
  _id: string;
  kind: string;
  severity: AlertSeverity;
  subject: string;
  message: string;
  at: Date;
  details: Record<string, unknown>;
}

const alertSchema = new Schema<AlertDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    severity: { type: String, required: true },
    subject: { type: String, required: true },
    message: { type: String, required: true },
    at: { type: Date, required: true },
    details: { type: Schema.Types.Mixed, required: true },
  },
  { collection: 'alerts', versionKey: false, minimize: false },
);
alertSchema.index({ at: -1 });
alertSchema.index({ kind: 1, at: -1 });
alertSchema.index({ subject: 1, at: -1 });

function toAlert(doc: AlertDoc): Alert {
  return {
    id: doc._id,
    kind: doc.kind,
    severity: doc.severity,
    subject: doc.subject,
    message: doc.message,
    at: doc.at,
    details: doc.details ?? {},
  };
}

export class MongoAlertStore implements AlertStore {
  private readonly model: Model<AlertDoc>;

  constructor(
    connection: Connection,
    private readonly clock: Clock,
  ) {
    this.model = connection.models.Alert ?? connection.model<AlertDoc>('Alert', alertSchema);
  }

  async init(): Promise<void> {
    await this.model.createIndexes();
  }

  async raise(alert: NewAlert): Promise<Alert> {
    const doc: AlertDoc = {
      _id: alert.key ?? randomUUID(),
      kind: alert.kind,
      severity: alert.severity,
      subject: alert.subject ?? alert.key ?? alert.kind,
      message: alert.message ?? alert.kind,
      at: alert.at ?? this.clock.now(),
      details: alert.details ?? {},
    };
    try {
      await this.model.create(doc);
      return toAlert(doc);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const existing = await this.model.findOne({ _id: doc._id }).lean<AlertDoc>();
      return existing ? toAlert(existing) : toAlert(doc);
    }
  }

  /** The stored alert with this id, or null. */
  async find(id: string): Promise<Alert | null> {
    const doc = await this.model.findOne({ _id: id }).lean<AlertDoc>();
    return doc ? toAlert(doc) : null;
  }

  async list(options: { kind?: string; subject?: string; limit: number }): Promise<Alert[]> {
    const filter = {
      ...(options.kind === undefined ? {} : { kind: options.kind }),
      ...(options.subject === undefined ? {} : { subject: options.subject }),
    };
    const docs = await this.model.find(filter).sort({ at: -1 }).limit(options.limit).lean<AlertDoc[]>();
    return docs.map(toAlert);
  }
}
