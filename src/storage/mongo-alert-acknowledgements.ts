/** Alert acknowledgements in MongoDB (`alert_acknowledgements`, key = alert id: the first one wins). */
import type { Collection, Connection } from 'mongoose';
import type { AlertAcknowledgement, AlertAcknowledgements } from '../domain/alerts/alert-acknowledgement';
import { isDuplicateKeyError } from './mongo-connection';

interface AckDoc {
  _id: string;
  by: string;
  at: Date;
  note?: string;
}

function toAck(doc: AckDoc): AlertAcknowledgement {
  return { alertId: doc._id, by: doc.by, at: doc.at, ...(doc.note !== undefined && { note: doc.note }) };
}

export class MongoAlertAcknowledgements implements AlertAcknowledgements {
  private readonly acks: Collection<AckDoc>;

  constructor(connection: Connection) {
    this.acks = connection.collection<AckDoc>('alert_acknowledgements');
  }

  async acknowledge(
    ack: AlertAcknowledgement,
  ): Promise<{ acknowledgement: AlertAcknowledgement; created: boolean }> {
    const doc: AckDoc = {
      _id: ack.alertId,
      by: ack.by,
      at: ack.at,
      ...(ack.note !== undefined && { note: ack.note }),
    };
    try {
      await this.acks.insertOne(doc);
      return { acknowledgement: toAck(doc), created: true };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const existing = await this.acks.findOne({ _id: ack.alertId });
      return { acknowledgement: toAck(existing ?? doc), created: false };
    }
  }

  async find(alertIds: readonly string[]): Promise<Map<string, AlertAcknowledgement>> {
    if (alertIds.length === 0) return new Map();
    const docs = await this.acks.find({ _id: { $in: [...alertIds] } }).toArray();
    return new Map(docs.map((doc) => [doc._id, toAck(doc as AckDoc)]));
  }
}
