/**
 * The delivery worker's use case: take one outbound message id from the queue and try to deliver it.
 *
 * 1. Claim the next attempt (a unique-index insert: of two workers only one wins) and mark SENDING with a
 *    lease, so the sweeper can take the message back if this worker dies mid-send.
 * 2. POST the signed envelope to the partner over mutual TLS.
 * 3. Accept only a receipt signed by that partner, for our message id and the digest of what we sent.
 * 4. DELIVERED; or FAILED for a permanent rejection; or RETRY_WAIT and a delayed re-publish for a
 *    transient failure, until the attempts or the time window run out (then FAILED plus an alert).
 *
 * A FAILED outcome is written together with the alert it raises (`pendingAlert`, in the same record write
 * that applies FAILED), then the alert is stored, then the pending alert is removed. A worker that stops in
 * between loses nothing: the record stays open, the sweeper hands the message back, and whichever worker
 * gets it raises the pending alert first (the alert's key makes raising it twice store it once).
 */
import type { AlertStore, NewAlert } from '../domain/alerts/alert';
import { decideRetry, type RetryPolicy } from '../domain/exchange/backoff';
import { fromReceiptDocument } from '../domain/exchange/envelope-xml';
import type { DeliveryAttempt, Receipt } from '../domain/exchange/message';
import { supersedeExpiredAttempts, withDeliveryTimeout } from '../domain/exchange/delivery-fencing';
import type { MessageRepository } from '../domain/exchange/message-repository';
import { toReceiptSummary, type OutboundMessage, type ReceiptSummary } from '../domain/exchange/records';
import { ERROR_CATALOGUE, GatewayError, isErrorCode, isGatewayError, type ErrorCode } from '../domain/errors';
import type { DirectoryPartner } from '../domain/partners/directory-snapshot';
import type { Clock } from '../domain/ports';
import type { TrustAnchors } from '../domain/pki/trust-anchors';
import { verifyXmlSignature } from '../domain/signing/xml-verifier';
import type { Logger } from '../logging/logger';
import type { Disposition, ExchangeQueue } from '../domain/exchange/exchange-queue';

/** What the worker needs to talk to a partner (PartnerClient implements it). */
export interface PartnerTransport {
  request(
    partner: DirectoryPartner,
    request: {
      method: 'POST' | 'GET';
      path: string;
      body?: Buffer | string;
      headers?: Record<string, string>;
    },
  ): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>;
}

export interface DeliverMessageDeps {
  country: string;
  /** Identifies this worker in claims (host + pid + random). */
  owner: string;
  messages: Pick<
    MessageRepository,
    'findOutboundState' | 'findEnvelope' | 'claim' | 'updateOutbound' | 'finishClaim' | 'completeAttempt'
  >;
  directory: {
    current(): { findPartner(code: string): DirectoryPartner | undefined };
    signingTrustFor(code: string, at: Date): TrustAnchors;
  };
  transport: PartnerTransport;
  queue: ExchangeQueue;
  alerts: AlertStore;
  clock: Clock;
  logger: Logger;
  retry: RetryPolicy;
  leaseMs: number;
  /** The longest a delivery waits for a partner (below the lease, so a lease never ends mid-send). */
  partnerTimeoutCapMs?: number;
  onOutcome?: (outcome: DeliveryAttempt['outcome'], message: OutboundMessage) => void;
}

export const EXCHANGE_MESSAGES_PATH = '/exchange/v1/messages';

/**
 * Our codes are catalogue codes; a partner's gateway may answer with codes we do not know (another
 * implementation, a newer version): those are kept as the partner wrote them.
 */
type OutcomeCode = ErrorCode | (string & {});

type Outcome =
  | { kind: 'delivered'; receipt: ReceiptSummary; httpStatus: number }
  | { kind: 'rejected'; code: OutcomeCode; message: string; httpStatus?: number; receipt?: ReceiptSummary }
  | { kind: 'transient'; code: OutcomeCode; message: string; httpStatus?: number };

/** An attempt this worker claimed: its number and the attempts list with it in progress. */
interface Claimed {
  attempt: number;
  attempts: DeliveryAttempt[];
}

