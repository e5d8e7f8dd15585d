/**
 * The partner directory every request path reads: an in-memory `DirectorySnapshot` loaded from MongoDB,
 * replaced (never mutated) when the directory changes, so trust changes take effect without a restart.
 *
 * Three ways a change arrives, from fastest to slowest:
 *  1. `changed(code)` on this instance (an admin flow just wrote the change): reload now, then tell the
 *     other instances over the broadcast bus;
 *  2. a broadcast from another instance: reload now (our own echo is ignored);
 *  3. the periodic reconcile: reload and compare digests, which catches lost broadcasts, a broker outage
 *     and changes written to the database by other means (CLI against the database, restore ...).
 * Listeners registered with `onChange` run only when the content (digest) actually changed.
 */
import { randomUUID } from 'node:crypto';
import { DirectorySnapshot } from '../domain/partners/directory-snapshot';
import { TrustAnchors } from '../domain/pki/trust-anchors';
import type { DirectoryChangeEvent, PartnerRepository } from '../domain/partners/partner';
import type { PartnerCrlStore } from '../domain/partners/partner-crl';
import type { Clock } from '../domain/ports';
import type { Logger } from '../logging/logger';

/** Broadcast of directory changes between instances (the AMQP fanout bus in production). */
export interface DirectoryBroadcast {
  /** Starts delivering events of every instance (own ones included) to `subscriber`. */
  subscribe(subscriber: {
    onEvent(event: DirectoryChangeEvent): void;
    /** Called after a reconnect re-subscribed: events may have been missed. */
    onResubscribed(): void;
  }): Promise<void>;
  /** Best effort; a lost event is caught up by the reconcile. */
  publish(event: DirectoryChangeEvent): Promise<unknown>;
  close(): Promise<void>;
}

/** Read side of the directory, for components that only follow it (exchange server, clients). */
export interface DirectorySource {
  current(): DirectorySnapshot;
  /** Registers a listener for new snapshots; returns a function that removes it. */
  onChange(listener: DirectoryListener): () => void;
}

export type DirectoryListener = (snapshot: DirectorySnapshot) => void;

export interface PartnerDirectoryDeps {
  partners: Pick<PartnerRepository, 'listPartners' | 'listCertificates'>;
  /** CRLs administrators uploaded (absent: none), kept with their partners in the snapshot. */
  crls?: Pick<PartnerCrlStore, 'listCrls'>;
  /** Absent in single-instance setups and unit tests: then only `changed()` and the reconcile reload. */
  broadcast?: DirectoryBroadcast;
  clock: Clock;
  logger: Logger;
}

export interface PartnerDirectoryOptions {
  /** How often the directory is re-read and compared by digest. */
  reconcileIntervalMs: number;
  /** Identifies this instance in broadcasts (to ignore its own echo); random by default. */
  origin?: string;
}

export class PartnerDirectory implements DirectorySource {
  readonly origin: string;
  private snapshot = DirectorySnapshot.empty();
  private readonly listeners = new Set<DirectoryListener>();
  private inFlight: Promise<boolean> | undefined;
  private queued: Promise<boolean> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private started = false;
  private closed = false;
  private signingTrustCache = new Map<string, TrustAnchors>();

  constructor(
    private readonly deps: PartnerDirectoryDeps,
    private readonly options: PartnerDirectoryOptions,
  ) {
    if (!Number.isInteger(options.reconcileIntervalMs) || options.reconcileIntervalMs < 10) {
      throw new Error('PartnerDirectory: reconcileIntervalMs must be an integer of at least 10');
    }
    this.origin = options.origin ?? randomUUID();
  }

  /** The snapshot in force; synchronous and I/O-free, for the request path. */
  current(): DirectorySnapshot {
    return this.snapshot;
  }

  /** Loads the directory (failing start-up when the database cannot be read), then follows changes. */
  async start(): Promise<void> {
    if (this.started) throw new Error('PartnerDirectory: already started');
    this.started = true;
    await this.reload();
    if (this.deps.broadcast) {
      await this.deps.broadcast.subscribe({
        onEvent: (event) => this.onBroadcast(event),
        onResubscribed: () => this.reloadInBackground('broadcast re-subscribed'),
      });
    }
    this.timer = setInterval(() => this.reloadInBackground('reconcile'), this.options.reconcileIntervalMs);
    this.timer.unref();
  }

