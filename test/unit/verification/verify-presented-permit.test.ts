/**
 * The verification flow's branches that the database tests cannot provoke on demand: a usage confirmation
 * that fails and is retried on re-submission, a lost race on the verification record (the claim is given
 * back), and the effects of a rejection (alert, metrics, log) with no claim at all.
 */
import type { Alert, NewAlert } from '../../../src/domain/alerts/alert';
import type { ReceivedPermit, UsageConfirmation } from '../../../src/domain/exchange/permit-records';
import type { Permit } from '../../../src/domain/permit/permit';
import { fixedClock } from '../../../src/domain/ports';
import { verificationRequestSchema } from '../../../src/domain/verification/declaration';
import type {
  Clearance,
  Verification,
  VerificationRepository,
} from '../../../src/domain/verification/verification';
import { verificationIdOf } from '../../../src/domain/verification/verification';
import {
  verifyPresentedPermit,
  type VerifyPresentedPermitDeps,
} from '../../../src/flows/verify-presented-permit';
import { createSilentLogger } from '../../../src/logging/logger';
import { samplePermit } from '../../support/permits';
import { byKey, permitKeyFor } from '../../support/verification-cases';
import { InMemoryTradeLedger } from '../../contract/twins/in-memory-trade-ledger';

class MemoryVerifications implements VerificationRepository {
  readonly records = new Map<string, Verification>();
  readonly clearances = new Map<string, Clearance>();
  claims = 0;
  /** When set, the next insert loses to this record (a concurrent submission stored first). */
  loseNextInsertTo: Verification | undefined;

  insert(v: Verification): Promise<'inserted' | 'duplicate'> {
    if (this.loseNextInsertTo) {
      this.records.set(this.loseNextInsertTo.id, this.loseNextInsertTo);
      this.loseNextInsertTo = undefined;
      return Promise.resolve('duplicate');
    }
    this.records.set(v.id, structuredClone(v));
    return Promise.resolve('inserted');
  }
  find(id: string) {
    return Promise.resolve(this.records.get(id) ?? null);
  }
  findLatestByDeclaration(declarationNumber: string) {
    const all = [...this.records.values()].filter((v) => v.declarationNumber === declarationNumber);
    return Promise.resolve(all.sort((a, b) => b.attempt - a.attempt)[0] ?? null);
  }
  list() {
    return Promise.resolve([...this.records.values()]);
  }
  setUsageConfirmation(id: string, state: Verification['usageConfirmation']) {
    const v = this.records.get(id);
    if (v && state) v.usageConfirmation = state;
    return Promise.resolve();
  }
  claimClearance(c: Clearance) {
    this.claims += 1;
    const existing = this.clearances.get(c.permitKey);
    if (existing) return Promise.resolve({ claimed: false as const, existing });
    this.clearances.set(c.permitKey, c);
    return Promise.resolve({ claimed: true as const });
  }
  findClearance(permitKey: string) {
    return Promise.resolve(this.clearances.get(permitKey) ?? null);
  }
  releaseClearance(permitKey: string, verificationId: string) {
    if (this.clearances.get(permitKey)?.verificationId === verificationId) this.clearances.delete(permitKey);
    return Promise.resolve();
  }
}

function received(permit: Permit): ReceivedPermit {
  const at = new Date('2026-03-03T08:00:00Z');
  return {
    permitKey: permitKeyFor(permit),
    issuingCountry: permit.issuingCountry,
    permit,
    signedXml: '<signed/>',
    digest: 'x',
    signer: { thumbprint: 't', subject: 's' },
    status: 'VALID',
    messageId: 'm',
    receivedAt: at,
    updatedAt: at,
  };
}

