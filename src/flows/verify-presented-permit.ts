/**
 * Customs verification of a presented permit (issue 6): is the permit a trader presents at the border
 * the one the issuing country actually sent us, still valid, unused, and does the shipment match it?
 *
 * The story:
 *  1. a declaration number already verified answers with the stored result (idempotent re-submission);
 *  2. read what was presented (key, JSON document or XML in any shape `epix permit import` reads);
 *  3. find the received permit; re-verify its stored signature with the issuing partner's current trust;
 *  4. gather the rest (partner status, existing clearance, our import permits) and run every check;
 *  5. when nothing failed, claim the clearance with a unique-key insert: of N concurrent verifications of
 *     one permit exactly one wins, the others answer ALREADY_USED; a rejected verification never claims;
 *  6. store the verification (unique per declaration and attempt);
 *  7. effects: ACCEPTED records the clearance in the trade ledger (the reports' data) and sends the usage
 *     confirmation to the issuing country; REJECTED raises an alert, counts the reasons and logs a warning.
 */
import { isDeepStrictEqual } from 'node:util';
import type { AlertSeverity, AlertStore } from '../domain/alerts/alert';
import { GatewayError } from '../domain/errors';
import type { ReceivedPermit } from '../domain/exchange/permit-records';
import type { DirectorySnapshot } from '../domain/partners/directory-snapshot';
import { formatPermitKey, permitKeyOf } from '../domain/permit/permit-key';
import { assertPermit, type Permit } from '../domain/permit/permit';
import type { TrustAnchors } from '../domain/pki/trust-anchors';
import type { Clock } from '../domain/ports';
import { clearedFact, type TradeLedger } from '../domain/reports/trade-ledger';
import { verifySignedPermit } from '../domain/signing/verify-signed-permit';
import {
  alreadyUsed,
  evaluateVerification,
  type ClearanceFacts,
  type ReceivedFacts,
  type SignatureFacts,
} from '../domain/verification/checks';
import {
  presentedOf,
  type PresentedKey,
  type PresentedPermit,
  type VerificationRequestBody,
} from '../domain/verification/declaration';
import type { ImportPermitRepository } from '../domain/verification/import-permit';
import type {
  PartnerStatusLookup,
  ReceivedPermitLookup,
  ReceivedSignatureVerifier,
  VerificationMetrics,
} from '../domain/verification/ports';
import type { ReasonCode, VerificationReason } from '../domain/verification/reason-codes';
import {
  requestDigestOf,
  summarizePermit,
  usageFromMatches,
  verificationIdOf,
  type PresentedSummary,
  type Verification,
  type VerificationRepository,
} from '../domain/verification/verification';
import { importPermit } from '../domain/xml/permit-import';
import type { Logger } from '../logging/logger';
import type { UsageConfirmationSender } from './send-usage-confirmation';

export interface VerifyPresentedPermitDeps {
  /** Our country: the country of import every verified permit must name. */
  ownCountry: string;
  received: ReceivedPermitLookup;
  importPermits: Pick<ImportPermitRepository, 'findByNumber'>;
  verifications: VerificationRepository;
  partners: PartnerStatusLookup;
  signatures: ReceivedSignatureVerifier;
  usageConfirmations: UsageConfirmationSender;
  /** Where the reports' facts go (the clearance of an accepted verification). */
  ledger: Pick<TradeLedger, 'record'>;
  alerts: Pick<AlertStore, 'raise'>;
  metrics: VerificationMetrics;
  clock: Clock;
  logger: Logger;
}

export interface VerifyPresentedPermitInput {
  body: VerificationRequestBody;
  /** The officer (API token name) who asked. */
  actor: string;
}

export interface VerifyOutcome {
  verification: Verification;
  /** True when the stored result of an earlier submission of the declaration was returned. */
  replayed: boolean;
  /** The received permit's record as this request read it (null: none); absent when replayed. */
  received?: ReceivedPermit | null;
}

/** Reasons that point at forgery or re-use rather than at a clerical mismatch: raised as critical alerts. */
const CRITICAL_REASONS: ReadonlySet<ReasonCode> = new Set([
  'NOT_RECEIVED',
  'SIGNATURE_INVALID',
  'DOCUMENT_ALTERED',
  'ALREADY_USED',
  'SECURITY_STAMP_MISMATCH',
]);

