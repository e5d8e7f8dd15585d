/**
 * A batch of permits KE sends to CH, for the benches and drills: numbered permits under one prefix, submitted
 * through KE's API (retrying while KE is unreachable, as an issuing office would), the submit time of each,
 * and a wait until KE has nothing left to deliver.
 */
import { randomBytes } from 'node:crypto';
import type { Permit } from '../../src/domain/permit/permit';
import { ApiError, type ApiClient } from './api-client';
import { submitPermit } from './exchange-api';
import type { BatchFilter, LedgerReader } from './ledger';
import { kenyanExportPermit, permitKeyOf } from './sample-permits';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface SubmitRecord {
  permitKey: string;
  messageId: string;
  /** Epoch ms when the (first) submission started, or was due (open-loop load). */
  submittedAt: number;
  /** Submissions that failed before this one was accepted (gateway down, ...). */
  retries: number;
}

/** The permits of one batch (a shared number prefix), and what KE accepted of them with their submit times. */
export class PermitBatch {
  readonly prefix: string;
  readonly filter: BatchFilter;
  readonly accepted = new Map<string, SubmitRecord>();
  private readonly today = new Date();

  /** `label` is one capital letter or word naming the batch in permit numbers (B for bench, D for drill ...). */
  constructor(label: string, since = new Date()) {
    this.prefix = `KE-${this.today.getUTCFullYear()}-${label}${randomBytes(3).toString('hex').toUpperCase()}-`;
    this.filter = { prefix: this.prefix, since };
  }

  permit(i: number): Permit {
    return kenyanExportPermit(`${this.prefix}${String(i).padStart(6, '0')}`, { today: this.today });
  }

  keyOf(i: number): string {
    return permitKeyOf(this.permit(i));
  }

  /**
   * Submits permit `i`. With `retryForMs`, network errors and 5xx answers are retried (the same permit again is
   * idempotent at KE: it answers with the message it already made) until accepted or the time is up.
   */
  async submit(
    issuer: ApiClient,
    i: number,
    { retryForMs = 0, submittedAt = Date.now() }: { retryForMs?: number; submittedAt?: number } = {},
  ): Promise<SubmitRecord> {
    const permit = this.permit(i);
    const deadline = submittedAt + retryForMs;
    let retries = 0;
    for (;;) {
      try {
        const { permitKey, messageId } = await submitPermit(issuer, permit);
        const record = { permitKey, messageId, submittedAt, retries };
        this.accepted.set(permitKey, record);
        return record;
      } catch (error) {
        const transient = !(error instanceof ApiError) || error.status >= 500;
        if (!transient || Date.now() > deadline) throw error;
        retries++;
        await sleep(250);
      }
    }
  }

  get keys(): string[] {
    return [...this.accepted.keys()];
  }
}

/**
 * Waits until every message of the batch at KE is DELIVERED or FAILED (none QUEUED, SENDING or RETRY_WAIT),
 * calling `progress` about every `everyMs`. Checks the oldest pending messages a window at a time, by primary
 * key (see LedgerReader.outboundStates), pausing `pauseMs` between checks even when some finished: the
 * figures come from the records, and polling back to back was a large part of the database's load in the
 * benches. Throws after `timeoutMs`.
 */
export async function waitForQuiescence(
  ledger: LedgerReader,
  batch: PermitBatch,
  options: {
    timeoutMs?: number;
    everyMs?: number;
    progress?: (pending: number) => void;
    window?: number;
    pauseMs?: number;
  } = {},
): Promise<number> {
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? 600_000);
  const pending = [...batch.accepted.values()].map((r) => r.messageId);
  const window = options.window ?? 32;
  let lastReport = started;
  while (pending.length) {
    const head = pending.slice(0, window);
    const states = await ledger.outboundStates(head).catch(() => new Map<string, string | undefined>());
    const done = new Set(head.filter((id) => ['DELIVERED', 'FAILED'].includes(states.get(id) ?? '')));
    if (done.size) {
      for (let i = pending.length - 1; i >= 0; i--) if (done.has(pending[i]!)) pending.splice(i, 1);
    } else if (Date.now() > deadline) {
      throw new Error(
        `still ${pending.length} message(s) pending at KE after ${options.timeoutMs ?? 600_000} ms`,
      );
    }
    if (pending.length) await sleep(options.pauseMs ?? 250);
    if (options.progress && pending.length && Date.now() - lastReport >= (options.everyMs ?? 5000)) {
      lastReport = Date.now();
      options.progress(pending.length);
    }
  }
  return Date.now() - started;
}