/** Handles one id from the outbound queue; the returned disposition is for the queue message. */
export async function deliverMessage(deps: DeliverMessageDeps, messageId: string): Promise<Disposition> {
  const message = await deps.messages.findOutboundState(messageId);
  if (!message) {
    deps.logger.warn('outbound id with no record; dropped', { messageId });
    return 'ack';
  }
  if (message.pendingAlert) await raisePendingAlert(deps, messageId, message.pendingAlert);
  if (!isDue(message, deps.clock.now())) return 'ack';
  const claimed = await claimAttempt(deps, message);
  if (!claimed) return 'ack'; // another worker holds it

  const outcome = await attemptDelivery(deps, message);
  const ended = deps.clock.now();
  const recorded = endedAttempt(claimed, outcome, ended);
  const attempts = [...claimed.attempts.slice(0, -1), recorded];
  let applied: boolean;
  if (outcome.kind === 'delivered') {
    applied = await recordDelivered(deps, message, attempts, outcome.receipt, ended);
  } else if (outcome.kind === 'rejected') {
    const failure = { code: outcome.code, message: outcome.message };
    applied = await fail(deps, message, attempts, failure, outcome.receipt);
    if (applied) deps.onOutcome?.('rejected', message);
  } else {
    applied = await retryOrGiveUp(deps, message, attempts, outcome, ended);
  }
  if (!applied) lateOutcome(deps, message, recorded);
  return 'ack';
}

/** Not finished, and not a copy that arrives before its retry is due (the sweeper and the delay queue can both hand it over). */
function isDue(message: OutboundMessage, now: Date): boolean {
  if (message.state === 'DELIVERED' || message.state === 'FAILED') return false;
  return !(
    message.state === 'RETRY_WAIT' &&
    message.nextAttemptAt &&
    message.nextAttemptAt.getTime() - now.getTime() > 1000
  );
}

/** Claims the next attempt (of two workers only one wins) and marks SENDING with a lease. */
async function claimAttempt(deps: DeliverMessageDeps, message: OutboundMessage): Promise<Claimed | null> {
  const now = deps.clock.now();
  const { messageId } = message;
  const attempt = await deps.messages.claim(
    messageId,
    deps.owner,
    now,
    deps.leaseMs,
    message.attempts.length,
  );
  if (attempt === null) return null;
  const started: DeliveryAttempt = { attempt, startedAt: now, outcome: 'in-progress' };
  const attempts = [...supersedeExpiredAttempts(message.attempts, attempt, now), started];
  await deps.messages.updateOutbound(messageId, {
    state: 'SENDING',
    leaseUntil: new Date(now.getTime() + deps.leaseMs),
    attempts,
    updatedAt: now,
  });
  return { attempt, attempts };
}

/** The claimed attempt as it ended. */
function endedAttempt(claimed: Claimed, outcome: Outcome, ended: Date): DeliveryAttempt {
  const started = claimed.attempts[claimed.attempts.length - 1]!;
  const kinds = { delivered: 'delivered', rejected: 'rejected', transient: 'transient-failure' } as const;
  return {
    ...started,
    endedAt: ended,
    outcome: kinds[outcome.kind],
    ...(outcome.httpStatus !== undefined && { httpStatus: outcome.httpStatus }),
    ...(outcome.kind !== 'delivered' && { code: outcome.code, error: outcome.message }),
  };
}

/** DELIVERED (terminal); false when a later attempt had taken the message over. */
async function recordDelivered(
  deps: DeliverMessageDeps,
  message: OutboundMessage,
  attempts: DeliveryAttempt[],
  receipt: ReceiptSummary,
  ended: Date,
): Promise<boolean> {
  const applied = await deps.messages.completeAttempt(
    message.messageId,
    attempts[attempts.length - 1]!,
    { state: 'DELIVERED', receipt, attempts, updatedAt: ended },
    ['leaseUntil', 'nextAttemptAt', 'failure'],
  );
  if (applied) deps.onOutcome?.('delivered', message);
  return applied;
}

/**
 * RETRY_WAIT and a delayed re-publish while the retry policy allows; FAILED (DELIVERY_EXHAUSTED) after.
 * False when a later attempt had taken the message over.
 */