/** Verifies a presented permit against the received one; see the module comment for the stages. */
export async function verifyPresentedPermit(
  deps: VerifyPresentedPermitDeps,
  input: VerifyPresentedPermitInput,
): Promise<VerifyOutcome> {
  const { body, actor } = input;
  const { recheck, ...request } = body;
  const requestDigest = requestDigestOf(request);
  const declarationNumber = body.declaration.declarationNumber;

  const previous = await deps.verifications.findLatestByDeclaration(declarationNumber);
  if (previous && !startsNewAttempt(previous, requestDigest, recheck === true)) {
    return { verification: await retryUsageConfirmation(deps, previous), replayed: true };
  }

  const facts = await gatherFacts(deps, body);
  const { presented, lookup, received } = facts;
  const evaluation = evaluate(deps, body, facts);

  const now = deps.clock.now();
  const attempt = (previous?.attempt ?? 0) + 1;
  const { id, reasons, claimed } = await claimWhenClean(deps, {
    evaluation,
    received,
    declarationNumber,
    id: verificationIdOf(declarationNumber, attempt),
    now,
    actor,
  });

  const verification: Verification = {
    id,
    declarationNumber,
    attempt,
    permitKey: received?.facts.permitKey ?? lookup.requestedKey,
    verdict: reasons.length === 0 ? 'ACCEPTED' : 'REJECTED',
    reasons,
    reasonCodes: [...new Set(reasons.map((r) => r.code))],
    permit: received ? summarizePermit(received.facts) : null,
    presented: presented.summary,
    declaration: body.declaration,
    requestDigest,
    verifiedAt: now,
    verifiedBy: actor,
    ...(reasons.length === 0 ? { usageConfirmation: { state: 'pending' as const, at: now } } : {}),
  };

  if ((await deps.verifications.insert(verification)) === 'duplicate') {
    return { verification: await answerConcurrentDuplicate(deps, verification, claimed), replayed: true };
  }
  deps.metrics.countVerdict(verification.verdict);
  if (verification.verdict === 'ACCEPTED') {
    return {
      verification: await confirmUsage(deps, verification),
      replayed: false,
      received: lookup.received,
    };
  }
  await reportRejection(deps, verification);
  return { verification, replayed: false, received: lookup.received };
}

type VerifiedReceived = Awaited<ReturnType<typeof verifyReceived>>;

/** What the checks need: the presented permit, the received one (re-verified), its clearance, import permits. */
async function gatherFacts(deps: VerifyPresentedPermitDeps, body: VerificationRequestBody) {
  const presented = readPresented(presentedOf(body));
  const lookup = await findReceived(deps, presented.key, presented.permit !== undefined);
  const received = lookup.received ? await verifyReceived(deps, lookup.received) : null;
  const clearance = received ? await deps.verifications.findClearance(received.facts.permitKey) : null;
  const importPermits =
    body.declaration.importPermitNumber !== undefined
      ? await deps.importPermits.findByNumber(body.declaration.importPermitNumber)
      : [];
  return { presented, lookup, received, clearance, importPermits };
}

function evaluate(
  deps: VerifyPresentedPermitDeps,
  body: VerificationRequestBody,
  facts: Awaited<ReturnType<typeof gatherFacts>>,
): ReturnType<typeof evaluateVerification> {
  const { presented, lookup, received, clearance, importPermits } = facts;
  return evaluateVerification({
    ownCountry: deps.ownCountry,
    declaration: body.declaration,
    requestedKey: lookup.requestedKey,
    received: received?.facts ?? null,
    ...(lookup.otherYears.length > 0 ? { otherYears: lookup.otherYears } : {}),
    ...(presented.permit ? { presented: presented.permit } : {}),
    partnerStatus: partnerStatusOf(deps, received),
    signature: received?.signature ?? { state: 'not-checked', why: 'nothing received' },
    clearance: clearance ? clearanceFacts(clearance) : null,
    importPermits,
  });
}

function partnerStatusOf(deps: VerifyPresentedPermitDeps, received: VerifiedReceived | null) {
  return received ? (deps.partners.statusOf(received.facts.permit.issuingCountry) ?? 'unknown') : 'unknown';
}

/**
 * When the checks passed, claims the permit's clearance for this declaration: claimed, already ours
 * (the id of the verification that holds it), or used by another declaration (ALREADY_USED).
 */
