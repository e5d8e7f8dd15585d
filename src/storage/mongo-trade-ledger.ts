/**
 * The trade ledger in MongoDB (FerretDB included): per year and side, one collection of permits and one of
 * what happened to them, so a report reads exactly its year and nothing of the stored permits.
 *
 *   trade_exports_<YYYY>          { _id: permit key, f: the permit's report fields and destination }
 *   trade_exports_<YYYY>_events   { _id: permit key + "\u0001" + U|C|R, f: the usage confirmation, the
 *                                   cancellation or the replacement }
 *   trade_imports_<YYYY>          { _id: permit key, f: the permit's report fields }
 *   trade_imports_<YYYY>_events   { _id: permit key + "\u0001" + K|C|R, f: the clearance at our border, ... }
 *   trade_ledger_state            { _id: "backfill-v<N>", at, counts }
 *
 * YYYY is the year of the permit key (the issue year as written). Every write is an insert under that
 * _id: the unique primary key makes each fact once-only (a duplicate means "recorded already"), which is
 * the one atomic decision FerretDB v1 offers; nothing is ever updated. U+0001 cannot occur in a permit
 * number (not an XML character) and sorts below every character that can, so ordering on _id keeps a
 * permit's events together and the permits in permit-key order.
 *
 * A fact is stored as one string of positional JSON (see below): FerretDB v1 parses every document it
 * reads field by field (it pushes no filter, sort or projection down to SQLite, only _id lookups), so a
 * document of two strings costs it a fraction of a structured one. Reads are cursors sorted on _id (MongoDB walks
 * the _id index; FerretDB sorts the year's ledger in its own memory), fetched in batches and merged in
 * order, so the report process holds one permit's facts at a time.
 */
import type { Collection, Db, Document, FindCursor } from 'mongodb';
import { BSON } from 'mongodb';
import type { Connection } from 'mongoose';
import type { TradeDirection } from '../domain/reports/annual-report-row';
import { parsePermitKey } from '../domain/permit/permit-key';
import type { CountryCode } from '../domain/countries';
import type { ExportRecord, ImportRecord } from '../domain/reports/report-source';
import type { TradeLine, TradePermit } from '../domain/reports/trade-permit';
import {
  compareUtf8,
  directionOf,
  exportRecordOf,
  importRecordOf,
  type BackfillCounts,
  type LedgerFact,
  type TradeLedger,
} from '../domain/reports/trade-ledger';
import { GroupInsert } from './group-insert';
import { isDuplicateKeyError } from './mongo-connection';

const BATCH_SIZE = 2000;
const SEPARATOR = '\u0001';
const STATE_COLLECTION = 'trade_ledger_state';

interface FactDoc {
  _id: string;
  /** The fact's fields (without its kind and permit key, which the _id and collection carry) as JSON. */
  f: string;
}

/** The collection of a side's permits (events: what happened to them) for a year. */
export function tradeLedgerCollection(direction: TradeDirection, year: number, events: boolean): string {
  return `trade_${direction === 'EXPORT' ? 'exports' : 'imports'}_${year}${events ? '_events' : ''}`;
}

const EVENT_LETTER = {
  'usage-confirmed': 'U',
  cleared: 'K',
  cancelled: 'C',
  replaced: 'R',
} as const;

/*
 * The JSON of each fact is positional (arrays, null for what a permit leaves out): a year's report parses
 * one per permit and event, and arrays parse in well under half the time of the same data with keys.
 *   permit  [issuingCountry, permitNumber, issueDate, validUntil, purpose, importerCountry, [line, ...]]
 *   line    [id, appendix, scientificName, termCode, quantity, unit, source, origin, lastReExport]
 *           origin [country, permitNumber, permitDate], lastReExport [country, certificateNumber, date]
 *   usage   [declarationNumber, clearedAt (ISO), confirmedBy, [[lineId, quantity, unit], ...]]
 *   exported [destination, permit]; imported [permit]; usage-confirmed [usage];
 *   cleared [declarationNumber, usage]; cancelled, replaced [at (ISO)]
 */