async function retryOrGiveUp(
  deps: DeliverMessageDeps,
  message: OutboundMessage,
  attempts: DeliveryAttempt[],
  outcome: Extract<Outcome, { kind: 'transient' }>,
  ended: Date,
): Promise<boolean> {
  const { messageId, resentAt } = message;
  const attempt = attempts[attempts.length - 1]!.attempt;
  const budget = resentAt ? attempts.filter((a) => a.startedAt >= resentAt) : attempts;
  const decision = decideRetry(deps.retry, budget.length, budget[0]?.startedAt ?? ended, ended);
  if (!decision.retry) {
    const applied = await fail(deps, message, attempts, {
      code: 'DELIVERY_EXHAUSTED',
      message: `gave up after ${attempt} attempts (${decision.reason}); last error ${outcome.code}: ${outcome.message}`,
    });
    if (applied) deps.onOutcome?.('permanent-failure', message);
    return applied;
  }
  const nextAttemptAt = new Date(ended.getTime() + decision.delayMs!);
  const applied = await deps.messages.completeAttempt(
    messageId,
    attempts[attempts.length - 1]!,
    { state: 'RETRY_WAIT', nextAttemptAt, publishedAt: ended, attempts, updatedAt: ended },
    ['leaseUntil'],
  );
  if (!applied) return false;
  await deps.messages.finishClaim(messageId, attempt);
  deps.logger.info('delivery failed; retrying later', {
    messageId,
    partner: message.partner,
    attempt,
    code: outcome.code,
    retryInMs: decision.delayMs,
  });
  deps.onOutcome?.('transient-failure', message);
  await deps.queue.publishRetry(messageId, decision.tierMs!, decision.delayMs!).catch((error: unknown) =>
    // The record says RETRY_WAIT with its due time; the sweeper publishes it when due.
    deps.logger.warn('retry publish failed; the sweeper will pick the message up', {
      messageId,
      error: (error as Error).message,
    }),
  );
  return true;
}

/**
 * FAILED with an alert; false (nothing changed, no alert) when a later attempt had taken the message over.
 * The alert goes into the same write as FAILED, so only the attempt that still held the message raises it,
 * and a stop between the write and the alert store leaves it pending rather than lost.
 */
async function fail(
  deps: DeliverMessageDeps,
  message: OutboundMessage,
  attempts: DeliveryAttempt[],
  failure: { code: OutcomeCode; message: string },
  receipt?: ReceiptSummary,
): Promise<boolean> {
  const now = deps.clock.now();
  const last = attempts[attempts.length - 1]!;
  const alert: NewAlert = {
    kind: 'delivery-failed',
    severity: 'critical',
    subject: `message ${message.messageId}`,
    message: `${message.documentType} ${message.permitKey} to ${message.partner} failed: ${failure.code}`,
    key: `delivery-failed:${message.messageId}:${attempts.length}`,
    at: now,
    details: {
      messageId: message.messageId,
      partner: message.partner,
      documentType: message.documentType,
      permitKey: message.permitKey,
      code: failure.code,
      reason: failure.message,
    },
  };
  const applied = await deps.messages.completeAttempt(
    message.messageId,
    last,
    {
      state: 'FAILED',
      failure,
      attempts,
      updatedAt: now,
      pendingAlert: alert,
      ...(receipt && { receipt }),
    },
    ['leaseUntil', 'nextAttemptAt'],
  );
  if (!applied) return false;
  await raisePendingAlert(deps, message.messageId, alert);
  // Release the claim, so that an administrator's resend can claim the next attempt at once.
  await deps.messages.finishClaim(message.messageId, last.attempt);
  deps.logger.warn('delivery failed for good', {
    messageId: message.messageId,
    partner: message.partner,
    ...failure,
  });
  return true;
}

/**
 * Stores a FAILED outcome's alert (once per key, however often this runs) and then removes it from the
 * record, which closes it.
 */
async function raisePendingAlert(
  deps: DeliverMessageDeps,
  messageId: string,
  alert: NewAlert,
): Promise<void> {
  await deps.alerts.raise(alert);
  await deps.messages.updateOutbound(messageId, {}, ['pendingAlert']);
}

/** An attempt whose lease ran out before it ended: a later attempt owns the message; its outcome is kept. */
function lateOutcome(deps: DeliverMessageDeps, message: OutboundMessage, attempt: DeliveryAttempt): void {
  deps.logger.warn('delivery attempt ended after a later attempt took over; its outcome is not applied', {
    messageId: message.messageId,
    partner: message.partner,
    attempt: attempt.attempt,
    outcome: attempt.outcome,
  });
}

function transient(code: OutcomeCode, message: string, httpStatus?: number): Outcome {
  return { kind: 'transient', code, message, ...(httpStatus !== undefined && { httpStatus }) };
}