async function claimWhenClean(
  deps: VerifyPresentedPermitDeps,
  input: {
    evaluation: ReturnType<typeof evaluateVerification>;
    received: VerifiedReceived | null;
    declarationNumber: string;
    id: string;
    now: Date;
    actor: string;
  },
): Promise<{ id: string; reasons: VerificationReason[]; claimed: boolean }> {
  const { evaluation, received, declarationNumber, now, actor } = input;
  let id = input.id;
  let reasons = evaluation.reasons;
  let claimed = false;
  if (reasons.length === 0 && received) {
    const usage = usageFromMatches(evaluation.matches, {
      declarationNumber,
      clearedAt: now,
      confirmedBy: actor,
    });
    const claim = await deps.verifications.claimClearance({
      permitKey: received.facts.permitKey,
      declarationNumber,
      verificationId: id,
      usage,
    });
    if (claim.claimed) claimed = true;
    else if (claim.existing.declarationNumber === declarationNumber) id = claim.existing.verificationId;
    else reasons = [alreadyUsed(clearanceFacts(claim.existing))];
  }
  return { id, reasons, claimed };
}

/**
 * Whether a declaration verified before is evaluated again: only on an explicit recheck of a REJECTED
 * result. The same request without recheck replays the stored result; other content is a conflict (a
 * declaration number names one shipment).
 */
function startsNewAttempt(previous: Verification, requestDigest: string, recheck: boolean): boolean {
  if (recheck && previous.verdict === 'REJECTED') return true;
  if (previous.requestDigest === requestDigest) return false;
  throw new GatewayError(
    'DECLARATION_ALREADY_VERIFIED',
    `declaration ${previous.declarationNumber} was already verified (${previous.verdict}, verification ${previous.id}) with other content` +
      (previous.verdict === 'REJECTED' ? '; send it with "recheck": true to evaluate it again' : ''),
    { details: { verificationId: previous.id, verdict: previous.verdict, attempt: previous.attempt } },
  );
}

interface Presented {
  key: PresentedKey;
  permit?: Permit;
  summary: PresentedSummary;
}

/** The presented permit as our model (throws PERMIT_INVALID / PERMIT_UNRECOGNISED / XML_* for bad documents). */
function readPresented(presented: PresentedPermit): Presented {
  if (presented.kind === 'key') return { key: presented.key, summary: { kind: 'key' } };
  const { permit, summary } =
    presented.kind === 'document'
      ? { permit: assertPermit(presented.document), summary: { kind: 'document' as const } }
      : (() => {
          const imported = importPermit(presented.xml);
          return { permit: imported.permit, summary: { kind: 'xml' as const, shape: imported.shape } };
        })();
  const key = permitKeyOf(permit);
  return {
    key: { issuingCountry: key.issuingCountry, permitNumber: key.permitNumber, issueYear: key.issueYear },
    permit,
    summary,
  };
}

interface ReceivedLookup {
  received: ReceivedPermit | null;
  /** The key reported when nothing matches. */
  requestedKey: string;
  /** Keys received with the same number but another year. */
  otherYears: string[];
}

/** How many years back (and one ahead) a permit number is looked for when the year is unknown or wrong. */
const YEARS_BACK = 5;

/**
 * Finds the received permit for a presented key. With the year: exactly that key (a presented full
 * document whose year was altered still finds the only permit with its number, so the alteration is
 * reported as such). Without the year: the only permit with that number, or PERMIT_KEY_AMBIGUOUS.
 *
 * Every read is by primary key: the presented year first, then the other years from next year back to
 * YEARS_BACK years ago are probed rather than searched, so a flood of invented numbers costs a few key
 * lookups each, however many permits were received.
 */
