/**
 * Alert deliveries in MongoDB (`alert_deliveries`, the delivery log) and their attempt claims
 * (`alert_delivery_claims`, key `<delivery id>#<attempt>`): a claim is an insert, the one operation that
 * is atomic on every server we support (FerretDB runs updates as read-then-write).
 */
import type { Collection, Connection } from 'mongoose';
import type {
  AlertDelivery,
  AlertDeliveryAttempt,
  AlertDeliveryState,
  AlertDeliveryStore,
  ClaimResult,
} from '../domain/alerts/alert-delivery';
import { deliveryIdOf } from '../domain/alerts/alert-delivery';
import type { AlertNotification } from '../domain/alerts/alert-notification';
import { isDuplicateKeyError } from './mongo-connection';

interface DeliveryDoc extends Omit<AlertDelivery, 'id'> {
  _id: string;
  /** Copied from the notification for the log's filter. */
  alertId: string;
}

interface ClaimDoc {
  _id: string;
  owner: string;
  at: Date;
}

function toDelivery(doc: DeliveryDoc): AlertDelivery {
  const { _id, alertId: _alertId, ...rest } = doc;
  return { id: _id, ...rest, attempts: rest.attempts ?? [] };
}

export class MongoAlertDeliveryStore implements AlertDeliveryStore {
  private readonly deliveries: Collection<DeliveryDoc>;
  private readonly claims: Collection<ClaimDoc>;

  constructor(connection: Connection) {
    this.deliveries = connection.collection<DeliveryDoc>('alert_deliveries');
    this.claims = connection.collection<ClaimDoc>('alert_delivery_claims');
  }

  async init(): Promise<void> {
    await this.deliveries.createIndex({ state: 1, nextAttemptAt: 1 });
    await this.deliveries.createIndex({ alertId: 1, createdAt: -1 });
    await this.deliveries.createIndex({ createdAt: -1 });
  }

  async enqueue(
    items: ReadonlyArray<{ channel: string; notification: AlertNotification }>,
    now: Date,
  ): Promise<string[]> {
    const created: string[] = [];
    for (const { channel, notification } of items) {
      const doc: DeliveryDoc = {
        _id: deliveryIdOf(notification.id, channel),
        alertId: notification.alertId,
        channel,
        notification,
        state: 'PENDING',
        createdAt: now,
        nextAttemptAt: now,
        attempts: [],
      };
      try {
        await this.deliveries.insertOne(doc);
        created.push(doc._id);
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    return created;
  }

  async findDue(now: Date, limit: number): Promise<AlertDelivery[]> {
    const docs = await this.deliveries
      .find({ state: 'PENDING', nextAttemptAt: { $lte: now } })
      .sort({ nextAttemptAt: 1 })
      .limit(limit)
      .toArray();
    return docs.map((doc) => toDelivery(doc as DeliveryDoc));
  }

  async claim(id: string, attempt: number, owner: string, at: Date): Promise<ClaimResult> {
    const key = `${id}#${attempt}`;
    try {
      await this.claims.insertOne({ _id: key, owner, at });
      return { claimed: true };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const existing = await this.claims.findOne({ _id: key });
      return { claimed: false, claimedAt: existing?.at ?? at };
    }
  }

  async recordAttempt(
    id: string,
    attempt: AlertDeliveryAttempt,
    next: { state: AlertDeliveryState; nextAttemptAt?: Date },
  ): Promise<void> {
    const doc = await this.deliveries.findOne({ _id: id });
    if (!doc || doc.attempts.some((a) => a.attempt === attempt.attempt)) return;
    await this.deliveries.updateOne(
      { _id: id },
      {
        $set: {
          attempts: [...doc.attempts, attempt],
          state: next.state,
          ...(next.nextAttemptAt && { nextAttemptAt: next.nextAttemptAt }),
          ...(next.state === 'DELIVERED' && { deliveredAt: attempt.endedAt }),
        },
      },
    );
  }

  async list(options: {
    alertId?: string;
    state?: AlertDeliveryState;
    limit: number;
  }): Promise<AlertDelivery[]> {
    const filter = {
      ...(options.alertId === undefined ? {} : { alertId: options.alertId }),
      ...(options.state === undefined ? {} : { state: options.state }),
    };
    const docs = await this.deliveries.find(filter).sort({ createdAt: -1 }).limit(options.limit).toArray();
    return docs.map((doc) => toDelivery(doc as DeliveryDoc));
  }

  async pendingAlertIds(alertIds: readonly string[]): Promise<Set<string>> {
    if (alertIds.length === 0) return new Set();
    const docs = await this.deliveries
      .find({ alertId: { $in: [...alertIds] }, state: 'PENDING' }, { projection: { alertId: 1 } })
      .toArray();
    return new Set(docs.map((doc) => doc.alertId));
  }
}
