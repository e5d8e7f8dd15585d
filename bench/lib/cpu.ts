/**
 * CPU time used by the processes under test (from /proc/<pid>/stat), so a bench can say where the time goes:
 * milliseconds of CPU per permit in each gateway and in the database server.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** User + system CPU seconds of a process so far, or undefined (no such process, or no /proc). */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at ") ".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
    return Number.isFinite(ticks) ? ticks / 100 : undefined; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/** Measures CPU seconds of named processes between `start()` and `stop()`. */
export class CpuMeter {
  private readonly startedAt = new Map<string, number>();

  constructor(private readonly pids: Record<string, number | undefined>) {}

  start(): void {
    for (const [name, pid] of Object.entries(this.pids)) {
      const seconds = pid === undefined ? undefined : cpuSeconds(pid);
      if (seconds !== undefined) this.startedAt.set(name, seconds);
    }
  }

  /** CPU seconds used per process since start (processes that vanished are left out). */
  stop(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, before] of this.startedAt) {
      const after = cpuSeconds(this.pids[name]!);
      if (after !== undefined) out[name] = Math.round((after - before) * 100) / 100;
    }
    return out;
  }
}

/** The pid of the local RabbitMQ node (the Erlang VM running rabbit), found by reading /proc. */
export function findRabbitmqPid(): number | undefined {
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes('beam.smp') && cmdline.includes('rabbit')) return Number(entry);
    }
  } catch {
    // no /proc: no figure
  }
  return undefined;
}

/** The pid in a pid file, if the file exists. */
export function pidFromFile(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