async function findReceived(
  deps: Pick<VerifyPresentedPermitDeps, 'received' | 'clock'>,
  key: PresentedKey,
  fullDocument: boolean,
): Promise<ReceivedLookup> {
  const keyFor = (issueYear: number) => formatPermitKey({ ...key, issueYear });
  if (key.issueYear !== undefined) {
    const requestedKey = keyFor(key.issueYear);
    const exact = await deps.received.find(requestedKey);
    if (exact) return { received: exact, requestedKey, otherYears: [] };
    const others = await deps.received.existing(probeYears(deps.clock.now(), key.issueYear).map(keyFor));
    const only = fullDocument && others.length === 1 ? await deps.received.find(others[0]!) : null;
    return { received: only, requestedKey, otherYears: only ? [] : others };
  }
  const requestedKey = `${key.issuingCountry}/????/${key.permitNumber}`;
  const keys = await deps.received.existing(probeYears(deps.clock.now()).map(keyFor));
  if (keys.length > 1) {
    throw new GatewayError(
      'PERMIT_KEY_AMBIGUOUS',
      `${keys.length} permits numbered ${key.permitNumber} were received from ${key.issuingCountry}; give the issue year`,
      { details: { permitKeys: keys } },
    );
  }
  return {
    received: keys[0] === undefined ? null : await deps.received.find(keys[0]),
    requestedKey,
    otherYears: [],
  };
}

/** The years to probe: next year back to YEARS_BACK years ago, without `except`. */
function probeYears(now: Date, except?: number): number[] {
  const thisYear = now.getUTCFullYear();
  return Array.from({ length: YEARS_BACK + 2 }, (_, i) => thisYear + 1 - i).filter((y) => y !== except);
}

/** The received permit as the checks see it: read from its re-verified signed document when possible. */
async function verifyReceived(
  deps: Pick<VerifyPresentedPermitDeps, 'signatures' | 'logger'>,
  received: ReceivedPermit,
): Promise<{ facts: ReceivedFacts; signature: SignatureFacts }> {
  const { facts: signature, permit: signed } = await deps.signatures.verify(received);
  if (signed && !isDeepStrictEqual(signed, received.permit)) {
    deps.logger.warn('stored permit data differs from its signed document; the signed document is used', {
      permitKey: received.permitKey,
    });
  }
  return {
    signature,
    facts: {
      permitKey: received.permitKey,
      status: received.status,
      permit: signed ?? received.permit,
      receivedAt: received.receivedAt,
      ...(received.replacedBy !== undefined ? { replacedBy: received.replacedBy } : {}),
      ...(received.cancellation
        ? { cancellation: { reason: received.cancellation.reason, at: received.cancellation.at } }
        : {}),
    },
  };
}

function clearanceFacts(clearance: {
  declarationNumber: string;
  verificationId: string;
  usage: { clearedAt: Date };
}): ClearanceFacts {
  return {
    declarationNumber: clearance.declarationNumber,
    verificationId: clearance.verificationId,
    clearedAt: new Date(clearance.usage.clearedAt),
  };
}

/**
 * Another request stored this declaration's attempt first: answer with its result. If we had claimed the
 * clearance but the stored result is not ours (it was rejected), give the permit back.
 */
async function answerConcurrentDuplicate(
  deps: VerifyPresentedPermitDeps,
  mine: Verification,
  claimed: boolean,
): Promise<Verification> {
  const stored = await deps.verifications.findLatestByDeclaration(mine.declarationNumber);
  // The stored attempt has our id (ids derive from declaration and attempt); it holds the clearance we
  // claimed only if it was accepted too. A rejected one never holds a clearance, so ours is given back.
  if (claimed && (stored?.id !== mine.id || stored.verdict !== 'ACCEPTED')) {
    await deps.verifications.releaseClearance(mine.permitKey, mine.id);
  }
  if (!stored) throw new GatewayError('INTERNAL_ERROR', `verification of ${mine.declarationNumber} vanished`);
  return stored;
}

/** Sends the usage confirmation and records where it stands; a failure leaves it to a re-submission. */
async function confirmUsage(
  deps: VerifyPresentedPermitDeps,
  verification: Verification,
): Promise<Verification> {
  const clearance = await deps.verifications.findClearance(verification.permitKey);
  if (!clearance || clearance.verificationId !== verification.id) {
    throw new GatewayError(
      'INTERNAL_ERROR',
      `the clearance of ${verification.permitKey} is not this verification's`,
    );
  }
  // The clearance is final once its verification is stored as ACCEPTED: the reports count it from here.
  await deps.ledger.record([clearedFact(clearance)]);
  let state: Verification['usageConfirmation'];
  try {
    const { messageId } = await deps.usageConfirmations.sendUsageConfirmation(verification.permitKey, {
      ...clearance.usage,
      clearedAt: new Date(clearance.usage.clearedAt),
    });
    state = { state: 'sent', messageId, at: deps.clock.now() };
  } catch (error) {
    deps.logger.error(
      'usage confirmation could not be queued; it is retried when the declaration is re-submitted',
      {
        verificationId: verification.id,
        permitKey: verification.permitKey,
        error: (error as Error).message,
      },
    );
    state = { state: 'failed', error: (error as Error).message, at: deps.clock.now() };
  }
  await deps.verifications.setUsageConfirmation(verification.id, state);
  return { ...verification, usageConfirmation: state };
}

