/**
 * Load generators. `closedLoop` keeps N requests in flight (as fast as the system accepts them);
 * `openLoop` starts requests on a fixed schedule whatever the answers do, and measures each latency from its
 * scheduled start, so a stalled server cannot hide its queueing (no coordinated omission).
 */

export interface Outcome {
  /** Milliseconds from the scheduled (open loop) or actual (closed loop) start to the answer. */
  ms: number;
  ok: boolean;
  error?: string;
}

/** Runs `task(i)` for i in 0..count-1 with at most `concurrency` in flight. */
export async function closedLoop(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<boolean>,
): Promise<{ outcomes: Outcome[]; seconds: number }> {
  const outcomes: Outcome[] = new Array<Outcome>(count);
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      const t0 = performance.now();
      try {
        const ok = await task(i);
        outcomes[i] = { ms: performance.now() - t0, ok };
      } catch (error) {
        outcomes[i] = { ms: performance.now() - t0, ok: false, error: (error as Error).message };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { outcomes, seconds: (performance.now() - started) / 1000 };
}

/** Like `closedLoop` but for a fixed time: runs until `seconds` have passed; returns what completed. */
export async function closedLoopFor(
  seconds: number,
  concurrency: number,
  task: (i: number) => Promise<boolean>,
): Promise<{ outcomes: Outcome[]; seconds: number }> {
  const outcomes: Outcome[] = [];
  let next = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      const i = next++;
      const t0 = performance.now();
      try {
        const ok = await task(i);
        outcomes.push({ ms: performance.now() - t0, ok });
      } catch (error) {
        outcomes.push({ ms: performance.now() - t0, ok: false, error: (error as Error).message });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { outcomes, seconds: (performance.now() - started) / 1000 };
}

/**
 * Starts `task(i)` at `rate` per second for `seconds`. Each outcome's latency counts from when the request was
 * due. `offeredSeconds` is when the last request started, `seconds` when the last answer came; `lateStarts`
 * counts requests the generator itself started more than 10 ms late.
 */
export async function openLoop(
  rate: number,
  seconds: number,
  task: (i: number, scheduledAt: number) => Promise<boolean>,
): Promise<{ outcomes: Outcome[]; seconds: number; offeredSeconds: number; lateStarts: number }> {
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const outcomes: Outcome[] = new Array<Outcome>(total);
  const pending: Promise<void>[] = [];
  const started = performance.now();
  let lateStarts = 0;
  for (let i = 0; i < total; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    if (performance.now() - due > 10) lateStarts++;
    pending.push(
      task(i, due).then(
        (ok) => {
          outcomes[i] = { ms: performance.now() - due, ok };
        },
        (error: unknown) => {
          outcomes[i] = { ms: performance.now() - due, ok: false, error: (error as Error).message };
        },
      ),
    );
  }
  const offeredSeconds = (performance.now() - started) / 1000;
  await Promise.all(pending);
  return { outcomes, seconds: (performance.now() - started) / 1000, offeredSeconds, lateStarts };
}