function setup(permit = samplePermit()) {
  const verifications = new MemoryVerifications();
  const sent: Array<{ permitKey: string; usage: UsageConfirmation }> = [];
  const alerts: NewAlert[] = [];
  const counted = { verdicts: [] as string[], reasons: [] as string[] };
  let failSends = 0;
  const stored = received(permit);
  const ledger = new InMemoryTradeLedger();
  const deps: VerifyPresentedPermitDeps = {
    ownCountry: 'CH',
    received: {
      find: (key) => Promise.resolve(key === stored.permitKey ? stored : null),
      existing: (keys) => Promise.resolve(keys.filter((key) => key === stored.permitKey)),
    },
    importPermits: { findByNumber: () => Promise.resolve([]) },
    verifications,
    partners: { statusOf: () => 'active' },
    signatures: { verify: (r) => Promise.resolve({ facts: { state: 'valid' }, permit: r.permit }) },
    usageConfirmations: {
      sendUsageConfirmation: (permitKey, usage) => {
        if (failSends > 0) {
          failSends -= 1;
          return Promise.reject(new Error('broker away'));
        }
        sent.push({ permitKey, usage });
        return Promise.resolve({ messageId: `msg-${sent.length}` });
      },
    },
    ledger,
    alerts: {
      raise: (alert) => {
        alerts.push(alert);
        return Promise.resolve({ id: alert.key ?? 'a', at: new Date(), ...alert } as Alert);
      },
    },
    metrics: {
      countVerdict: (v) => counted.verdicts.push(v),
      countRejectionReason: (c) => counted.reasons.push(c),
    },
    clock: fixedClock('2026-04-15T09:30:00Z'),
    logger: createSilentLogger(),
  };
  return {
    deps,
    verifications,
    ledger,
    sent,
    alerts,
    counted,
    permit,
    failNextSends: (n: number) => {
      failSends = n;
    },
  };
}

const bodyOf = (input: unknown) => verificationRequestSchema.parse(input);

