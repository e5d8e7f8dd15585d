/**
 * Ports for listeners that go down and come back: picked below the kernel's ephemeral range (so no outgoing
 * connection or listen(0) on the machine can take one while its listener is down), free when handed out,
 * and never handed out twice by one process.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canBind, ephemeralLow, freePort } from '../../../scripts/lib/free-port';

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

const close = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

describe('freePort', () => {
  test('when ports are asked for, then each is below the ephemeral range, bindable and new', async () => {
    const low = ephemeralLow();
    const ports = [];
    for (let i = 0; i < 20; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(20);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(20000);
      expect(port).toBeLessThan(low);
      expect(await canBind(port)).toBe(true);
    }
  });

  test('when the first pick is taken by a listener, then another port is handed out', async () => {
    let taken = 29000;
    while (!(await canBind(taken))) taken++;
    const server = await listen(taken);
    try {
      expect(await canBind(taken)).toBe(false);
      const picks = [(taken - 20000 + 0.5) / (ephemeralLow() - 20000), 0.5, 0.25];
      const port = await freePort(() => picks.shift() ?? Math.random());
      expect(picks.length).toBeLessThan(2); // the taken port was tried first and passed over
      expect(port).not.toBe(taken);
      expect(await canBind(port)).toBe(true);
    } finally {
      await close(server);
    }
  });

  test('when the same random number comes again, then the port already handed out is not repeated', async () => {
    const first = await freePort(() => 0.123456);
    const sequence = [0.123456, 0.654321];
    const second = await freePort(() => sequence.shift() ?? Math.random());
    expect(second).not.toBe(first);
  });
});

describe('ephemeralLow', () => {
  test('when the range file says "40000 60999", then 40000; when it is missing or garbled, then Linux’s 32768', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ports-'));
    writeFileSync(join(dir, 'range'), '40000\t60999\n');
    writeFileSync(join(dir, 'bad'), 'none\n');
    expect(ephemeralLow(join(dir, 'range'))).toBe(40000);
    expect(ephemeralLow(join(dir, 'bad'))).toBe(32768);
    expect(ephemeralLow(join(dir, 'missing'))).toBe(32768);
  });
});
