/**
 * Free TCP ports on 127.0.0.1 that stay free while their listener is down.
 *
 * A port the kernel hands out for `listen(0)` comes from the ephemeral range, and the kernel hands the same
 * range to every outgoing connection on the machine (the test workers' connections to MongoDB and
 * RabbitMQ, for one). A gateway or receiver that is stopped and later restarted on such a port can find it
 * taken by someone's connection in between. So ports are picked below the ephemeral range, where the
 * kernel never assigns one by itself, checked by binding, and never handed out twice by one process.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Linux's default ephemeral range, used when /proc does not say. */
const DEFAULT_EPHEMERAL_LOW = 32768;
/** The lowest port picked: above the registered services people commonly run below it. */
const LOWEST = 20000;
/** Ports of services this project and its neighbours run in the picked range (RabbitMQ, MongoDB, FerretDB). */
const AVOID = new Set([25672, 27017, 27018, 27019, 27048]);
const handedOut = new Set<number>();

/** The lowest port of the kernel's ephemeral range. */
export function ephemeralLow(rangeFile = '/proc/sys/net/ipv4/ip_local_port_range'): number {
  try {
    const low = Number(readFileSync(rangeFile, 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 0 ? low : DEFAULT_EPHEMERAL_LOW;
  } catch {
    return DEFAULT_EPHEMERAL_LOW;
  }
}

/** Whether a listener can bind 127.0.0.1:port right now (bound and released at once). */
export function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** What the kernel gives for listen(0): the fallback when no port below the ephemeral range is free. */
function kernelPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/**
 * A free TCP port on 127.0.0.1, below the ephemeral range, that this process has not handed out before; the
 * caller's configuration then fixes it across restarts.
 */
export async function freePort(random: () => number = Math.random): Promise<number> {
  const high = ephemeralLow() - 1;
  for (let tries = 0; high > LOWEST && tries < 50; tries++) {
    const port = LOWEST + Math.floor(random() * (high - LOWEST + 1));
    if (AVOID.has(port) || handedOut.has(port) || !(await canBind(port))) continue;
    handedOut.add(port);
    return port;
  }
  return kernelPort();
}
