/** Issued and received permits in memory, for fast flow tests; held to the same contract as the MongoDB ones. */
import type { IssuedPermit, ReceivedPermit } from '../../../src/domain/exchange/permit-records';
import {
  listedAt,
  type IssuedPermitRepository,
  type ListedPermit,
  type PermitListFilter,
  type PermitPage,
  type PermitRepository,
  type ReceivedPermitRepository,
} from '../../../src/domain/exchange/permit-repository';
import { newestFirst } from './newest-first';

/**
 * A deep copy without undefined fields (a document store keeps no field whose value is undefined). Built by
 * hand rather than with structuredClone, whose objects come from another realm under jest's vm and so fail
 * the prototype check of isDeepStrictEqual, which receiveMessage uses to compare permits.
 */
function copy<T>(value: T): T {
  // Dates may come from another realm too (the message twin clones with structuredClone)
  if (Object.prototype.toString.call(value) === '[object Date]') return new Date(value as Date) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => copy(item)) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, copy(v)]),
  ) as T;
}

class InMemoryPermitRepository<
  T extends ListedPermit & { signedXml: string },
> implements PermitRepository<T> {
  private readonly records = new Map<string, T>();

  insert(record: T): Promise<boolean> {
    if (this.records.has(record.permitKey)) return Promise.resolve(false);
    this.records.set(record.permitKey, copy(record));
    return Promise.resolve(true);
  }

  find(permitKey: string): Promise<T | null> {
    const record = this.records.get(permitKey);
    return Promise.resolve(record ? copy(record) : null);
  }

  existing(permitKeys: readonly string[]): Promise<string[]> {
    return Promise.resolve(permitKeys.filter((key) => this.records.has(key)));
  }

  update(permitKey: string, changes: Partial<Omit<T, 'permitKey'>>): Promise<void> {
    const record = this.records.get(permitKey);
    if (record) this.records.set(permitKey, copy({ ...record, ...changes }));
    return Promise.resolve();
  }

  list(filter: PermitListFilter, limit: number, page?: PermitPage): Promise<Array<Omit<T, 'signedXml'>>> {
    const matches = (record: T): boolean =>
      Object.entries(filter).every(([field, value]) => (record as Record<string, unknown>)[field] === value);
    return Promise.resolve(
      [...this.records.values()]
        .filter(matches)
        .filter((r) => !page || after(r, page.before, page.beforeKey) > 0)
        .sort((a, b) => after(a, listedAt(b), b.permitKey))
        .slice(0, limit)
        .map(({ signedXml: _, ...rest }) => copy(rest)),
    );
  }
}

/** Where `record` stands after the position (at, key) in a listing: > 0 when it comes after. */
const after = (record: ListedPermit, at: Date, key: string): number =>
  newestFirst(listedAt(record), record.permitKey, at, key);

export class InMemoryIssuedPermitRepository
  extends InMemoryPermitRepository<IssuedPermit>
  implements IssuedPermitRepository {}

export class InMemoryReceivedPermitRepository
  extends InMemoryPermitRepository<ReceivedPermit>
  implements ReceivedPermitRepository {}
