/**
 * History for the benches' "cost does not grow with history" runs (`--preload N`): N permits' worth of stored
 * documents in both gateways' databases, made quickly by copying what a real batch stored.
 *
 * A template batch is first sent through the running gateways as usual. The gateways are then stopped and
 * every document of the per-message collections is copied N / template-size times, each copy with its own
 * identities: the batch's permit-number prefix becomes `KE-<year>-H<round>-`, every UUID and assessment id
 * gets the round in its first characters (their random rest keeps copies of different templates apart), and
 * every date moves back by whole batch spans, so the copies read as earlier batches. Documents keep the
 * indexed fields and sizes real traffic gives them. Long strings (signed XML, stored envelopes) are copied as
 * they are: a copy's signature would not verify, and nothing in the benches reads a preloaded permit's
 * document. The audit chain is extended with correctly hashed entries and importers' histories are
 * renumbered after their heads, so both stay valid for the gateways. Then the gateways start again on the
 * grown databases.
 */
import { MongoClient, type Db, type Document } from 'mongodb';
import { nextAuditEntry, type AuditEntry, type AuditEntryInput } from '../../src/domain/audit/audit-entry';
import { toDoc, type AuditDoc } from '../../src/storage/mongo-audit-log';
import { entryId, type EntryDoc } from '../../src/storage/mongo-importer-history-store';
import type { BenchWorld } from './world';

/** Collections that grow with every permit or request, copied document by document. */
const COPIED = [
  'messages',
  'message_blobs',
  'delivery_claims',
  'delivery_turns',
  'issued_permits',
  'received_permits',
  'inbound_archive',
  'verifications',
  'risk_assessments',
  'clearances',
  'control_results',
];
const TRADE_LEDGER = /^trade_(exports|imports)_\d{4}(_events)?$/;
/** Strings longer than this are content (XML, JSON facts), not identities: copied unchanged. */
const IDENTITY_MAX = 600;
const CHUNK = 1000;
const UUID = /\b[0-9a-f]{8}(-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/g;
/** `ra_` and 22 base64url characters (src/domain/risk/risk-assessment.ts). */
const ASSESSMENT_ID = /(?<![\w-])ra_[\w-]{6}([\w-]{16})(?![\w-])/g;

/** How one copy rewrites identities and dates. */
export interface CopyRound {
  round: number;
  /** The template batch's permit-number prefix, e.g. `KE-2026-WA1B2C3-`. */
  prefix: string;
  /** Milliseconds every date moves back. */
  shiftMs: number;
}

/** The copy of one string: the round in its identities. */
export function rewriteString(value: string, copy: CopyRound): string {
  if (value.length > IDENTITY_MAX) return value;
  const hex = copy.round.toString(16).padStart(8, '0');
  const base36 = copy.round.toString(36).padStart(6, '0');
  const year = copy.prefix.split('-')[1];
  return value
    .replaceAll(copy.prefix, `KE-${year}-H${hex.slice(2).toUpperCase()}-`)
    .replace(UUID, (_, rest: string) => `${hex}${rest}`)
    .replace(ASSESSMENT_ID, (_, rest: string) => `ra_${base36}${rest}`);
}

/** The copy of a stored document: every string and date inside rewritten, binaries kept. */
export function copyDocument<T>(value: T, copy: CopyRound): T {
  if (typeof value === 'string') return rewriteString(value, copy) as T;
  if (value instanceof Date) return new Date(value.getTime() - copy.shiftMs) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => copyDocument(v, copy)) as T;
  if (value === null || typeof value !== 'object' || value.constructor !== Object) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = copyDocument(v, copy);
  return out as T;
}

/** Inserts documents in unordered chunks as they come, so a large copy never sits in memory whole. */
class ChunkedInsert {
  private buffer: Document[] = [];
  stored = 0;

  constructor(
    private readonly db: Db,
    private readonly collection: string,
  ) {}

  async add(doc: Document): Promise<void> {
    this.buffer.push(doc);
    if (this.buffer.length >= CHUNK) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const docs = this.buffer;
    this.buffer = [];
    await this.db.collection(this.collection).insertMany(docs, { ordered: false });
    this.stored += docs.length;
  }
}

export interface PreloadPlan {
  /** The template batch's permit-number prefix. */
  prefix: string;
  /** When the template batch started: audit entries from then on are its. */
  since: Date;
  /** Copies of the template to store. */
  rounds: number;
  /** Milliseconds between copies (the template batch's duration, at least). */
  spanMs: number;
}

/** Stores `plan.rounds` copies of `templates` in `collection`, each made by `copy(doc, round)`. */
async function storeCopies(
  db: Db,
  collection: string,
  templates: Document[],
  rounds: number,
  copy: (doc: Document, round: number) => Document,
): Promise<number> {
  const insert = new ChunkedInsert(db, collection);
  for (let round = 1; round <= rounds; round++) {
    for (const doc of templates) await insert.add(copy(doc, round));
  }
  await insert.flush();
  return insert.stored;
}

