/**
 * The retention purge's view of MongoDB: old records of each collection in id order, the facts the rules
 * need, and deletion of a record together with what belongs only to it (a message's blobs, claims and
 * open marker; an alert's acknowledgement and finished deliveries). Runs are claimed in `retention_runs`
 * by an insert. The audit log (`audit_log`) is never touched here.
 */
import type { Collection, Connection } from 'mongoose';
import type { Document, Filter } from 'mongodb';
import type {
  MessageCandidate,
  PermitHold,
  PlainCandidate,
  RetentionCollection,
  VerificationCandidate,
} from '../domain/retention/retention-rules';
import type { CandidatePage, RetentionStore } from '../domain/retention/retention-store';
import { isDuplicateKeyError } from './mongo-connection';

type Doc = Document & { _id: string };

const COLLECTION_OF: Record<RetentionCollection, { name: string; timeField: string }> = {
  messages: { name: 'messages', timeField: 'updatedAt' },
  archive: { name: 'inbound_archive', timeField: 'receivedAt' },
  verifications: { name: 'verifications', timeField: 'verifiedAt' },
  alerts: { name: 'alerts', timeField: 'at' },
};

export class MongoRetentionStore implements RetentionStore {
  constructor(private readonly connection: Connection) {}

  private collection(name: string): Collection<Doc> {
    return this.connection.collection<Doc>(name);
  }

  async claimRun(runId: string, owner: string, at: Date): Promise<boolean> {
    try {
      await this.collection('retention_runs').insertOne({ _id: runId, owner, at });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  private async page(collection: RetentionCollection, page: CandidatePage): Promise<Doc[]> {
    const { name, timeField } = COLLECTION_OF[collection];
    const filter: Filter<Doc> = {
      [timeField]: { $lt: page.before },
      ...(page.afterId !== undefined && { _id: { $gt: page.afterId } }),
    };
    return this.collection(name).find(filter).sort({ _id: 1 }).limit(page.limit).toArray();
  }

  async oldMessages(page: CandidatePage): Promise<MessageCandidate[]> {
    return (await this.page('messages', page)).map((doc) => ({
      id: doc._id,
      direction: doc.direction as 'outbound' | 'inbound',
      state: String(doc.state),
      actionPending: doc.direction === 'inbound' && doc.action != null && doc.processedAt == null,
      ...(typeof doc.permitKey === 'string' && { permitKey: doc.permitKey }),
      at: doc.updatedAt as Date,
    }));
  }

  async oldArchiveEntries(page: CandidatePage): Promise<PlainCandidate[]> {
    return (await this.page('archive', page)).map((doc) => ({ id: doc._id, at: doc.receivedAt as Date }));
  }

  async oldVerifications(page: CandidatePage): Promise<VerificationCandidate[]> {
    return (await this.page('verifications', page)).map((doc) => ({
      id: doc._id,
      verdict: String(doc.verdict),
      permitKey: String(doc.permitKey),
      at: doc.verifiedAt as Date,
    }));
  }

  async oldAlerts(page: CandidatePage): Promise<PlainCandidate[]> {
    return (await this.page('alerts', page)).map((doc) => ({ id: doc._id, at: doc.at as Date }));
  }

  async permitHolds(permitKeys: readonly string[]): Promise<Map<string, PermitHold>> {
    if (permitKeys.length === 0) return new Map();
    const docs = await this.collection('received_permits')
      .find({ _id: { $in: [...permitKeys] } }, { projection: { status: 1, 'permit.validUntil': 1 } })
      .toArray();
    return new Map(
      docs.map((doc) => {
        const validUntil = (doc.permit as { validUntil?: unknown } | undefined)?.validUntil;
        const hold: PermitHold = {
          permitKey: doc._id,
          status: String(doc.status),
          ...(typeof validUntil === 'string' && { validUntil }),
        };
        return [doc._id, hold];
      }),
    );
  }

  async referencedArchiveIds(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const docs = await this.collection('messages')
      .find({ archiveId: { $in: [...ids] } }, { projection: { archiveId: 1 } })
      .toArray();
    return new Set(docs.map((doc) => String(doc.archiveId)));
  }

  async delete(collection: RetentionCollection, ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const list = [...ids];
    if (collection === 'messages') await this.deleteMessageParts(list);
    if (collection === 'alerts') {
      await this.collection('alert_acknowledgements').deleteMany({ _id: { $in: list } });
      await this.collection('alert_deliveries').deleteMany({
        alertId: { $in: list },
        state: { $ne: 'PENDING' },
      });
    }
    const result = await this.collection(COLLECTION_OF[collection].name).deleteMany({ _id: { $in: list } });
    return result.deletedCount;
  }

  /** A message's blobs (envelope, receipt), its delivery claims and its open marker. */
  private async deleteMessageParts(ids: string[]): Promise<void> {
    const docs = await this.collection('messages')
      .find({ _id: { $in: ids } })
      .toArray();
    const blobs = docs.flatMap((doc) => {
      const receiptId = (doc.receipt as { receiptId?: unknown } | undefined)?.receiptId;
      return [
        `${doc._id}:envelope:${String(doc.digest)}`,
        ...(typeof receiptId === 'string' ? [`receipt:${receiptId}`] : []),
      ];
    });
    const outboundIds = docs
      .filter((doc) => doc.direction === 'outbound')
      .map((doc) => String(doc.messageId));
    await this.collection('message_blobs').deleteMany({ _id: { $in: blobs } });
    if (outboundIds.length)
      await this.collection('delivery_claims').deleteMany({ messageId: { $in: outboundIds } });
    await this.collection('open_messages').deleteMany({ _id: { $in: ids } });
  }
}
