/**
 * Fault drills: KE sends a batch of permits to CH and one fault hits mid-batch; then the drill waits until KE
 * has nothing left to deliver and counts, from both databases, what CH stored against what KE accepted.
 * Every drill must end with 0 lost, 0 duplicated and every outbound message DELIVERED.
 *
 *   kill-ke        kill -9 the KE gateway, start it again
 *   ch-down        kill -9 the CH gateway, keep it down (30 s), start it again
 *   amqp-close     rabbitmqctl close_all_connections (the drills' own virtual host)
 *   mongo-restart  restart the MongoDB-compatible server (scripts/services.sh restart-mongo)
 *
 * The drills run on a private MongoDB-compatible server (scripts/services.sh with its own folder and port)
 * and a private RabbitMQ virtual host (`epix-<run name>`), so restarting the one and dropping connections on
 * the other disturbs nothing else on the machine, not even another drills run under another name.
 */
import { PermitBatch, waitForQuiescence } from './batch';
import { LedgerReader } from './ledger';
import { runDir } from './paths';
import { Rabbitmqctl } from './rabbitmq';
import {
  ensureServices,
  runServicesScript,
  withVhost,
  type Services,
  type ServicesOptions,
} from './services';
import { TwoCountries } from './two-countries';

/** The drills, in the order `npm run drills` runs them. */
export const DRILL_NAMES = ['kill-ke', 'ch-down', 'amqp-close', 'mongo-restart'] as const;
export type DrillName = (typeof DRILL_NAMES)[number];

export interface DrillOptions {
  /** Run folder under .run/ (and database/queue names). */
  runName?: string;
  /** Permits per drill. */
  count?: number;
  only?: readonly DrillName[];
  chDownSeconds?: number;
  mongoDownSeconds?: number;
  /** Share of the batch accepted by KE when the fault hits. */
  faultAt?: number;
  /** Submissions in flight. */
  concurrency?: number;
  /** Per-drill limit for reaching quiescence after the batch. */
  timeoutMs?: number;
  /** Port of the drills' private FerretDB (or mongod). */
  ferretdbPort?: number;
  /** Gateway configuration overrides for both countries. */
  config?: Record<string, unknown>;
  /** On SIGINT/SIGTERM, stop the gateways and services and exit 130 (the CLI; not in tests). */
  handleSignals?: boolean;
  log?: (line: string) => void;
}

export interface DrillResult {
  drill: DrillName;
  fault: string;
  skipped?: string;
  sent: number;
  storedAtCh: number;
  lost: number;
  duplicated: number;
  /** KE's outbound permit messages of the batch by state. */
  states: Record<string, number>;
  /** CH's archived requests from KE during the drill by outcome (DUPLICATE = a retransmission answered with the original receipt). */
  archive: Record<string, number>;
  /** Submissions the client had to retry (KE unreachable). */
  clientRetries: number;
  faultAfterSeconds: number;
  /** From the fault to the last receipt of the batch. */
  recoverySeconds: number;
  totalSeconds: number;
  ok: boolean;
  error?: string;
}