/** One POST and the reading of its answer. Never throws: every failure becomes an outcome. */
async function attemptDelivery(deps: DeliverMessageDeps, message: OutboundMessage): Promise<Outcome> {
  const listed = deps.directory.current().findPartner(message.partner);
  const partner = listed && withDeliveryTimeout(listed, deps.partnerTimeoutCapMs);
  if (!partner || partner.status !== 'active') {
    return transient('PARTNER_NOT_ACTIVE', `${message.partner} is not an active partner`);
  }
  const envelopeXml = await deps.messages.findEnvelope(message);
  if (envelopeXml === null) return transient('INTERNAL_ERROR', 'the signed envelope is not stored (yet)');
  let response: { status: number; headers: Record<string, unknown>; body: Buffer };
  try {
    response = await deps.transport.request(partner, {
      method: 'POST',
      path: EXCHANGE_MESSAGES_PATH,
      body: Buffer.from(envelopeXml, 'utf8'),
      headers: { 'content-type': 'application/xml' },
    });
  } catch (error) {
    if (!isGatewayError(error)) return transient('PARTNER_UNREACHABLE', (error as Error).message);
    // The catalogue decides: what would fail the same way on every attempt ends the delivery now.
    if (error.disposition === 'dead-letter')
      return { kind: 'rejected', code: error.code, message: error.message };
    return transient(error.code, error.message);
  }
  const header = response.headers['content-type'];
  const contentType = typeof header === 'string' ? header : '';
  if (contentType.includes('xml')) {
    try {
      const receipt = await readReceipt(deps, partner, message, response.body);
      if (receipt.status === 'REJECTED') {
        return {
          kind: 'rejected',
          code: receipt.code ?? 'PARTNER_REJECTED',
          message: receipt.reason ?? 'rejected by the partner',
          httpStatus: response.status,
          receipt,
        };
      }
      return { kind: 'delivered', receipt, httpStatus: response.status };
    } catch (error) {
      const code = isGatewayError(error) ? error.code : 'RECEIPT_INVALID';
      return transient(code, (error as Error).message, response.status);
    }
  }
  const { code, text } = errorBodyOf(response.body);
  if (answerIsTransient(response.status, code)) {
    return transient(code ?? 'PARTNER_HTTP_ERROR', text ?? `HTTP ${response.status}`, response.status);
  }
  // A 4xx without a receipt: the partner refused the request itself (TLS identity, size, type ...).
  return {
    kind: 'rejected',
    code: code ?? 'PARTNER_REJECTED',
    message: text ?? `HTTP ${response.status}`,
    httpStatus: response.status,
  };
}

/**
 * A partner's error answer without a receipt is retried when its status says the partner may get better
 * (5xx, 429, 408), or when its code is one our catalogue retries; any other 4xx ends the delivery.
 */
function answerIsTransient(status: number, code: string | undefined): boolean {
  if (status >= 500 || status === 429 || status === 408) return true;
  return code !== undefined && isErrorCode(code) && ERROR_CATALOGUE[code].disposition === 'retry';
}

function errorBodyOf(body: Buffer): { code?: string; text?: string } {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { error?: { code?: unknown; message?: unknown } };
    const code = typeof parsed.error?.code === 'string' ? parsed.error.code : undefined;
    const text = typeof parsed.error?.message === 'string' ? parsed.error.message : undefined;
    return { ...(code && { code }), ...(text && { text }) };
  } catch {
    return {};
  }
}

/** Verifies the receipt's signature with the partner's signing anchors and that it answers this message. */
async function readReceipt(
  deps: DeliverMessageDeps,
  partner: DirectoryPartner,
  message: OutboundMessage,
  body: Buffer,
): Promise<ReceiptSummary> {
  const now = deps.clock.now();
  const verified = await verifyXmlSignature(body, {
    trust: deps.directory.signingTrustFor(partner.code, now),
    at: now,
  });
  if (!verified.ok) {
    throw new GatewayError(
      'RECEIPT_INVALID',
      `the receipt signature does not verify: ${verified.code} ${verified.message}`,
    );
  }
  if (verified.signer.country !== partner.code) {
    throw new GatewayError(
      'RECEIPT_INVALID',
      `the receipt is signed by ${verified.signer.country ?? 'a certificate without a country'}, not ${partner.code}`,
    );
  }
  const receipt: Receipt = fromReceiptDocument(verified.document);
  const problems: string[] = [];
  if (receipt.refToMessageId !== message.messageId)
    problems.push(`it answers message ${receipt.refToMessageId}`);
  if (receipt.from !== partner.code) problems.push(`it comes from ${receipt.from}`);
  if (receipt.to !== deps.country) problems.push(`it is addressed to ${receipt.to}`);
  if (receipt.receivedDigest !== message.digest)
    problems.push('its digest is not the digest of what we sent');
  if (problems.length)
    throw new GatewayError(
      'RECEIPT_MISMATCH',
      `the receipt does not answer our message: ${problems.join('; ')}`,
    );
  return toReceiptSummary(receipt, verified.text);
}
