/**
 * One mongoose connection per gateway (never the global default), failing fast when the server is away and
 * recovering by itself when it comes back (see mongo-monitor-watchdog.ts for the driver fault it covers).
 */
import mongoose, { type Connection } from 'mongoose';
import type { Logger } from '../logging/logger';
import { MonitorWatchdog, type MonitorWatchdogOptions } from './mongo-monitor-watchdog';

// Unknown filter paths are errors rather than silent misses. (Operator injection through request bodies is
// stopped at the API: every body and query is parsed by a zod schema into plain strings and numbers before
// it reaches a filter. The global `sanitizeFilter` would also wrap our own `$lt`/`$exists` filters.)
mongoose.set('strictQuery', 'throw');

export interface MongoConnectOptions {
  serverSelectionTimeoutMS?: number;
  /**
   * Default 5 s: the database is local or on the LAN. It also bounds how long a hung server monitor goes
   * unnoticed (twice this, plus the watchdog's grace).
   */
  connectTimeoutMS?: number;
  /** Where the watchdog says that it reconnected the client. */
  logger?: Logger;
  /** Tuning of the hung-monitor watchdog, or false for none (tests: to show the driver fault). */
  watchdog?: Pick<MonitorWatchdogOptions, 'graceMs' | 'checkEveryMs' | 'reconnectPauseMs'> | false;
  /** Called with each command the connection sends (command name, collection): the metrics count them. */
  onCommand?: (command: string, collection: string) => void;
}

const HEARTBEAT_FREQUENCY_MS = 10_000;

export async function connectMongo(uri: string, options: MongoConnectOptions = {}): Promise<Connection> {
  const connectTimeoutMS = options.connectTimeoutMS ?? 5000;
  const connection = mongoose.createConnection(uri, {
    bufferCommands: false,
    autoIndex: false,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5000,
    connectTimeoutMS,
    heartbeatFrequencyMS: HEARTBEAT_FREQUENCY_MS,
    maxPoolSize: 20,
    monitorCommands: options.onCommand !== undefined,
  });
  if (options.onCommand) countCommands(connection, options.onCommand);
  await connection.asPromise();
  if (options.watchdog !== false) {
    watchMonitor(
      connection,
      { connectTimeoutMS, heartbeatFrequencyMS: HEARTBEAT_FREQUENCY_MS, ...options.watchdog },
      options.logger,
    );
  }
  return connection;
}

/** Starts the hung-monitor watchdog on the connection's client; it stops when the connection closes. */
function watchMonitor(
  connection: Connection,
  options: MonitorWatchdogOptions,
  logger: Logger | undefined,
): void {
  const watchdog = new MonitorWatchdog(connection.getClient(), options, logger);
  watchdog.start();
  connection.once('close', () => void watchdog.stop());
}

/** Reports each command the driver starts (not the server monitor's heartbeats, which are not commands). */
function countCommands(
  connection: Connection,
  onCommand: (command: string, collection: string) => void,
): void {
  connection.getClient().on('commandStarted', (event) => {
    const target: unknown = event.command.collection ?? event.command[event.commandName];
    onCommand(event.commandName, typeof target === 'string' ? target : '');
  });
}

/** True when the database answers a ping. */
export async function pingMongo(connection: Connection): Promise<boolean> {
  try {
    const db = connection.db;
    if (!db || connection.readyState !== mongoose.ConnectionStates.connected) return false;
    await db.admin().command({ ping: 1 });
    return true;
  } catch {
    return false;
  }
}

export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
