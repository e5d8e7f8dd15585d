/**
 * Outbound mutual-TLS HTTP calls to partner gateways.
 *
 * One keep-alive agent per partner (a new TLS handshake per request runs at ~250 req/s, keep-alive at
 * ~3,700): it presents our TLS client certificate and trusts only that partner's non-revoked tls-ca
 * anchors, and Node's default checkServerIdentity requires the endpoint host in the server certificate's
 * SAN. The agent is replaced when the partner's endpoint or anchors change, which also drops connections
 * opened under the old trust. Failures map to PARTNER_UNREACHABLE / PARTNER_TLS_FAILED / PARTNER_TIMEOUT.
 */
import { Agent, request as httpsRequest } from 'node:https';
import type { ClientRequest, IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { KeyAndCertificate } from '../config/identity';
import { GatewayError } from '../domain/errors';
import type { DirectoryPartner, DirectorySnapshot } from '../domain/partners/directory-snapshot';
import type { DirectorySource } from '../flows/partner-directory';
import type { Logger } from '../logging/logger';

export interface PartnerRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path relative to the partner's endpoint URL, e.g. `exchange/v1/health` (a leading slash is allowed). */
  path: string;
  body?: Buffer | string;
  headers?: Record<string, string>;
}

export interface PartnerTlsDetails {
  protocol: string | null;
  cipher: string | null;
  peerSubject: string | null;
  /** SHA-256 of the partner's server certificate, lower-case hex. */
  peerFingerprint: string | null;
}

export interface PartnerResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** From sending the request to the last byte of the response, in milliseconds. */
  rttMs: number;
  tls: PartnerTlsDetails;
}

export interface PartnerClientOptions {
  /** Connections kept per partner. */
  maxSockets?: number;
  /** Largest response body read; more fails the request with PARTNER_HTTP_ERROR. */
  maxResponseBytes?: number;
}

interface AgentEntry {
  key: string;
  agent: Agent;
}

const TLS_ERROR_CODES = new Set([
  'EPROTO',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'INVALID_PURPOSE',
  'HOSTNAME_MISMATCH',
]);

const socketDetails = new WeakMap<TLSSocket, PartnerTlsDetails>();

/** Outbound client for partner gateways; see the module comment. */
export class PartnerClient {
  private readonly agents = new Map<string, AgentEntry>();
  private readonly maxSockets: number;
  private readonly maxResponseBytes: number;
  private closed = false;
  private readonly unsubscribe: (() => void) | undefined;

  /**
   * @param deps.directory when given, connections to a partner whose endpoint or anchors changed (or that
   *   left the directory) are dropped as soon as the directory changes, not only at the next request.
   */
  constructor(
    private readonly deps: { tlsClient: KeyAndCertificate; logger: Logger; directory?: DirectorySource },
    options: PartnerClientOptions = {},
  ) {
    this.maxSockets = options.maxSockets ?? 16;
    this.maxResponseBytes = options.maxResponseBytes ?? 16 * 1024 * 1024;
    if (!Number.isInteger(this.maxSockets) || this.maxSockets < 1) {
      throw new Error('PartnerClient: maxSockets must be a positive integer');
    }
    if (!Number.isInteger(this.maxResponseBytes) || this.maxResponseBytes < 1) {
      throw new Error('PartnerClient: maxResponseBytes must be a positive integer');
    }
    this.unsubscribe = deps.directory?.onChange((snapshot) => this.follow(snapshot));
  }

  /**
   * Sends one request to `partner` within its `timeoutMs`. Any HTTP status is a response (the caller
   * judges it); only transport failures throw. A request that failed because the partner had closed an
   * idle keep-alive connection just before it was reused is sent once more on a new connection.
   */
  async request(partner: DirectoryPartner, request: PartnerRequest): Promise<PartnerResponse> {
    if (this.closed) throw new GatewayError('SERVICE_UNAVAILABLE', 'the partner client is closed');
    const url = partnerUrl(partner, request.path);
    const agent = this.agentFor(partner, url);
    const deadline = Date.now() + partner.timeoutMs;
    try {
      return await this.send(partner, agent, url, request, deadline);
    } catch (error) {
      if (!(error instanceof StaleSocketError)) throw error;
      // If the partner closed one idle connection (restart, trust change), the others are likely gone too.
      destroyIdleSockets(agent);
      return await this.send(partner, agent, url, request, deadline).catch((retryError: unknown) => {
        throw retryError instanceof StaleSocketError ? retryError.mapped : retryError;
      });
    }
  }