  /**
   * Call after writing a change of partner `partnerCode` (or its certificates) to the database: reloads
   * this instance now and tells the other instances to reload. Resolves once this instance's snapshot
   * reflects the database as read after the call; rejects when the database cannot be read (the broadcast
   * is still sent, so the other instances pick the change up).
   */
  async changed(partnerCode: string): Promise<void> {
    const reloaded = await this.reload().then(
      () => ({ ok: true as const }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    if (this.deps.broadcast && !this.closed) {
      await this.deps.broadcast.publish({
        partner: partnerCode,
        origin: this.origin,
        at: this.deps.clock.now().toISOString(),
      });
    }
    if (!reloaded.ok)
      throw reloaded.error instanceof Error ? reloaded.error : new Error(String(reloaded.error));
  }

  /** Registers a listener for new snapshots (called synchronously after each swap); returns its remover. */
  onChange(listener: DirectoryListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * What verifies partner `code`'s document signatures at `at`: its signing-ca anchors in force and its
   * non-revoked pinned `signing` leaves (none pinned = any leaf under the anchors). No anchors at all for
   * an unknown or inactive partner, so nothing of theirs verifies. Cached per snapshot and per set of
   * certificates in force, so the hot path gets the same object, and with it its cache of validated chains.
   */
  signingTrustFor(code: string, at: Date): TrustAnchors {
    const snapshot = this.snapshot;
    const anchors = snapshot.activeAnchors(code, 'signing-ca', at);
    // Every non-revoked pin counts, whatever its dates: an expired pin must not lift the pinning.
    const pinned =
      snapshot.findPartner(code)?.status === 'active' ? snapshot.trustedCertificates(code, 'signing') : [];
    const key = [
      snapshot.digest,
      code,
      anchors.map((a) => a.fingerprint).join(','),
      pinned.map((p) => p.fingerprint).join(','),
    ].join('|');
    let trust = this.signingTrustCache.get(key);
    if (!trust) {
      trust = TrustAnchors.from({
        anchors: anchors.map((a) => a.x509),
        pinnedLeaves: pinned.map((p) => p.x509),
      });
      this.signingTrustCache.set(key, trust);
    }
    return trust;
  }

  /**
   * Re-reads the directory. Concurrent calls coalesce: a call made while a load runs gets the next load,
   * which starts after the running one, so its result reflects every write made before the call.
   * Resolves to true when the content changed.
   */
  reload(): Promise<boolean> {
    if (!this.inFlight) {
      const run: Promise<boolean> = this.load().finally(() => {
        if (this.inFlight === run) this.inFlight = undefined;
      });
      this.inFlight = run;
      return run;
    }
    if (!this.queued) {
      this.queued = this.inFlight
        .catch(() => false)
        .then(() => {
          this.queued = undefined;
          return this.reload();
        });
    }
    return this.queued;
  }

  /** Stops following changes; the last snapshot stays readable. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.deps.broadcast?.close();
    await Promise.allSettled([this.inFlight, this.queued]);
    this.listeners.clear();
  }

  private onBroadcast(event: DirectoryChangeEvent): void {
    if (event.origin === this.origin) return;
    this.reloadInBackground(`change of ${event.partner} announced by another instance`);
  }

  private reloadInBackground(reason: string): void {
    if (this.closed) return;
    this.reload().catch((error: unknown) =>
      this.deps.logger.warn('partner directory reload failed; keeping the previous one', {
        reason,
        error: (error as Error).message,
      }),
    );
  }

  private async load(): Promise<boolean> {
    const [partners, certificates, crls] = await Promise.all([
      this.deps.partners.listPartners(),
      this.deps.partners.listCertificates(),
      this.deps.crls?.listCrls() ?? [],
    ]);
    if (DirectorySnapshot.digestOf(partners, certificates, crls) === this.snapshot.digest) return false;
    const next = new DirectorySnapshot(this.snapshot.version + 1, partners, certificates, crls);
    if (this.closed) return false;
    this.snapshot = next;
    this.signingTrustCache = new Map();
    this.deps.logger.info('partner directory loaded', {
      version: next.version,
      digest: next.digest.slice(0, 16),
      partners: partners.length,
      certificates: certificates.length,
      crls: crls.length,
    });
    for (const listener of this.listeners) {
      try {
        listener(next);
      } catch (error) {
        this.deps.logger.error('partner directory listener failed', { error: (error as Error).message });
      }
    }
    return true;
  }
}