export interface DrillReport {
  results: DrillResult[];
  mongoServer: string;
  privateServices: boolean;
  vhost?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface DrillContext {
  world: TwoCountries;
  ctl: Rabbitmqctl | undefined;
  /** The drills' own RabbitMQ virtual host (one per run name, so two runs never touch each other's). */
  vhost: string;
  servicesOptions: ServicesOptions | undefined;
  options: Required<Pick<DrillOptions, 'chDownSeconds' | 'mongoDownSeconds'>>;
  log: (line: string) => void;
}

/**
 * The result of a drill whose fault could not be injected on this machine (no rabbitmqctl, a shared database
 * server that must not be restarted ...). It is a failure, never a pass: a drill that did not run proves
 * nothing, and CI must say so instead of counting it green.
 */
export function skippedDrillResult(
  drill: DrillName,
  reason: string,
  sent: number,
  totalSeconds: number,
): DrillResult {
  return notRunResult(drill, `prerequisite missing: ${reason}`, {
    fault: '-',
    skipped: reason,
    sent,
    totalSeconds,
  });
}

/** The result of a drill that did not run to its end: nothing counted, `error` says why. */
function notRunResult(drill: DrillName, error: string, known: Partial<DrillResult> = {}): DrillResult {
  return {
    drill,
    fault: '',
    sent: 0,
    storedAtCh: 0,
    lost: 0,
    duplicated: 0,
    states: {},
    archive: {},
    clientRetries: 0,
    faultAfterSeconds: 0,
    recoverySeconds: 0,
    totalSeconds: 0,
    ok: false,
    error,
    ...known,
  };
}

/** Each fault: does it (returning what was done) or throws Skip when this machine cannot. */
class Skip extends Error {}

const FAULTS: Record<DrillName, (ctx: DrillContext) => Promise<string>> = {
  'kill-ke': async ({ world }) => {
    const pid = world.process('KE').pid;
    await world.process('KE').kill();
    const started = Date.now();
    const newPid = await world.process('KE').start();
    return `kill -9 KE (pid ${pid}); restarted as pid ${newPid}, ready after ${((Date.now() - started) / 1000).toFixed(1)} s`;
  },
  'ch-down': async ({ world, options }) => {
    const pid = world.process('CH').pid;
    await world.process('CH').kill();
    await sleep(options.chDownSeconds * 1000);
    const newPid = await world.process('CH').start();
    return `kill -9 CH (pid ${pid}), down ${options.chDownSeconds} s, restarted as pid ${newPid}`;
  },
  'amqp-close': async ({ ctl, vhost }) => {
    if (!ctl) throw new Skip('rabbitmqctl is not available on this machine');
    const said = await ctl.closeAllConnections(vhost, 'EPIX fault drill');
    return `rabbitmqctl close_all_connections --vhost ${vhost} (${said.split('\n').pop() ?? ''})`;
  },
  'mongo-restart': async ({ servicesOptions, options, log }) => {
    if (!servicesOptions)
      throw new Skip('the MongoDB-compatible server is shared, not started for the drills');
    const code = await runServicesScript(['restart-mongo', String(options.mongoDownSeconds)], {
      ...servicesOptions,
      log,
    });
    if (code === 3) throw new Skip('scripts/services.sh did not start the MongoDB-compatible server in use');
    if (code !== 0) throw new Error(`scripts/services.sh restart-mongo failed (exit ${code})`);
    return `scripts/services.sh restart-mongo (down ${options.mongoDownSeconds} s)`;
  },
};

type OneDrillOptions = Required<Pick<DrillOptions, 'count' | 'faultAt' | 'concurrency' | 'timeoutMs'>>;

/** The fault, once `faultAt` of the batch is accepted: what was done, when, or why it could not run. */
interface FaultRun {
  at: number;
  fault: string;
  skipped?: string;
}

async function injectFault(
  ctx: DrillContext,
  drill: DrillName,
  batch: PermitBatch,
  options: OneDrillOptions,
): Promise<FaultRun> {
  while (batch.accepted.size < Math.ceil(options.count * options.faultAt)) await sleep(10);
  const at = Date.now();
  ctx.log(`${drill}: fault after ${batch.accepted.size} of ${options.count} permits accepted`);
  try {
    const fault = await FAULTS[drill](ctx);
    ctx.log(`${drill}: ${fault}`);
    return { at, fault };
  } catch (error) {
    if (!(error instanceof Skip)) throw error;
    return { at, fault: '', skipped: error.message };
  }
}

/** Submits the whole batch, `concurrency` at a time, each retried by the client; returns the client's retries. */
async function submitBatch(ctx: DrillContext, batch: PermitBatch, options: OneDrillOptions): Promise<number> {
  const issuer = ctx.world.api('KE', 'issuer', { maxSockets: options.concurrency });
  let next = 0;
  let retries = 0;
  const submitter = async (): Promise<void> => {
    for (let i = next++; i < options.count; i = next++)
      retries += (await batch.submit(issuer, i, { retryForMs: options.timeoutMs })).retries;
  };
  await Promise.all(Array.from({ length: options.concurrency }, submitter));
  return retries;
}

async function runOneDrill(
  ctx: DrillContext,
  ledger: LedgerReader,
  drill: DrillName,
  index: number,
  options: OneDrillOptions,
): Promise<DrillResult> {
  const { world, log } = ctx;
  const batch = new PermitBatch(`D${index}`, new Date(Date.now() - 1000));
  const started = Date.now();
  const [fault, clientRetries] = await Promise.all([
    injectFault(ctx, drill, batch, options),
    submitBatch(ctx, batch, options),
  ]);
  if (fault.skipped) {
    log(`${drill}: prerequisite missing (${fault.skipped}): the drill FAILS, it did not run`);
    await waitForQuiescence(ledger, batch, { timeoutMs: options.timeoutMs });
    return skippedDrillResult(drill, fault.skipped, batch.accepted.size, (Date.now() - started) / 1000);
  }
  log(
    `${drill}: all ${batch.accepted.size} permits accepted by KE; waiting until KE has delivered everything`,
  );
  await waitForQuiescence(ledger, batch, {
    timeoutMs: options.timeoutMs,
    everyMs: 10_000,
    progress: (pending) => log(`${drill}: ${pending} message(s) still pending at KE`),
  });
  const quiet = Date.now();
  await Promise.all(world.countries.map((c) => world.process(c.country).waitReady(60_000)));
  const ledgerNow = await ledger.read(batch.filter, batch.keys);
  const delivered = ledgerNow.keStates.DELIVERED ?? 0;
  const lost = ledgerNow.lost.length + Math.max(0, options.count - batch.accepted.size);
  const seconds = (from: number, to: number): number => Math.round((to - from) / 100) / 10;
  return {
    drill,
    fault: fault.fault,
    sent: batch.accepted.size,
    storedAtCh: ledgerNow.chReceived,
    lost,
    duplicated: ledgerNow.duplicated,
    states: ledgerNow.keStates,
    archive: ledgerNow.chArchive,
    clientRetries,
    faultAfterSeconds: seconds(started, fault.at),
    recoverySeconds: seconds(fault.at, quiet),
    totalSeconds: seconds(started, quiet),
    ok:
      lost === 0 &&
      ledgerNow.duplicated === 0 &&
      delivered === options.count &&
      batch.accepted.size === options.count,
  };
}

/** Services for the drills: a private set when scripts/services.sh can start one, else the shared one. */
async function drillServices(
  name: string,
  port: number,
  log: (line: string) => void,
): Promise<{ services: Services; servicesOptions: ServicesOptions | undefined }> {
  const servicesOptions: ServicesOptions = {
    dir: runDir(`${name}-services`),
    ferretdbPort: port,
    mongodPort: port + 1,
    log,
  };
  try {
    return { services: await ensureServices(servicesOptions), servicesOptions };
  } catch (error) {
    log(`no private MongoDB-compatible server (${(error as Error).message}); using the shared one`);
    return { services: await ensureServices({ log }), servicesOptions: undefined };
  }
}

/** A private RabbitMQ virtual host for the drills, when rabbitmqctl is here to make one (and close connections). */
async function drillVhost(
  name: string,
  log: (line: string) => void,
): Promise<{ ctl: Rabbitmqctl | undefined; vhost: string }> {
  const vhost = `epix-${name}`;
  const ctl = await Rabbitmqctl.find();
  if (ctl) await ctl.ensureVhost(vhost);
  else log('rabbitmqctl not found: the gateways use the default virtual host and amqp-close is skipped');
  return { ctl, vhost };
}

/** The drills of `options.only` (all by default) in order; a drill that throws is a failed result. */
async function runEachDrill(
  ctx: DrillContext,
  ledger: LedgerReader,
  options: DrillOptions,
): Promise<DrillResult[]> {
  const results: DrillResult[] = [];
  const drills = options.only ?? DRILL_NAMES;
  for (const [index, drill] of drills.entries()) {
    ctx.log(`--- drill ${index + 1}/${drills.length}: ${drill} ---`);
    try {
      results.push(
        await runOneDrill(ctx, ledger, drill, index + 1, {
          count: options.count ?? 500,
          faultAt: options.faultAt ?? 0.3,
          concurrency: options.concurrency ?? 16,
          timeoutMs: options.timeoutMs ?? 600_000,
        }),
      );
    } catch (error) {
      ctx.log(`${drill}: FAILED: ${(error as Error).message}`);
      results.push(notRunResult(drill, (error as Error).message));
      // A broken gateway would fail every later drill for the same reason: bring both back first.
      for (const c of ctx.world.countries) {
        const gateway = ctx.world.process(c.country);
        if (!gateway.isRunning()) await gateway.start().catch(() => undefined);
      }
    }
  }
  return results;
}

/** Runs the drills in order on one pair of gateways; stops and cleans up everything it started. */
export async function runDrills(options: DrillOptions = {}): Promise<DrillReport> {
  const log = options.log ?? ((line: string) => process.stderr.write(`  ${line}\n`));
  const name = options.runName ?? 'drills';
  const { services, servicesOptions } = await drillServices(name, options.ferretdbPort ?? 27048, log);
  const { ctl, vhost } = await drillVhost(name, log);
  const world = await TwoCountries.prepare({
    name,
    services,
    log,
    ...(ctl && { amqpUrl: withVhost(services.amqpUrl, vhost) }),
    config: () => ({ logLevel: 'info', ...options.config }),
  });
  const results: DrillResult[] = [];
  let ledger: LedgerReader | undefined;
  const tearDown = async (): Promise<void> => {
    await ledger?.close().catch(() => undefined);
    await world.stopAll();
    await world.cleanup().catch(() => undefined);
    if (servicesOptions) await runServicesScript(['stop'], servicesOptions);
    if (ctl) await ctl.deleteVhost(vhost);
  };
  // Interrupted (Ctrl-C, kill): stop what the drills started before leaving.
  const interrupted = (signal: NodeJS.Signals): void => {
    log(`${signal}: stopping the drills' gateways and services`);
    void tearDown().finally(() => process.exit(130));
  };
  if (options.handleSignals) {
    process.once('SIGINT', interrupted);
    process.once('SIGTERM', interrupted);
  }
  try {
    await world.startAll();
    await world.createTokens();
    await world.onboardAll();
    ledger = await LedgerReader.open(world.country('KE').mongodbUri, world.country('CH').mongodbUri);
    const ctx: DrillContext = {
      world,
      ctl,
      vhost,
      servicesOptions,
      options: {
        chDownSeconds: options.chDownSeconds ?? 30,
        mongoDownSeconds: options.mongoDownSeconds ?? 5,
      },
      log,
    };
    results.push(...(await runEachDrill(ctx, ledger, options)));
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await tearDown();
  }
  return {
    results,
    mongoServer: services.mongoServer,
    privateServices: servicesOptions !== undefined,
    ...(ctl && { vhost }),
  };
}
