/**
 * The exchange and customs calls the scripts make, over the public internal API, with the waits around them
 * (a permit is accepted at once, delivered a little later).
 */
import type { Permit } from '../../src/domain/permit/permit';
import { ApiError, keyPath, type ApiClient } from './api-client';

export interface Submitted {
  permitKey: string;
  messageId: string;
}

/** An outbound message record as GET /api/v1/messages/:id returns it (the fields the scripts read). */
export interface MessageView {
  messageId: string;
  state: string;
  permitKey?: string;
  documentType?: string;
  createdAt: string;
  updatedAt: string;
  attempts: Array<{
    attempt: number;
    outcome: string;
    startedAt: string;
    endedAt?: string;
    code?: string;
    error?: string;
  }>;
  receipt?: { status: string; code?: string; receiptId: string; receivedAt: string; signedXml: string };
  failure?: { code: string; message: string };
}

/** What a verification answers (the fields the scripts read). */
export interface VerificationView {
  id?: string;
  verdict: 'ACCEPTED' | 'REJECTED';
  codes: string[];
  reasons: Array<{ code: string; message: string; details?: Record<string, unknown> }>;
  usageConfirmation?: { state: string; messageId?: string };
  raw: unknown;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** POST /api/v1/permits as the issuer: 202 (new) or 200 (the same permit again). */
export async function submitPermit(issuer: ApiClient, permit: Permit): Promise<Submitted> {
  return issuer.expect<Submitted>([200, 202], 'POST', '/api/v1/permits', permit);
}

/** GET /api/v1/messages/:id (admin or auditor): a message's state, attempts and receipt. */
export async function getMessage(reader: ApiClient, messageId: string): Promise<MessageView> {
  return reader.get<MessageView>(`/api/v1/messages/${encodeURIComponent(messageId)}`);
}

/** Polls a message until its state is one of `states` (default DELIVERED or FAILED). */
export async function waitForMessage(
  reader: ApiClient,
  messageId: string,
  { states = ['DELIVERED', 'FAILED'], timeoutMs = 30_000 }: { states?: string[]; timeoutMs?: number } = {},
): Promise<MessageView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const message = await getMessage(reader, messageId).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 404) return undefined;
      throw error;
    });
    if (message && states.includes(message.state)) return message;
    if (Date.now() > deadline) {
      throw new Error(`message ${messageId}: still ${message?.state ?? 'unknown'} after ${timeoutMs} ms`);
    }
    await sleep(50);
  }
}

/** How long `eventually` polls, what it waits for, and what to show of the state when it gives up. */
export interface EventuallyOptions {
  timeoutMs?: number;
  intervalMs?: number;
  what?: string;
  describe?: () => Promise<unknown>;
}

/** Polls `probe` until it returns something other than undefined. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  { timeoutMs = 30_000, intervalMs = 100, what = 'condition', describe }: EventuallyOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const state = describe ? ` (last seen: ${JSON.stringify(await describe().catch(() => null))})` : '';
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (${(last as Error).message})` : ''}${state}`,
      );
    }
    await sleep(intervalMs);
  }
}

/** GET /api/v1/permits/:key as the issuer (KE's view of a permit it issued). */
export function getIssuedPermit(issuer: ApiClient, permitKey: string) {
  return issuer.get<{
    status: string;
    usage?: { declarationNumber: string; clearedAt: string; lines: unknown[]; confirmedBy: string };
  }>(`/api/v1/permits/${keyPath(permitKey)}`);
}

/** GET /api/v1/received-permits/:key as customs (CH's view of a permit it received). */
export function getReceivedPermit(customs: ApiClient, permitKey: string) {
  return customs.get<{ status: string; signer?: { subject?: string } }>(
    `/api/v1/received-permits/${keyPath(permitKey)}`,
  );
}

/** POST /api/v1/permits/:key/cancel as the issuer. */
export function cancelPermit(issuer: ApiClient, permitKey: string, reason: string): Promise<Submitted> {
  return issuer.expect<Submitted>([200, 202], 'POST', `/api/v1/permits/${keyPath(permitKey)}/cancel`, {
    reason,
  });
}

/** Reads a verification answer whatever its wrapping ({verification: ...} or the record itself). */
export function toVerificationView(body: unknown): VerificationView {
  const record = ((body as { verification?: unknown }).verification ?? body) as {
    id?: string;
    verdict?: string;
    reasons?: Array<{ code: string; message: string; details?: Record<string, unknown> }>;
    reasonCodes?: string[];
    usageConfirmation?: { state: string; messageId?: string };
  };
  if (record.verdict !== 'ACCEPTED' && record.verdict !== 'REJECTED') {
    throw new Error(`not a verification: ${JSON.stringify(body).slice(0, 300)}`);
  }
  const reasons = record.reasons ?? [];
  return {
    ...(record.id !== undefined && { id: record.id }),
    verdict: record.verdict,
    codes: record.reasonCodes ?? reasons.map((r) => r.code),
    reasons,
    ...(record.usageConfirmation && { usageConfirmation: record.usageConfirmation }),
    raw: body,
  };
}

/** POST /api/v1/verifications as customs; any 2xx carries a verdict. */
export async function verify(customs: ApiClient, request: unknown): Promise<VerificationView> {
  const res = await customs.send('POST', '/api/v1/verifications', request);
  if (res.status < 200 || res.status > 299)
    throw new ApiError(res.status, res.body, 'POST /api/v1/verifications');
  return toVerificationView(res.body);
}
