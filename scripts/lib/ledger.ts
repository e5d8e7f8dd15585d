/**
 * The books of a batch, read straight from both gateways' databases (the benches and drills run beside the
 * gateways): what KE sent and in which state each message is, what CH stored, and every request CH archived.
 * This is how "0 lost, 0 duplicated" is counted, independently of what the gateways say about themselves.
 *
 * It reads the storage layout of src/storage (collections messages, received_permits, inbound_archive; outbound
 * message records are keyed `out:<messageId>`). Polling uses primary-key lookups only; the full reads (which
 * scan) run once, at the end of a batch.
 */
import { MongoClient, type Db } from 'mongodb';

/** A batch: the permits whose number starts with `prefix` (KE/<year>/<prefix>...). */
export interface BatchFilter {
  /** Permit-number prefix shared by the batch, e.g. `KE-2026-B1A2B3-`. */
  prefix: string;
  /** Only archive entries received at or after this time count (the drills reuse one database). */
  since?: Date;
}

export interface Ledger {
  /** Outbound permit messages at KE, by state. */
  keStates: Record<string, number>;
  keOutbound: number;
  /** Distinct permit keys stored at CH. */
  chReceived: number;
  /** Inbound message records (accepted) at CH, and how many permit keys have more than one. */
  chInboundRecords: number;
  chDuplicateKeys: number;
  /**
   * Archived inbound requests at CH from KE by outcome: ACCEPTED (an inbound record points at it), DUPLICATE
   * (a retransmission answered with the original receipt), REJECTED, or unanswered (the gateway stopped
   * before deciding, e.g. killed).
   */
  chArchive: Record<string, number>;
  /** Sent permits not stored at CH (when `expectedKeys` is given). */
  lost: string[];
  /** Permits stored at CH more than once, or accepted (archive) more often than sent. */
  duplicated: number;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Read-only connections to both countries' databases, for counting a batch. */
export class LedgerReader {
  private constructor(
    private readonly clients: MongoClient[],
    private readonly ke: Db,
    private readonly ch: Db,
  ) {}

  static async open(keUri: string, chUri: string): Promise<LedgerReader> {
    const ke = new MongoClient(keUri, { serverSelectionTimeoutMS: 10_000 });
    const ch = new MongoClient(chUri, { serverSelectionTimeoutMS: 10_000 });
    await Promise.all([ke.connect(), ch.connect()]);
    return new LedgerReader([ke, ch], ke.db(), ch.db());
  }

  private keyFilter(batch: BatchFilter): { $regex: string } {
    return { $regex: `^[A-Z]{2}/\\d{4}/${escapeRegex(batch.prefix)}` };
  }

  /**
   * The state of each outbound message at KE (undefined: no record), looked up by primary key only: on
   * FerretDB v1 any other filter scans and decodes the whole collection (about 0.6 ms per message record on
   * SQLite), which would make the bench's own polling the bottleneck.
   */
  async outboundStates(messageIds: readonly string[]): Promise<Map<string, string | undefined>> {
    const messages = this.ke.collection<{ _id: string; state?: string }>('messages');
    const entries = await Promise.all(
      messageIds.map(async (id) => {
        const doc = await messages.findOne({ _id: `out:${id}` }, { projection: { state: 1 } });
        return [id, doc?.state] as const;
      }),
    );
    return new Map(entries);
  }

  /** The whole ledger of the batch; `expectedKeys` are the permit keys KE accepted. */
  async read(batch: BatchFilter, expectedKeys: readonly string[] = []): Promise<Ledger> {
    const permitKey = this.keyFilter(batch);
    const outbound = await this.ke
      .collection('messages')
      .find(
        { direction: 'outbound', documentType: 'permit', permitKey },
        { projection: { state: 1, permitKey: 1 } },
      )
      .toArray();
    const keStates: Record<string, number> = {};
    for (const m of outbound) keStates[String(m.state)] = (keStates[String(m.state)] ?? 0) + 1;

    const received = await this.ch
      .collection<{ _id: string }>('received_permits')
      .find({ _id: permitKey }, { projection: { _id: 1 } })
      .toArray();
    const receivedKeys = new Set(received.map((r) => String(r._id)));

    const inbound = await this.ch
      .collection('messages')
      .find(
        { direction: 'inbound', state: 'RECEIVED', documentType: 'permit', permitKey },
        { projection: { permitKey: 1, archiveId: 1 } },
      )
      .toArray();
    const perKey = new Map<string, number>();
    for (const m of inbound) perKey.set(String(m.permitKey), (perKey.get(String(m.permitKey)) ?? 0) + 1);
    const chDuplicateKeys = [...perKey.values()].filter((n) => n > 1).length;

    const archiveFilter: Record<string, unknown> = { partner: 'KE' };
    if (batch.since) archiveFilter.receivedAt = { $gte: batch.since };
    const archived = await this.ch
      .collection('inbound_archive')
      .find(archiveFilter, { projection: { outcome: 1 } })
      .toArray();
    // Accepted requests carry no outcome of their own: the accepted record points at them (archiveId).
    const acceptedIds = new Set(inbound.map((m) => String(m.archiveId)));
    const chArchive: Record<string, number> = {};
    for (const a of archived) {
      const outcome = (a.outcome as { status?: string } | undefined)?.status;
      const status = outcome ?? (acceptedIds.has(String(a._id)) ? 'ACCEPTED' : 'unanswered');
      chArchive[status] = (chArchive[status] ?? 0) + 1;
    }
    const acceptedInArchive = (chArchive.ACCEPTED ?? 0) + (chArchive.ACCEPTED_WITH_WARNINGS ?? 0);
    const lost = expectedKeys.filter((k) => !receivedKeys.has(k));
    // Archive entries also count lifecycle messages (none in a batch of permits), so compare with the records.
    const duplicated = chDuplicateKeys + Math.max(0, acceptedInArchive - inbound.length);
    return {
      keStates,
      keOutbound: outbound.length,
      chReceived: receivedKeys.size,
      chInboundRecords: inbound.length,
      chDuplicateKeys,
      chArchive,
      lost,
      duplicated,
    };
  }

  /**
   * Submit→receipt timing of each delivered message of the batch at KE: when the record was created and
   * when the delivering attempt ended (the signed receipt verified), by permit key.
   */
  async deliveryTimes(
    batch: BatchFilter,
  ): Promise<Map<string, { createdAt: Date; deliveredAt: Date; attempts: number }>> {
    const docs = await this.ke
      .collection('messages')
      .find(
        {
          direction: 'outbound',
          documentType: 'permit',
          permitKey: this.keyFilter(batch),
          state: 'DELIVERED',
        },
        { projection: { permitKey: 1, createdAt: 1, updatedAt: 1, attempts: 1 } },
      )
      .toArray();
    const out = new Map<string, { createdAt: Date; deliveredAt: Date; attempts: number }>();
    for (const d of docs) {
      const attempts = (d.attempts ?? []) as Array<{ outcome: string; endedAt?: Date }>;
      const delivered = attempts.find((a) => a.outcome === 'delivered');
      out.set(String(d.permitKey), {
        createdAt: d.createdAt as Date,
        deliveredAt: (delivered?.endedAt ?? d.updatedAt) as Date,
        attempts: attempts.length,
      });
    }
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.close()));
  }
}