  /** Destroys every agent and its connections. */
  close(): Promise<void> {
    this.closed = true;
    this.unsubscribe?.();
    for (const { agent } of this.agents.values()) agent.destroy();
    this.agents.clear();
    return Promise.resolve();
  }

  /** Connections currently open to `partnerCode` (in use or idle), for tests and metrics. */
  openConnections(partnerCode: string): number {
    const agent = this.agents.get(partnerCode)?.agent;
    if (!agent) return 0;
    const count = (lists: NodeJS.ReadOnlyDict<unknown[]>): number =>
      Object.values(lists).reduce((sum, list) => sum + (list?.length ?? 0), 0);
    return count(agent.sockets) + count(agent.freeSockets);
  }

  /** Drops the agents whose partner's endpoint or anchors are no longer what they were made with. */
  private follow(snapshot: DirectorySnapshot): void {
    for (const [code, entry] of this.agents) {
      const partner = snapshot.findPartner(code);
      let key: string | undefined;
      try {
        key = partner ? agentKeyOf(partner, partnerUrl(partner, '')) : undefined;
      } catch {
        key = undefined; // no usable endpoint any more
      }
      if (key === entry.key) continue;
      this.deps.logger.info('partner trust or endpoint changed; closing its connections', { partner: code });
      entry.agent.destroy();
      this.agents.delete(code);
    }
  }

  private agentFor(partner: DirectoryPartner, url: URL): Agent {
    const anchors = tlsAnchorsOf(partner);
    if (anchors.length === 0) {
      throw new GatewayError(
        'PARTNER_NO_TLS_ANCHOR',
        `partner ${partner.code} has no trusted tls-ca certificate to check its server certificate with`,
      );
    }
    const key = agentKeyOf(partner, url);
    const existing = this.agents.get(partner.code);
    if (existing?.key === key) return existing.agent;
    // The endpoint or the trust changed: connections made under the old trust must not be reused.
    existing?.agent.destroy();
    const { keyPem, certPem, chainPems } = this.deps.tlsClient;
    const agent = new Agent({
      keepAlive: true,
      maxSockets: this.maxSockets,
      maxFreeSockets: this.maxSockets,
      scheduling: 'lifo',
      key: keyPem,
      cert: [certPem, ...chainPems].join(''),
      ca: anchors.map((a) => a.pem),
      minVersion: 'TLSv1.3',
    });
    this.agents.set(partner.code, { key, agent });
    return agent;
  }

  private send(
    partner: DirectoryPartner,
    agent: Agent,
    url: URL,
    request: PartnerRequest,
    deadline: number,
  ): Promise<PartnerResponse> {
    return new Promise<PartnerResponse>((resolve, reject) => {
      const started = performance.now();
      const body = request.body === undefined ? undefined : Buffer.from(request.body);
      const headers: Record<string, string> = { ...request.headers };
      if (body) headers['content-length'] = String(body.length);
      let settled = false;
      let responded = false;
      const req: ClientRequest = httpsRequest(url, { method: request.method, agent, headers });
      const settle = (outcome: { error: Error } | { response: PartnerResponse }): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if ('error' in outcome) {
          req.destroy();
          reject(outcome.error);
        } else {
          resolve(outcome.response);
        }
      };
      const timer = setTimeout(
        () =>
          settle({
            error: new GatewayError(
              'PARTNER_TIMEOUT',
              `partner ${partner.code} did not answer within ${partner.timeoutMs} ms`,
            ),
          }),
        Math.max(1, deadline - Date.now()),
      );
      const onError = (error: NodeJS.ErrnoException): void => {
        // With certificate checks on, `authorized` is true exactly when our side of the handshake completed.
        const handshakeDone = (req.socket as TLSSocket | null)?.authorized === true;
        const mapped = mapTransportError(partner, error, { handshakeDone, reused: req.reusedSocket });
        // The partner closed an idle connection just as we reused it: nothing reached it, send again.
        const stale = req.reusedSocket && !responded && error.code === 'ECONNRESET';
        settle({ error: stale ? new StaleSocketError(mapped) : mapped });
      };
      req.on('error', onError);
      req.on('response', (res: IncomingMessage) => {
        responded = true;
        this.collectResponse(partner, res, started, settle, onError);
      });
      req.end(body);
    });
  }

  /** Reads the partner's answer up to the size limit and settles with it (or with the error). */
  private collectResponse(
    partner: DirectoryPartner,
    res: IncomingMessage,
    started: number,
    settle: (outcome: { error: Error } | { response: PartnerResponse }) => void,
    onError: (error: NodeJS.ErrnoException) => void,
  ): void {
    // Read now: at 'end' the keep-alive socket is already back in the pool and detached.
    const tls = tlsDetailsOf(res.socket as TLSSocket);
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > this.maxResponseBytes) {
        settle({
          error: new GatewayError(
            'PARTNER_HTTP_ERROR',
            `partner ${partner.code} answered with more than ${this.maxResponseBytes} bytes`,
          ),
        });
        return;
      }
      chunks.push(chunk);
    });
    res.on('error', onError);
    res.on('end', () =>
      settle({
        response: {
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks, size),
          rttMs: Math.round((performance.now() - started) * 10) / 10,
          tls,
        },
      }),
    );
  }
}