describe('verifyPresentedPermit', () => {
  test('when the usage confirmation cannot be queued, then ACCEPTED stands with state failed, and a re-submission sends it', async () => {
    const t = setup();
    t.failNextSends(1);
    const body = bodyOf(byKey(t.permit, 'CH-D-1'));
    const first = await verifyPresentedPermit(t.deps, { body, actor: 'officer' });
    expect(first.verification).toMatchObject({ verdict: 'ACCEPTED', usageConfirmation: { state: 'failed' } });
    expect(t.sent).toHaveLength(0);

    const again = await verifyPresentedPermit(t.deps, { body, actor: 'officer' });
    expect(again).toMatchObject({ replayed: true, verification: { id: first.verification.id } });
    expect(again.verification.usageConfirmation).toMatchObject({ state: 'sent', messageId: 'msg-1' });
    expect(t.sent).toEqual([
      {
        permitKey: permitKeyFor(t.permit),
        usage: {
          declarationNumber: 'CH-D-1',
          clearedAt: new Date('2026-04-15T09:30:00Z'),
          lines: [
            { lineId: 'A', quantity: 150, unit: 'PCS' },
            { lineId: 'B', quantity: 250.5, unit: 'KIL' },
          ],
          confirmedBy: 'officer',
        },
      },
    ]);
    await verifyPresentedPermit(t.deps, { body, actor: 'officer' });
    expect(t.sent).toHaveLength(1);
    expect(t.counted.verdicts).toEqual(['ACCEPTED']);
    // The clearance reached the reports' ledger once, although confirmUsage ran twice.
    expect(t.ledger.facts()).toEqual([
      {
        kind: 'cleared',
        permitKey: permitKeyFor(t.permit),
        declarationNumber: 'CH-D-1',
        usage: t.sent[0]!.usage,
      },
    ]);
  });

  test('when a concurrent submission of the declaration stored a REJECTED result first, then ours is dropped and the permit released', async () => {
    const t = setup();
    const body = bodyOf(byKey(t.permit, 'CH-D-2'));
    const winner: Verification = {
      id: verificationIdOf('CH-D-2', 1),
      declarationNumber: 'CH-D-2',
      attempt: 1,
      permitKey: permitKeyFor(t.permit),
      verdict: 'REJECTED',
      reasons: [],
      reasonCodes: ['NOT_RECEIVED'],
      permit: null,
      presented: { kind: 'key' },
      declaration: body.declaration,
      requestDigest: 'd',
      verifiedAt: new Date(),
      verifiedBy: 'someone',
    };
    t.verifications.loseNextInsertTo = winner;
    const outcome = await verifyPresentedPermit(t.deps, { body, actor: 'officer' });
    expect(outcome).toMatchObject({
      replayed: true,
      verification: { id: verificationIdOf('CH-D-2', 1), verdict: 'REJECTED' },
    });
    expect(t.verifications.claims).toBe(1);
    expect(t.verifications.clearances.size).toBe(0);
    expect(t.sent).toHaveLength(0);
    expect(t.ledger.facts()).toEqual([]);
  });

  test('when a key names a year in which nothing was received, then NOT_RECEIVED names the year that was', async () => {
    const t = setup();
    const request = byKey(t.permit, 'CH-D-6');
    const year = Number(t.permit.issueDate.slice(0, 4));
    request.permit!.issueYear = year - 1;
    const outcome = await verifyPresentedPermit(t.deps, { body: bodyOf(request), actor: 'officer' });
    expect(outcome.verification.reasons).toEqual([
      expect.objectContaining({
        code: 'NOT_RECEIVED',
        details: {
          permitKey: `${t.permit.issuingCountry}/${year - 1}/${t.permit.permitNumber}`,
          receivedWithOtherYear: [permitKeyFor(t.permit)],
        },
      }),
    ]);
  });

  test('when a declaration is rechecked, then each attempt has its own id derived from number and attempt', async () => {
    const t = setup();
    const request = byKey(t.permit, 'CH-D-7', { securityStampNumber: 'KE9' });
    const first = await verifyPresentedPermit(t.deps, { body: bodyOf(request), actor: 'officer' });
    const second = await verifyPresentedPermit(t.deps, {
      body: bodyOf({ ...request, recheck: true }),
      actor: 'officer',
    });
    expect([first.verification.id, second.verification.id]).toEqual([
      verificationIdOf('CH-D-7', 1),
      verificationIdOf('CH-D-7', 2),
    ]);
    expect(first.verification.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(verificationIdOf('CH-D-7', 11)).not.toBe(verificationIdOf('CH-D-71', 1));
  });

  test('when checks fail, then no clearance is claimed, and an alert, metrics and the stored result follow', async () => {
    const t = setup();
    const request = byKey(t.permit, 'CH-D-3', { arrivalDate: '2026-12-01', securityStampNumber: 'KE9' });
    const outcome = await verifyPresentedPermit(t.deps, { body: bodyOf(request), actor: 'officer' });
    expect(outcome.verification.reasonCodes).toEqual(['EXPIRED', 'SECURITY_STAMP_MISMATCH']);
    expect(outcome.verification.usageConfirmation).toBeUndefined();
    expect(t.verifications.claims).toBe(0);
    expect(t.ledger.facts()).toEqual([]);
    expect(t.counted).toEqual({ verdicts: ['REJECTED'], reasons: ['EXPIRED', 'SECURITY_STAMP_MISMATCH'] });
    expect(t.alerts).toEqual([
      expect.objectContaining({
        key: `verification-rejected:${outcome.verification.id}`,
        kind: 'verification-rejected',
        severity: 'critical',
      }),
    ]);
  });

  test('when only clerical checks fail, then the alert is a warning', async () => {
    const t = setup();
    const request = byKey(t.permit, 'CH-D-4', { importer: { name: 'Someone Else' } });
    await verifyPresentedPermit(t.deps, { body: bodyOf(request), actor: 'officer' });
    expect(t.alerts.map((a) => a.severity)).toEqual(['warning']);
  });

  test('when the clearance already belongs to this declaration (a crash before the record was stored), then ACCEPTED under its id', async () => {
    const t = setup();
    t.verifications.clearances.set(permitKeyFor(t.permit), {
      permitKey: permitKeyFor(t.permit),
      declarationNumber: 'CH-D-5',
      verificationId: 'crashed',
      usage: { declarationNumber: 'CH-D-5', clearedAt: new Date(), lines: [], confirmedBy: 'officer' },
    });
    const outcome = await verifyPresentedPermit(t.deps, {
      body: bodyOf(byKey(t.permit, 'CH-D-5')),
      actor: 'officer',
    });
    expect(outcome.verification).toMatchObject({
      id: 'crashed',
      verdict: 'ACCEPTED',
      usageConfirmation: { state: 'sent' },
    });
  });
});