/** On a replay: an ACCEPTED verification whose usage confirmation was not queued gets another try. */
async function retryUsageConfirmation(
  deps: VerifyPresentedPermitDeps,
  verification: Verification,
): Promise<Verification> {
  if (verification.verdict !== 'ACCEPTED' || verification.usageConfirmation?.state === 'sent')
    return verification;
  return confirmUsage(deps, verification);
}

/** A rejection reaches the people who act on it: a stored alert, a metric per reason and a warning log. */
async function reportRejection(deps: VerifyPresentedPermitDeps, verification: Verification): Promise<void> {
  for (const code of verification.reasonCodes) deps.metrics.countRejectionReason(code);
  const severity: AlertSeverity = verification.reasonCodes.some((c) => CRITICAL_REASONS.has(c))
    ? 'critical'
    : 'warning';
  deps.logger.warn('presented permit rejected', {
    verificationId: verification.id,
    declarationNumber: verification.declarationNumber,
    permitKey: verification.permitKey,
    reasons: verification.reasonCodes,
    verifiedBy: verification.verifiedBy,
  });
  try {
    await deps.alerts.raise({
      key: `verification-rejected:${verification.id}`,
      kind: 'verification-rejected',
      severity,
      at: verification.verifiedAt,
      details: {
        verificationId: verification.id,
        declarationNumber: verification.declarationNumber,
        permitKey: verification.permitKey,
        reasons: verification.reasons.map((r: VerificationReason) => ({ code: r.code, message: r.message })),
        verifiedBy: verification.verifiedBy,
      },
    });
  } catch (error) {
    // The verdict is stored and returned either way; the log line above still carries the rejection.
    deps.logger.error('alert for a rejected verification could not be stored', {
      verificationId: verification.id,
      error: (error as Error).message,
    });
  }
}

/**
 * The production signature check: re-verifies the stored signed document with the issuing partner's
 * signing trust as the directory holds it now (certificates revoked since reception no longer count),
 * at the time of reception (a signer certificate that merely expired since then still verifies).
 * A signer certificate the directory lists as revoked fails even where the trust would still accept it.
 */
export function directorySignatureVerifier(directory: {
  current(): DirectorySnapshot;
  signingTrustFor(code: string, at: Date): TrustAnchors;
}): ReceivedSignatureVerifier {
  return {
    async verify(received) {
      const code = received.issuingCountry;
      const partner = directory.current().findPartner(code);
      if (!partner || partner.status !== 'active') {
        return { facts: { state: 'not-checked', why: `partner ${code} is ${partner?.status ?? 'unknown'}` } };
      }
      const at = received.receivedAt;
      const result = await verifySignedPermit(received.signedXml, {
        trust: directory.signingTrustFor(code, at),
        at,
      });
      if (!result.ok) return { facts: { state: 'invalid', code: result.code, message: result.message } };
      const thumbprint = result.signer.thumbprint;
      if (partner.certificates.some((c) => c.revoked && c.fingerprint === thumbprint)) {
        return {
          facts: {
            state: 'invalid',
            code: 'CERT_REVOKED',
            message: `the signer certificate ${thumbprint} was revoked`,
          },
        };
      }
      if (thumbprint !== received.signer.thumbprint) {
        return {
          facts: {
            state: 'invalid',
            code: 'SIGNATURE_INVALID',
            message: `the stored document is signed by ${thumbprint}, not by the signer recorded at reception`,
          },
        };
      }
      return {
        facts: { state: 'valid', signer: { thumbprint, subject: result.signer.subject } },
        permit: result.permit,
      };
    },
  };
}

/** The partner status port over the directory snapshot in force. */
export function directoryPartnerStatus(directory: { current(): DirectorySnapshot }): PartnerStatusLookup {
  return { statusOf: (code) => directory.current().findPartner(code)?.status };
}
