/**
 * Pings a partner gateway: one mutual-TLS GET of its exchange health endpoint, so an administrator can
 * check reachability, the TLS handshake in both directions and the round-trip time before (or after)
 * activating the partner. Works for pending and suspended partners too: pinging does not exchange documents.
 */
import { GatewayError } from '../domain/errors';
import type { DirectoryPartner, DirectorySnapshot } from '../domain/partners/directory-snapshot';
import type { Clock } from '../domain/ports';

/** The partner's health route (relative to its endpoint URL). */
export const PARTNER_HEALTH_PATH = 'exchange/v1/health';

/** What the ping needs from the outbound client (PartnerClient implements it). */
export interface PingTransport {
  request(
    partner: DirectoryPartner,
    request: { method: 'GET'; path: string },
  ): Promise<{
    status: number;
    body: Buffer;
    rttMs: number;
    tls: {
      protocol: string | null;
      cipher: string | null;
      peerSubject: string | null;
      peerFingerprint: string | null;
    };
  }>;
}

export interface PingResult {
  partner: string;
  endpointUrl: string;
  /** True when the partner answered over mutual TLS (whatever the HTTP status). */
  reachable: true;
  /** HTTP status of the partner's answer: 200 means it knows us and we are active there. */
  status: number;
  rttMs: number;
  tls: {
    protocol: string | null;
    cipher: string | null;
    peerSubject: string | null;
    peerFingerprint: string | null;
  };
  /** The partner's own view: its country and who it identified us as (from its health answer). */
  remote?: { country?: string; partner?: string };
  /** The error code in the partner's answer when it refused us (e.g. EXCHANGE_PARTNER_INACTIVE). */
  remoteError?: { code?: string; message?: string };
  at: string;
}

export interface PingPartnerDeps {
  directory: { current(): DirectorySnapshot };
  transport: PingTransport;
  clock: Clock;
}

/**
 * Pings partner `code`. Throws PARTNER_NOT_FOUND, PARTNER_NO_TLS_ANCHOR, or the transport's
 * PARTNER_UNREACHABLE / PARTNER_TLS_FAILED / PARTNER_TIMEOUT.
 */
export async function pingPartner(deps: PingPartnerDeps, code: string): Promise<PingResult> {
  const partner = deps.directory.current().findPartner(code);
  if (!partner) throw new GatewayError('PARTNER_NOT_FOUND', `no partner ${code}`);
  const at = deps.clock.now().toISOString();
  const response = await deps.transport.request(partner, { method: 'GET', path: PARTNER_HEALTH_PATH });
  const answer = readJson(response.body);
  const result: PingResult = {
    partner: partner.code,
    endpointUrl: partner.endpointUrl,
    reachable: true,
    status: response.status,
    rttMs: response.rttMs,
    tls: response.tls,
    at,
  };
  if (response.status === 200 && answer) {
    result.remote = { country: stringField(answer, 'country'), partner: stringField(answer, 'partner') };
  } else if (answer && typeof answer.error === 'object' && answer.error !== null) {
    const error = answer.error as Record<string, unknown>;
    result.remoteError = { code: stringField(error, 'code'), message: stringField(error, 'message') };
  }
  return result;
}

function readJson(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function stringField(value: Record<string, unknown>, key: string): string | undefined {
  const field = value[key];
  return typeof field === 'string' ? field.slice(0, 500) : undefined;
}
