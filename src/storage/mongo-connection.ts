/** One mongoose connection per gateway (never the global default), failing fast when the server is away. */
import mongoose, { type Connection } from 'mongoose';

// Unknown filter paths are errors rather than silent misses. (Operator injection through request bodies is
// stopped at the API: every body and query is parsed by a zod schema into plain strings and numbers before
// it reaches a filter. The global `sanitizeFilter` would also wrap our own `$lt`/`$exists` filters.)
mongoose.set('strictQuery', 'throw');

export async function connectMongo(
  uri: string,
  options: { serverSelectionTimeoutMS?: number } = {},
): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    bufferCommands: false,
    autoIndex: false,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5000,
    maxPoolSize: 20,
  });
  await connection.asPromise();
  return connection;
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
