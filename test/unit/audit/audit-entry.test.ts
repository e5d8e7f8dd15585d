import {
  AuditChainVerifier,
  canonicalJson,
  GENESIS_HASH,
  hashAuditEntry,
  nextAuditEntry,
  toAuditJson,
  type AuditEntry,
  type AuditEntryInput,
} from '../../../src/domain/audit/audit-entry';

const t0 = new Date('2026-06-01T10:00:00.000Z');

function input(n: number): AuditEntryInput {
  return {
    actor: `admin ${n}`,
    action: 'partner.updated',
    target: 'partner:KE',
    before: { name: `name ${n - 1}`, timeoutMs: 1000 },
    after: { name: `name ${n}`, timeoutMs: 1000 },
  };
}

function chain(length: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let n = 1; n <= length; n++) {
    entries.push(nextAuditEntry(entries.at(-1) ?? null, input(n), new Date(t0.getTime() + n * 1000)));
  }
  return entries;
}

function verify(entries: AuditEntry[]): ReturnType<AuditChainVerifier['result']> {
  const verifier = new AuditChainVerifier();
  for (const entry of entries) if (!verifier.push(entry)) break;
  return verifier.result();
}

describe('audit entries', () => {
  test('when entries are appended, then they are numbered from 1 and each carries the hash of the previous', () => {
    const entries = chain(3);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[0]!.prevHash).toBe(GENESIS_HASH);
    expect(entries[1]!.prevHash).toBe(entries[0]!.hash);
    expect(entries[2]!.prevHash).toBe(entries[1]!.hash);
    expect(entries[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  test('when before/after hold dates and undefined fields, then they are stored as plain JSON', () => {
    const entry = nextAuditEntry(
      null,
      { ...input(1), before: null, after: { at: t0, gone: undefined, list: [1, 'a'] } },
      t0,
    );
    expect(entry.after).toEqual({ at: '2026-06-01T10:00:00.000Z', list: [1, 'a'] });
    expect(toAuditJson(undefined)).toBeNull();
  });

  test('when object keys come back in another order (as a database may return them), then the hash is the same', () => {
    const [entry] = chain(1);
    const reordered = {
      ...entry!,
      after: { timeoutMs: 1000, name: 'name 1' },
    };
    expect(hashAuditEntry(reordered)).toBe(entry!.hash);
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }] })).toBe('{"a":[{"c":null,"d":2}],"b":1}');
  });
});

describe('verifying the audit chain', () => {
  test('when the chain is untouched, then it is intact with its entry count and head hash', () => {
    const entries = chain(5);
    expect(verify(entries)).toEqual({ ok: true, entries: 5, headHash: entries[4]!.hash });
    expect(verify([])).toEqual({ ok: true, entries: 0, headHash: GENESIS_HASH });
  });

  test('when an entry was deleted, then the chain breaks at the missing seq', () => {
    const entries = chain(5);
    const result = verify([entries[0]!, entries[1]!, entries[3]!, entries[4]!]);
    expect(result).toMatchObject({ ok: false, brokenAt: 3, entries: 2 });
    expect(result.ok || result.reason).toMatch(/entry 3 is missing/);
  });

  test('when the first entry was deleted, then the chain breaks at 1', () => {
    expect(verify(chain(3).slice(1))).toMatchObject({ ok: false, brokenAt: 1 });
  });

  test('when an entry was altered, then the chain breaks at that entry', () => {
    const entries = chain(4);
    entries[2] = { ...entries[2]!, actor: 'someone else' };
    const result = verify(entries);
    expect(result).toMatchObject({ ok: false, brokenAt: 3, entries: 2 });
    expect(result.ok || result.reason).toMatch(/altered/);
  });

  test('when an entry was altered and re-hashed, then the next entry no longer links to it', () => {
    const entries = chain(4);
    const forged = { ...entries[1]!, after: { name: 'forged', timeoutMs: 1 } };
    entries[1] = { ...forged, hash: hashAuditEntry(forged) };
    expect(verify(entries)).toMatchObject({ ok: false, brokenAt: 3 });
  });

  test('when an entry was deleted and the later ones renumbered and re-hashed, then the next link breaks', () => {
    const entries = chain(4);
    const renumbered = { ...entries[3]!, seq: 3 };
    const result = verify([entries[0]!, entries[1]!, { ...renumbered, hash: hashAuditEntry(renumbered) }]);
    expect(result).toMatchObject({ ok: false, brokenAt: 3 });
  });

  test('when an entry appears twice, then it is reported as out of order or duplicated', () => {
    const entries = chain(3);
    expect(verify([entries[0]!, entries[1]!, entries[1]!])).toMatchObject({ ok: false, brokenAt: 2 });
  });

  test('when the time of an entry was changed, then the chain breaks there', () => {
    const entries = chain(2);
    entries[0] = { ...entries[0]!, at: new Date(entries[0]!.at.getTime() + 1) };
    expect(verify(entries)).toMatchObject({ ok: false, brokenAt: 1 });
  });
});

describe('verifying a damaged audit chain', () => {
  test('when a stored entry is so damaged it cannot be hashed, then it is reported as altered, not thrown', () => {
    const entries = chain(2);
    entries[1] = { ...entries[1]!, at: 'yesterday' as unknown as Date };
    expect(verify(entries)).toMatchObject({ ok: false, brokenAt: 2 });
  });
});
