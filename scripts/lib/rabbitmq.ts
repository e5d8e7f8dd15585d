/**
 * The local RabbitMQ node's admin tool, for the drills: a virtual host of their own (so forcing connections
 * closed hits only the drill's gateways, not whatever else shares the broker) and the fault itself.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** rabbitmqctl on PATH or where Debian installs it; undefined when this machine has none. */
export function findRabbitmqctl(): string | undefined {
  const candidates = [
    ...(process.env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, 'rabbitmqctl')),
    '/usr/sbin/rabbitmqctl',
    '/usr/lib/rabbitmq/bin/rabbitmqctl',
  ];
  return candidates.find((file) => existsSync(file));
}

/** The few rabbitmqctl commands the drills need (run as the local user, e.g. root on CI). */
export class Rabbitmqctl {
  constructor(private readonly bin: string) {}

  /** A wrapper when rabbitmqctl exists and reaches a running node; undefined otherwise. */
  static async find(): Promise<Rabbitmqctl | undefined> {
    const bin = findRabbitmqctl();
    if (!bin) return undefined;
    const ctl = new Rabbitmqctl(bin);
    try {
      await ctl.run(['status']);
      return ctl;
    } catch {
      return undefined;
    }
  }

  async run(args: string[]): Promise<string> {
    const { stdout } = await run(this.bin, ['--quiet', ...args], { timeout: 60_000 });
    return stdout;
  }

  /** Creates the virtual host (no-op when it exists) and gives `user` every permission in it. */
  async ensureVhost(vhost: string, user = 'guest'): Promise<void> {
    await this.run(['add_vhost', vhost]);
    await this.run(['set_permissions', '-p', vhost, user, '.*', '.*', '.*']);
  }

  async deleteVhost(vhost: string): Promise<void> {
    await this.run(['delete_vhost', vhost]).catch(() => undefined);
  }

  /** `rabbitmqctl close_all_connections` for one virtual host: every client connection there is dropped. */
  async closeAllConnections(vhost: string, reason: string): Promise<string> {
    return (await this.run(['close_all_connections', '--vhost', vhost, reason])).trim();
  }
}
