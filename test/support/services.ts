/** Fresh, isolated database and queue names per test file, on the real servers. */
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import type { Connection } from 'mongoose';
import { connectMongo } from '../../src/storage/mongo-connection';

export const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

function baseMongoUri(): string {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set (run bash scripts/test.sh)');
  return uri;
}

export function uniqueName(label: string): string {
  return `t_${label
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase()
    .slice(0, 20)}_${randomBytes(4).toString('hex')}`;
}

/** The server URI with a fresh database name in its path. */
export function freshMongoUri(label: string): string {
  const url = new URL(baseMongoUri());
  url.pathname = `/${uniqueName(label)}`;
  return url.toString();
}

export async function dropDatabaseOf(uri: string): Promise<void> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  try {
    await client.connect();
    await client.db().dropDatabase();
  } finally {
    await client.close();
  }
}

/** A gateway connection to a fresh database (a contract run's store), and `drop`: drop it and close. */
export async function freshDatabase(
  label: string,
): Promise<{ connection: Connection; drop: () => Promise<void> }> {
  const connection = await connectMongo(freshMongoUri(label));
  return {
    connection,
    drop: async () => {
      await connection.dropDatabase();
      await connection.close();
    },
  };
}

/** A fresh AMQP name prefix, so each test file declares its own exchanges and queues. */
export function freshAmqpPrefix(label: string): string {
  return uniqueName(label).replace(/_/g, '-');
}