type Json = null | string | number | Json[];
const opt = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

function permitJson(permit: TradePermit): Json {
  return [
    permit.issuingCountry,
    permit.permitNumber,
    permit.issueDate,
    permit.validUntil,
    permit.purpose,
    permit.importerCountry,
    permit.lines.map((l) => [
      l.id,
      l.appendix,
      l.scientificName,
      opt(l.termCode),
      l.quantity,
      opt(l.unit),
      l.source,
      l.origin ? [l.origin.country, opt(l.origin.permitNumber), opt(l.origin.permitDate)] : null,
      l.lastReExport
        ? [l.lastReExport.country, opt(l.lastReExport.certificateNumber), opt(l.lastReExport.certificateDate)]
        : null,
    ]),
  ];
}

type LineJson = [
  string,
  TradeLine['appendix'],
  string,
  string | null,
  number,
  TradeLine['unit'] | null,
  TradeLine['source'],
  [string, string | null, string | null] | null,
  [string, string | null, string | null] | null,
];
type PermitJson = [string, string, string, string, TradePermit['purpose'], string, LineJson[]];

function permitOfJson(json: PermitJson): TradePermit {
  const [issuingCountry, permitNumber, issueDate, validUntil, purpose, importerCountry, lines] = json;
  return {
    issuingCountry,
    permitNumber,
    issueDate,
    validUntil,
    purpose,
    importerCountry,
    lines: lines.map(([id, appendix, scientificName, termCode, quantity, unit, source, origin, reExport]) => {
      const line: TradeLine = { id, appendix, scientificName, quantity, source };
      if (termCode !== null) line.termCode = termCode;
      if (unit !== null) line.unit = unit;
      if (origin) {
        line.origin = { country: origin[0] as CountryCode };
        if (origin[1] !== null) line.origin.permitNumber = origin[1];
        if (origin[2] !== null) line.origin.permitDate = origin[2];
      }
      if (reExport) {
        line.lastReExport = { country: reExport[0] as CountryCode };
        if (reExport[1] !== null) line.lastReExport.certificateNumber = reExport[1];
        if (reExport[2] !== null) line.lastReExport.certificateDate = reExport[2];
      }
      return line;
    }),
  };
}

type Usage = Extract<LedgerFact, { kind: 'cleared' }>['usage'];
type UsageJson = [string, string, string, Array<[string, number, string | null]>];

function usageJson(usage: Usage): Json {
  return [
    usage.declarationNumber,
    new Date(usage.clearedAt).toISOString(),
    usage.confirmedBy,
    usage.lines.map((l) => [l.lineId, l.quantity, opt(l.unit)]),
  ];
}

function usageOfJson([declarationNumber, clearedAt, confirmedBy, lines]: UsageJson): Usage {
  return {
    declarationNumber,
    clearedAt: new Date(clearedAt),
    lines: lines.map(([lineId, quantity, unit]) =>
      unit === null ? { lineId, quantity } : { lineId, quantity, unit },
    ),
    confirmedBy,
  };
}

/** Where a fact goes and how it is stored. */
export function factDocOf(fact: LedgerFact): { collection: string; doc: FactDoc } {
  const year = parsePermitKey(fact.permitKey).issueYear;
  const direction = directionOf(fact);
  const permitDoc = (json: Json) => ({
    collection: tradeLedgerCollection(direction, year, false),
    doc: { _id: fact.permitKey, f: JSON.stringify(json) },
  });
  const eventDoc = (json: Json) => ({
    collection: tradeLedgerCollection(direction, year, true),
    doc: {
      _id: `${fact.permitKey}${SEPARATOR}${EVENT_LETTER[fact.kind as keyof typeof EVENT_LETTER]}`,
      f: JSON.stringify(json),
    },
  });
  switch (fact.kind) {
    case 'exported':
      return permitDoc([fact.destination, permitJson(fact.permit)]);
    case 'imported':
      return permitDoc([permitJson(fact.permit)]);
    case 'usage-confirmed':
      return eventDoc([usageJson(fact.usage)]);
    case 'cleared':
      return eventDoc([fact.declarationNumber, usageJson(fact.usage)]);
    case 'cancelled':
    case 'replaced':
      return eventDoc([new Date(fact.at).toISOString()]);
  }
}

