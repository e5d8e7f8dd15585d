import { EventEmitter } from 'node:events';
import { MonitorWatchdog, type WatchedClient } from '../../../src/storage/mongo-monitor-watchdog';

/** A MongoClient as far as the watchdog sees it: heartbeat events, close and connect. */
class FakeClient extends EventEmitter implements WatchedClient {
  calls: string[] = [];
  failConnects = 0;

  close(): Promise<void> {
    this.calls.push('close');
    return Promise.resolve();
  }

  connect(): Promise<unknown> {
    this.calls.push('connect');
    if (this.failConnects-- > 0) return Promise.reject(new Error('connect ECONNREFUSED'));
    return Promise.resolve(this);
  }

  heartbeat(phase: 'Started' | 'Succeeded' | 'Failed', awaited = false): void {
    this.emit(`serverHeartbeat${phase}`, { connectionId: '127.0.0.1:27017', awaited });
  }
}

describe('MonitorWatchdog', () => {
  let now: number;
  let client: FakeClient;
  let watchdog: MonitorWatchdog;
  // Limits: 2 × connectTimeoutMS + grace = 2 × 1000 + 500 = 2500 ms for a polled heartbeat.
  const options = { connectTimeoutMS: 1000, heartbeatFrequencyMS: 10_000, graceMs: 500, reconnectPauseMs: 1 };

  beforeEach(() => {
    now = 0;
    client = new FakeClient();
    watchdog = new MonitorWatchdog(client, options, undefined, () => now);
    watchdog.start();
  });

  afterEach(() => watchdog.stop());

  it('given heartbeats that end, when checked, then leaves the client alone', async () => {
    client.heartbeat('Started');
    now = 2000;
    client.heartbeat('Failed'); // the server is away: a failed heartbeat is an outcome
    client.heartbeat('Started');
    now = 4000;
    client.heartbeat('Succeeded');
    now = 60_000;
    await watchdog.check();
    expect(client.calls).toEqual([]);
  });

  it('given a heartbeat in progress within the driver limits, when checked, then waits', async () => {
    client.heartbeat('Started');
    now = 2500;
    await watchdog.check();
    expect(client.calls).toEqual([]);
  });

  it('given a heartbeat without outcome past the limits, when checked, then closes and connects the client once', async () => {
    client.heartbeat('Started');
    now = 2501;
    await watchdog.check();
    expect(client.calls).toEqual(['close', 'connect']);
    expect(watchdog.reconnects).toBe(1);
    now = 10_000;
    await watchdog.check(); // the hung heartbeat is forgotten with the old topology
    expect(client.calls).toEqual(['close', 'connect']);
  });

  it('given an awaited (streaming) heartbeat, when it waits up to heartbeatFrequencyMS more, then it is not hung', async () => {
    client.heartbeat('Started', true);
    now = 12_500;
    await watchdog.check();
    expect(client.calls).toEqual([]);
    now = 12_501;
    await watchdog.check();
    expect(client.calls).toEqual(['close', 'connect']);
  });

  it('given the server still away, when connecting fails, then tries again until it connects', async () => {
    client.failConnects = 2;
    client.heartbeat('Started');
    now = 3000;
    await watchdog.check();
    expect(client.calls).toEqual(['close', 'connect', 'connect', 'connect']);
    expect(watchdog.reconnects).toBe(1);
  });
});
