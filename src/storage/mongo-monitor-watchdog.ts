/**
 * Recovers a MongoDB client whose server monitor hung, a driver fault the mongo-restart fault drill found
 * (mongodb 7.8; 7.9 has the same code).
 *
 * When the database server restarts, it closes every connection at once. If the driver's server monitor
 * starts a heartbeat in the instant after its own idle socket was closed by the server but before the
 * driver saw the 'close' event (which the failing pool connections make likely: they ask the monitor for an
 * immediate check), the heartbeat is written to an already destroyed socket. The write returns false, no
 * error follows, and the driver waits for a 'drain' event that never comes: the check never ends, and the
 * monitor ignores every later request to check. The server stays Unknown, and every operation fails with
 * MongoServerSelectionError (503 to our clients) until the process restarts, although the database is back
 * within seconds. (Gateway logs: "MongoServerSelectionError: connection 17 to 127.0.0.1:27068 closed" for
 * minutes; in the process, the monitor's check in progress since the restart, its socket destroyed with
 * one 'drain' listener.)
 *
 * The watchdog follows the driver's heartbeat events per server. A healthy heartbeat always ends, with
 * success or failure, within the driver's own limits (connectTimeoutMS to connect and to answer, plus
 * heartbeatFrequencyMS for an awaited one); one without an outcome well past them means the monitor hung.
 * The watchdog then closes and connects the client again: a new topology with new monitors and pools.
 * Mongoose models keep working, since collections find the client's topology on each operation. Operations
 * in flight at that moment fail as in any database outage (503, safe to retry: keys make writes idempotent).
 */
import type { Logger } from '../logging/logger';

/** Heartbeat events of the mongodb driver's MongoClient (one per server address). */
interface HeartbeatEvent {
  connectionId: string;
  awaited?: boolean;
}

/** What the watchdog needs of a MongoClient. */
export interface WatchedClient {
  on(event: string, listener: (event: HeartbeatEvent) => void): unknown;
  off(event: string, listener: (event: HeartbeatEvent) => void): unknown;
  close(): Promise<void>;
  connect(): Promise<unknown>;
}

export interface MonitorWatchdogOptions {
  /** The client's connectTimeoutMS (bounds a heartbeat's connect and its answer). */
  connectTimeoutMS: number;
  /** The client's heartbeatFrequencyMS (an awaited heartbeat may wait that long for news). */
  heartbeatFrequencyMS: number;
  /** Added to the driver's limits before a heartbeat counts as hung (event loop stalls, slow machines). */
  graceMs?: number;
  /** How often heartbeats in progress are looked at. */
  checkEveryMs?: number;
  /** Pause between attempts to connect again while the server is still away. */
  reconnectPauseMs?: number;
}

interface PendingHeartbeat {
  since: number;
  limitMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class MonitorWatchdog {
  private readonly pending = new Map<string, PendingHeartbeat>();
  private timer: NodeJS.Timeout | undefined;
  private recovery: Promise<void> | undefined;
  private stopped = false;
  /** Times the client was closed and connected again (for logs and tests). */
  reconnects = 0;

  constructor(
    private readonly client: WatchedClient,
    private readonly options: MonitorWatchdogOptions,
    private readonly logger?: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  private readonly onStarted = (event: HeartbeatEvent): void => {
    this.pending.set(event.connectionId, { since: this.now(), limitMs: this.limitFor(event) });
  };

  private readonly onEnded = (event: HeartbeatEvent): void => {
    this.pending.delete(event.connectionId);
  };

  start(): void {
    this.client.on('serverHeartbeatStarted', this.onStarted);
    this.client.on('serverHeartbeatSucceeded', this.onEnded);
    this.client.on('serverHeartbeatFailed', this.onEnded);
    this.timer = setInterval(() => void this.check(), this.options.checkEveryMs ?? 1000);
    this.timer.unref();
  }

  /** Stops watching; a recovery under way gives up (and leaves the client closed). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.client.off('serverHeartbeatStarted', this.onStarted);
    this.client.off('serverHeartbeatSucceeded', this.onEnded);
    this.client.off('serverHeartbeatFailed', this.onEnded);
    await this.recovery;
  }

  /** Looks at the heartbeats in progress; reconnects the client when one hung. Resolves when done. */
  async check(): Promise<void> {
    if (this.stopped || this.recovery) return this.recovery;
    const hung = this.hungHeartbeat();
    if (!hung) return;
    this.recovery = this.reconnect(hung).finally(() => {
      this.recovery = undefined;
    });
    return this.recovery;
  }

  private limitFor(event: HeartbeatEvent): number {
    const { connectTimeoutMS, heartbeatFrequencyMS, graceMs = 5000 } = this.options;
    // A new monitor connection may take connectTimeoutMS to connect and as long for its handshake.
    return 2 * connectTimeoutMS + (event.awaited ? heartbeatFrequencyMS : 0) + graceMs;
  }

  private hungHeartbeat(): { server: string; pendingMs: number } | undefined {
    const now = this.now();
    for (const [server, heartbeat] of this.pending) {
      const pendingMs = now - heartbeat.since;
      if (pendingMs > heartbeat.limitMs) return { server, pendingMs };
    }
    return undefined;
  }

  private async reconnect(hung: { server: string; pendingMs: number }): Promise<void> {
    this.logger?.warn('MongoDB server monitor hung; closing and connecting the client again', {
      server: hung.server,
      heartbeatPendingMs: hung.pendingMs,
    });
    this.pending.clear();
    await this.client.close().catch((error: unknown) => {
      this.logger?.warn('MongoDB client did not close cleanly', { error: (error as Error).message });
    });
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        await this.client.connect();
        if (this.stopped) break;
        this.reconnects++;
        this.logger?.info('MongoDB client connected again', { attempt });
        return;
      } catch (error) {
        this.logger?.warn('MongoDB client could not connect yet; trying again', {
          attempt,
          error: (error as Error).message,
        });
        await sleep(this.options.reconnectPauseMs ?? 1000);
      }
    }
    await this.client.close().catch(() => undefined); // stopped meanwhile: leave nothing open
  }
}