/** How the plan's copy `round` rewrites identities and dates. */
const copyRoundOf =
  (plan: PreloadPlan) =>
  (round: number): CopyRound => ({ round, prefix: plan.prefix, shiftMs: round * plan.spanMs });

/** Copies every collection that grows per message; returns documents stored by collection. */
async function copyCollections(db: Db, plan: PreloadPlan): Promise<Record<string, number>> {
  const copy = copyRoundOf(plan);
  const names = (await db.listCollections().toArray()).map((c) => c.name);
  const stored: Record<string, number> = {};
  for (const name of names.filter((n) => COPIED.includes(n) || TRADE_LEDGER.test(n)).sort()) {
    const templates = await db.collection(name).find().toArray();
    if (templates.length === 0) continue;
    stored[name] = await storeCopies(db, name, templates, plan.rounds, (doc, round) =>
      copyDocument(doc, copy(round)),
    );
  }
  return stored;
}

/** Extends the audit chain with copies of the template batch's entries, chained after the head as appends are. */
async function copyAudit(db: Db, plan: PreloadPlan): Promise<number> {
  const copy = copyRoundOf(plan);
  const audit = db.collection<AuditDoc>('audit_log');
  const templates = await audit
    .find({ at: { $gte: plan.since } })
    .sort({ _id: 1 })
    .toArray();
  const head = await audit.findOne({}, { sort: { _id: -1 } });
  if (templates.length === 0 || !head) return 0;
  // nextAuditEntry reads only the previous entry's seq and hash, and the input's own fields
  let previous = { seq: head._id, hash: head.hash } as AuditEntry;
  return storeCopies(db, 'audit_log', templates, plan.rounds, (doc, round) => {
    const { at, ...input } = copyDocument(doc, { ...copy(round), shiftMs: 0 });
    previous = nextAuditEntry(previous, input as AuditEntryInput, at as Date);
    return toDoc(previous);
  });
}

/** Continues each importer's numbered history with copies of its entries, then moves its head to the last. */
async function copyImporterHistory(db: Db, plan: PreloadPlan): Promise<number> {
  const copy = copyRoundOf(plan);
  const entries = db.collection<EntryDoc>('risk_importer_history');
  const templates = await entries.find().sort({ n: 1 }).toArray();
  const last = new Map<string, EntryDoc>();
  for (const entry of templates) last.set(entry.importerKey, entry);
  const stored = await storeCopies(db, 'risk_importer_history', templates, plan.rounds, (doc, round) => {
    const top = last.get(doc.importerKey as string)!;
    const n = (doc.n as number) + round * top.n;
    return {
      _id: entryId(doc.importerKey as string, n),
      importerKey: doc.importerKey as string,
      n,
      shipments: (doc.shipments as number) + round * top.shipments,
      findings: (doc.findings as number) + round * top.findings,
      event: rewriteString(doc.event as string, { ...copy(round), shiftMs: 0 }),
    };
  });
  for (const [key, top] of last) {
    const k = plan.rounds + 1;
    await db
      .collection('risk_importer_history_heads')
      .updateOne(
        { _id: key as unknown as Document['_id'] },
        { $set: { n: top.n * k, shipments: top.shipments * k, findings: top.findings * k } },
        { upsert: true },
      );
  }
  return stored;
}

/** Grows one gateway's database by `plan.rounds` copies of what the template batch stored. */
export async function preloadDatabase(uri: string, plan: PreloadPlan): Promise<Record<string, number>> {
  const client = await MongoClient.connect(uri);
  try {
    const db = client.db();
    const stored = await copyCollections(db, plan);
    stored.audit_log = await copyAudit(db, plan);
    stored.risk_importer_history = await copyImporterHistory(db, plan);
    return stored;
  } finally {
    await client.close();
  }
}

/**
 * Stops both gateways, grows both databases by at least `permits` permits' history in whole copies of the
 * template batch (`templateSize` permits, numbered under `prefix`, started at `since`), starts them again;
 * reports what was stored and how long it took.
 */
export async function preloadHistory(
  bench: BenchWorld,
  template: { prefix: string; since: Date; templateSize: number; permits: number },
  say: (line: string) => void,
): Promise<void> {
  const rounds = Math.ceil(template.permits / template.templateSize);
  say(`  preloading ${rounds * template.templateSize} permits of history ...`);
  const started = Date.now();
  const spanMs = Math.ceil((started - template.since.getTime() + 1) / 1000) * 1000;
  const plan: PreloadPlan = { prefix: template.prefix, since: template.since, rounds, spanMs };
  const codes = ['KE', 'CH'];
  await Promise.all(codes.map((code) => bench.world.process(code).stop()));
  for (const code of codes) {
    const stored = await preloadDatabase(bench.world.country(code).mongodbUri, plan);
    const total = Object.values(stored).reduce((a, b) => a + b, 0);
    say(
      `  preload ${code}: ${total} documents (${Object.entries(stored)
        .map(([c, n]) => `${c} ${n}`)
        .join(', ')})`,
    );
  }
  await Promise.all(codes.map((code) => bench.world.process(code).start()));
  say(`  preload took ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
