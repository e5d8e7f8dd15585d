/**
 * The public mutual-TLS endpoint partner gateways connect to.
 *
 * The CA list OpenSSL checks client certificates against is the active partners' tls-ca anchors, and it
 * follows the partner directory: on every change the server swaps its secure context (new handshakes and
 * session resumptions use the new list at once) and closes the open connections whose partner is no
 * longer identified (suspended, anchor revoked, pin removed), because a keep-alive connection would
 * otherwise keep the identity it was opened with. With no partner at all, the CA list is empty and every
 * client is refused in the handshake.
 */
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { Express } from 'express';
import type { KeyAndCertificate } from '../config/identity';
import type { DirectorySnapshot } from '../domain/partners/directory-snapshot';
import type { Clock } from '../domain/ports';
import type { DirectorySource } from '../flows/partner-directory';
import type { Logger } from '../logging/logger';
import { identifySocket } from './exchange-app';
import { ListeningServer } from './http-server';

/** TLS 1.3 only: no renegotiation, and every partner gateway runs a current TLS stack. */
export const EXCHANGE_TLS_MIN_VERSION = 'TLSv1.3';

export interface ExchangeServerDeps {
  app: Express;
  directory: DirectorySource;
  /** Our TLS server certificate (serverAuth, SAN = the host partners connect to), key and chain. */
  tlsServer: KeyAndCertificate;
  clock: Clock;
  logger: Logger;
}

export class ExchangeServer {
  private readonly server: Server;
  private readonly listening: ListeningServer;
  private readonly sockets = new Set<TLSSocket>();
  private caKey: string;
  private accepted = 0;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly deps: ExchangeServerDeps,
    options: { host: string; port: number },
  ) {
    const snapshot = deps.directory.current();
    this.caKey = caKeyOf(snapshot);
    this.server = createServer(
      {
        ...this.secureOptions(snapshot),
        requestCert: true,
        rejectUnauthorized: true,
        minVersion: EXCHANGE_TLS_MIN_VERSION,
      },
      deps.app,
    );
    this.server.on('secureConnection', (socket: TLSSocket) => {
      this.accepted += 1;
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    this.server.on('tlsClientError', (error: Error & { code?: string }, socket: TLSSocket) => {
      deps.logger.info('exchange TLS handshake refused', {
        remote: socket.remoteAddress,
        code: error.code,
        error: error.message,
      });
    });
    this.listening = new ListeningServer(this.server, options.host, options.port);
  }

  /** https://host:port of the listening server (what partners are given as our endpoint in tests). */
  get url(): string {
    const { host, port } = this.listening.address;
    return `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  }

  /** Open TLS connections (for metrics and tests). */
  get openConnections(): number {
    return this.sockets.size;
  }

  /** TLS connections accepted since start (handshake completed), for metrics and tests. */
  get acceptedConnections(): number {
    return this.accepted;
  }

  async start(): Promise<void> {
    this.unsubscribe = this.deps.directory.onChange((snapshot) => this.apply(snapshot));
    // A change may have landed between construction and subscription.
    this.apply(this.deps.directory.current());
    await this.listening.start();
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.listening.close();
  }

  /** Follows a new directory snapshot: CA list first, then the connections it no longer admits. */
  private apply(snapshot: DirectorySnapshot): void {
    const key = caKeyOf(snapshot);
    if (key !== this.caKey) {
      this.server.setSecureContext(this.secureOptions(snapshot));
      this.caKey = key;
      this.deps.logger.info('exchange server trusts a new CA list', {
        anchors: snapshot.tlsServerCaPems().length,
        version: snapshot.version,
      });
    }
    const now = this.deps.clock.now();
    for (const socket of this.sockets) {
      const identification = identifySocket(socket, snapshot, now);
      if (identification.ok) continue;
      this.deps.logger.warn('closing an exchange connection no longer admitted', {
        remote: socket.remoteAddress,
        code: identification.code,
        reason: identification.reason,
      });
      socket.destroy();
      this.sockets.delete(socket);
    }
  }

  private secureOptions(snapshot: DirectorySnapshot): { key: string; cert: string; ca: string[] } {
    const { keyPem, certPem, chainPems } = this.deps.tlsServer;
    // An empty array (not undefined) keeps OpenSSL's default public roots out: no partner, no client.
    return { key: keyPem, cert: [certPem, ...chainPems].join(''), ca: snapshot.tlsServerCaPems() };
  }
}

function caKeyOf(snapshot: DirectorySnapshot): string {
  return snapshot
    .tlsServerCaPems()
    .map((pem) => pem.trim())
    .sort()
    .join('\n');
}