/** The fact a stored document holds. */
export function factOfDoc(direction: TradeDirection, doc: FactDoc): LedgerFact {
  const cut = doc._id.lastIndexOf(SEPARATOR);
  const json = JSON.parse(doc.f) as unknown[];
  if (cut < 0) {
    return direction === 'EXPORT'
      ? {
          kind: 'exported',
          permitKey: doc._id,
          destination: json[0] as string,
          permit: permitOfJson(json[1] as PermitJson),
        }
      : { kind: 'imported', permitKey: doc._id, permit: permitOfJson(json[0] as PermitJson) };
  }
  const permitKey = doc._id.slice(0, cut);
  switch (doc._id.slice(cut + 1)) {
    case 'U':
      return { kind: 'usage-confirmed', permitKey, usage: usageOfJson(json[0] as UsageJson) };
    case 'K':
      return {
        kind: 'cleared',
        permitKey,
        declarationNumber: json[0] as string,
        usage: usageOfJson(json[1] as UsageJson),
      };
    case 'C':
      return { kind: 'cancelled', direction, permitKey, at: new Date(json[0] as string) };
    case 'R':
      return { kind: 'replaced', direction, permitKey, at: new Date(json[0] as string) };
    default:
      throw new Error(`trade ledger: unknown event ${JSON.stringify(doc._id)}`);
  }
}

/**
 * A ledger document read straight from its BSON: its two strings, without building an object per field
 * (the driver's general decoding took a fifth of a report's CPU). Anything else falls back to it.
 */
function factDocOfBson(bytes: Uint8Array): FactDoc {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let id: string | undefined;
  let f: string | undefined;
  let at = 4;
  while (at < buffer.length - 1) {
    const type = buffer[at];
    const nameEnd = buffer.indexOf(0, at + 1);
    if (type !== 0x02 || nameEnd < 0) return BSON.deserialize(buffer) as FactDoc;
    const name = buffer.toString('latin1', at + 1, nameEnd);
    const length = buffer.readInt32LE(nameEnd + 1);
    const value = buffer.toString('utf8', nameEnd + 5, nameEnd + 4 + length);
    if (name === '_id') id = value;
    else if (name === 'f') f = value;
    at = nameEnd + 5 + length;
  }
  if (id === undefined || f === undefined) return BSON.deserialize(buffer) as FactDoc;
  return { _id: id, f };
}

/** The key a stored document belongs to: its _id, up to the event letter. */
function keyOfDoc(doc: FactDoc): string {
  const cut = doc._id.lastIndexOf(SEPARATOR);
  return cut < 0 ? doc._id : doc._id.slice(0, cut);
}

export class MongoTradeLedger implements TradeLedger {
  private readonly inserts = new Map<string, GroupInsert<FactDoc>>();

  constructor(private readonly connection: Connection) {}

  async record(facts: readonly LedgerFact[]): Promise<void> {
    // each document is inserted unless its _id exists (then the stored one stays); the group commit of its
    // collection gathers the facts of one call, and of concurrent ones, into one insert
    await Promise.all(
      facts.map((fact) => {
        const { collection, doc } = factDocOf(fact);
        return this.insertsInto(collection).insert(doc);
      }),
    );
  }

