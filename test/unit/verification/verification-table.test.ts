/** The shared verification table over the pure checks: every reason code, and the accepted variants. */
import { evaluateVerification } from '../../../src/domain/verification/checks';
import { REASON_ORDER } from '../../../src/domain/verification/reason-codes';
import { VERIFICATION_CASES } from '../../support/verification-cases';
import { factsFor } from './support/facts';

describe('verification table (pure checks)', () => {
  test.each(VERIFICATION_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { facts } = factsFor(c);
    const { reasons } = evaluateVerification(facts);
    expect(reasons.map((r) => r.code)).toEqual(c.expected.codes);
    expect(reasons.length === 0 ? 'ACCEPTED' : 'REJECTED').toBe(c.expected.verdict);
    for (const r of reasons) expect(r.message).toEqual(expect.any(String));
    if (c.expected.alteredFields) {
      const altered = reasons.find((r) => r.code === 'DOCUMENT_ALTERED');
      const fields = (altered?.details?.fields as Array<{ field: string }>).map((f) => f.field);
      expect(fields.sort()).toEqual([...c.expected.alteredFields].sort());
    }
  });

  test('when the table is read, then every reason code is expected by at least one case', () => {
    const covered = new Set(VERIFICATION_CASES.flatMap((c) => c.expected.codes));
    expect(REASON_ORDER.filter((code) => !covered.has(code))).toEqual([]);
  });

  test('when the table is read, then case ids (hence permit and declaration numbers) are unique', () => {
    const ids = VERIFICATION_CASES.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
