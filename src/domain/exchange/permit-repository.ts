/**
 * Ports for the permits each side of the exchange keeps: our issued permits and the permits partners sent
 * us, both keyed by the permit key (COUNTRY/YEAR/NUMBER). Adapters: storage/mongo-permit-repository.ts;
 * in-memory twins in test/contract/twins, held to test/contract/permit-repository.contract.ts.
 */
import type { IssuedPermit, ReceivedPermit } from './permit-records';

/** Fields a listing may filter on, compared for equality. */
export type PermitListFilter = Partial<Record<'status' | 'destination' | 'issuingCountry', string>>;

/** One permit store. Records come back as copies: changing one changes nothing stored. */
export interface PermitRepository<T extends { permitKey: string }> {
  /** Stores the record unless a record with its key exists; false then, and the stored one is unchanged. */
  insert(record: T): Promise<boolean>;
  /** The record with this key, or null. */
  find(permitKey: string): Promise<T | null>;
  /** Those of `permitKeys` stored here, in the order given. */
  existing(permitKeys: readonly string[]): Promise<string[]>;
  /** Sets the given fields of the record with this key (nothing happens when there is none). */
  update(permitKey: string, changes: Partial<Omit<T, 'permitKey'>>): Promise<void>;
  /**
   * Records matching every field of `filter`, newest first (issued: createdAt, received: receivedAt) and by
   * key descending within one instant, at most `limit`, without `signedXml`; with `page`, only those after
   * that position (the previous page's last record), so paging neither skips nor repeats a record.
   */
  list(filter: PermitListFilter, limit: number, page?: PermitPage): Promise<Array<Omit<T, 'signedXml'>>>;
}

/** Where a page of a permit listing starts: after the record with this time and key. */
export interface PermitPage {
  before: Date;
  beforeKey: string;
}

/** What a permit listing orders and pages by: its key, and when we issued or received it. */
export type ListedPermit = { permitKey: string } & ({ createdAt: Date } | { receivedAt: Date });

/** The time a permit listing orders by: when we issued it, or when we received it. */
export const listedAt = (record: { createdAt: Date } | { receivedAt: Date }): Date =>
  'receivedAt' in record ? record.receivedAt : record.createdAt;

/** The permits we issued and sent (exporting side). */
export type IssuedPermitRepository = PermitRepository<IssuedPermit>;

/** The permits partners sent us (importing side). */
export type ReceivedPermitRepository = PermitRepository<ReceivedPermit>;
