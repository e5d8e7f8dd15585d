/** Where bench figures go: a JSON file per run under bench/results/, with the machine they came from. */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../scripts/lib/paths';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  platform: string;
  /** The MongoDB-compatible server the run used (EPIX_MONGO_SERVER from scripts/services.sh). */
  databaseServer: string;
}

/** The machine a figure was measured on (benches share it with both gateways, RabbitMQ and the database). */
export function machineInfo(databaseServer: string): MachineInfo {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    databaseServer,
  };
}

/** Writes `bench/results/<name>-<timestamp>.json` and returns its path relative to the repository. */
export function writeResult(name: string, result: Record<string, unknown>): string {
  const dir = path.join(REPO_ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const at = new Date().toISOString();
  const file = path.join(dir, `${name}-${at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ bench: name, at, ...result }, null, 2)}\n`);
  return path.relative(REPO_ROOT, file);
}
