/**
 * Port for the archive of every inbound request's exact bytes, written before anything is parsed, so that
 * what a partner sent can always be shown. Adapter: storage/mongo-archive-repository.ts; in-memory twin in
 * test/contract/twins, held to test/contract/message-archive.contract.ts.
 */

export interface ArchiveEntry {
  partner: string;
  receivedAt: Date;
  contentType: string;
  bytes: Buffer;
}

/** What became of an archived request when it was not simply accepted. */
export interface ArchiveOutcome {
  status: string;
  code?: string;
}

/** An archived request as read back. */
export interface ArchivedRequest {
  partner: string;
  receivedAt: Date;
  bytes: Buffer;
  outcome?: ArchiveOutcome;
}

export interface MessageArchive {
  /** Stores the bytes and returns the new entry's id. */
  archive(entry: ArchiveEntry): Promise<string>;
  /** Notes what became of the request (REJECTED with its code, DUPLICATE ...); the last note wins. */
  recordOutcome(id: string, outcome: ArchiveOutcome): Promise<void>;
  /** The entry with this id (bytes exactly as archived), or null. */
  find(id: string): Promise<ArchivedRequest | null>;
}