function tlsAnchorsOf(partner: DirectoryPartner): DirectoryPartner['certificates'] {
  return partner.certificates.filter((c) => c.role === 'tls-ca' && !c.revoked);
}

/** What an agent is made of: the endpoint's origin and the anchors it trusts. */
function agentKeyOf(partner: DirectoryPartner, url: URL): string {
  return [
    url.origin,
    ...tlsAnchorsOf(partner)
      .map((a) => a.fingerprint)
      .sort(),
  ].join('|');
}

function destroyIdleSockets(agent: Agent): void {
  for (const sockets of Object.values(agent.freeSockets)) {
    for (const socket of sockets ?? []) socket.destroy();
  }
}

/** Marks a failure on a reused keep-alive connection that is safe to send again once. */
class StaleSocketError extends Error {
  constructor(readonly mapped: GatewayError) {
    super(mapped.message);
  }
}

/** The partner's endpoint URL with `path` appended (the endpoint's own path prefix is kept). */
export function partnerUrl(partner: Pick<DirectoryPartner, 'code' | 'endpointUrl'>, path: string): URL {
  let base: URL;
  try {
    base = new URL(partner.endpointUrl);
  } catch {
    throw new GatewayError('PARTNER_UNREACHABLE', `partner ${partner.code} has no valid endpoint URL`);
  }
  if (base.protocol !== 'https:') {
    throw new GatewayError('PARTNER_UNREACHABLE', `partner ${partner.code}'s endpoint is not an https URL`);
  }
  if (!base.pathname.endsWith('/')) base.pathname = `${base.pathname}/`;
  base.search = '';
  base.hash = '';
  return new URL(path.replace(/^\/+/, ''), base);
}

function tlsDetailsOf(socket: TLSSocket): PartnerTlsDetails {
  const cached = socketDetails.get(socket);
  if (cached) return cached;
  const peer =
    typeof socket.getPeerX509Certificate === 'function' ? socket.getPeerX509Certificate() : undefined;
  const details: PartnerTlsDetails = {
    protocol: socket.getProtocol?.() ?? null,
    cipher: socket.getCipher?.()?.name ?? null,
    peerSubject: peer ? peer.subject.split('\n').join(', ') : null,
    peerFingerprint: peer ? peer.fingerprint256.replace(/:/g, '').toLowerCase() : null,
  };
  socketDetails.set(socket, details);
  return details;
}

/** Transport error → catalogue code; the message names the partner and the low-level reason. */
function mapTransportError(
  partner: DirectoryPartner,
  error: NodeJS.ErrnoException,
  connection: { handshakeDone: boolean; reused: boolean },
): GatewayError {
  const code = error.code ?? '';
  const reason = `${code || 'error'}: ${error.message}`;
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || TLS_ERROR_CODES.has(code)) {
    return new GatewayError('PARTNER_TLS_FAILED', `TLS with partner ${partner.code} failed (${reason})`, {
      cause: error,
    });
  }
  // Under TLS 1.3 the client finishes its handshake first; a server refusing our certificate then
  // resets the fresh connection before answering.
  if (code === 'ECONNRESET' && connection.handshakeDone && !connection.reused) {
    return new GatewayError(
      'PARTNER_TLS_FAILED',
      `partner ${partner.code} closed the connection right after the TLS handshake; it may not trust our client certificate (${reason})`,
      { cause: error },
    );
  }
  return new GatewayError('PARTNER_UNREACHABLE', `partner ${partner.code} could not be reached (${reason})`, {
    cause: error,
  });
}