  /** The group commit of a ledger collection (concurrent permits' facts travel in one insert). */
  private insertsInto(name: string): GroupInsert<FactDoc> {
    let inserts = this.inserts.get(name);
    if (!inserts) {
      inserts = new GroupInsert<FactDoc>({
        insertMany: (docs, options) => this.collection(name).insertMany(docs as FactDoc[], options),
      });
      this.inserts.set(name, inserts);
    }
    return inserts;
  }

  exportsOf(year: number): AsyncIterable<ExportRecord> {
    return this.recordsOf('EXPORT', [year], exportRecordOf);
  }

  importsOf(year: number): AsyncIterable<ImportRecord> {
    return this.recordsOf('IMPORT', [year - 1, year], importRecordOf);
  }

  /**
   * The record of every permit of `direction` in the years' collections (permits and events, merged in
   * permit-key order). All the cursors' first batches are asked for at once, so the server prepares them
   * side by side; after that a batch is fetched when one runs out.
   */
  private async *recordsOf<R>(
    direction: TradeDirection,
    years: readonly number[],
    recordOf: (permitKey: string, facts: LedgerFact[]) => R | undefined,
  ): AsyncGenerator<R> {
    const readers = years.flatMap((year) =>
      [false, true].map(
        (events) =>
          new BatchReader(
            this.db()
              .collection(tradeLedgerCollection(direction, year, events))
              .find<Uint8Array>({}, { sort: { _id: 1 }, batchSize: BATCH_SIZE, raw: true }),
          ),
      ),
    );
    try {
      await Promise.all(readers.map((r) => r.fill()));
      for (;;) {
        let key: string | undefined;
        for (const reader of readers) {
          const next = reader.peekKey();
          if (next !== undefined && (key === undefined || compareUtf8(next, key) < 0)) key = next;
        }
        if (key === undefined) return;
        const facts: LedgerFact[] = [];
        for (const reader of readers) {
          while (reader.peekKey() === key) {
            facts.push(factOfDoc(direction, reader.take()));
            if (reader.isEmpty()) await reader.fill();
          }
        }
        const record = recordOf(key, facts);
        if (record) yield record;
      }
    } finally {
      await Promise.all(readers.map((r) => r.close()));
    }
  }

  async isBackfilled(version: number): Promise<boolean> {
    const doc = await this.db()
      .collection(STATE_COLLECTION)
      .findOne({ _id: `backfill-v${version}` } as Document);
    return doc !== null;
  }

  async markBackfilled(version: number, at: Date, counts: BackfillCounts): Promise<void> {
    try {
      await this.db()
        .collection(STATE_COLLECTION)
        .insertOne({ _id: `backfill-v${version}`, at, counts } as Document);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  private db(): Db {
    const db = this.connection.db;
    if (!db) throw new Error('MongoTradeLedger: the connection is not open');
    return db;
  }

  private collection(name: string): Collection<FactDoc> {
    return this.db().collection<FactDoc>(name);
  }
}

/** A cursor read a batch at a time: documents are taken synchronously, `fill` fetches the next batch. */
class BatchReader {
  private docs: FactDoc[] = [];
  private next = 0;
  private keys: string[] = [];

  constructor(private readonly cursor: FindCursor<Uint8Array>) {}

  isEmpty(): boolean {
    return this.next >= this.docs.length;
  }

  /** Fetches the next batch when the current one is used up (nothing when the cursor is exhausted). */
  async fill(): Promise<void> {
    if (!this.isEmpty() || !(await this.cursor.hasNext())) return;
    this.docs = this.cursor.readBufferedDocuments().map(factDocOfBson);
    this.keys = this.docs.map(keyOfDoc);
    this.next = 0;
  }

  /** The permit key of the next document, or undefined when none is left. */
  peekKey(): string | undefined {
    return this.keys[this.next];
  }

  take(): FactDoc {
    return this.docs[this.next++]!;
  }

  async close(): Promise<void> {
    await this.cursor.close();
  }
}
