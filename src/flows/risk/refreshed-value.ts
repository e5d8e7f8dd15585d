/**
 * A value read from storage and kept in memory for the scoring path (rule profiles, the model in force):
 * re-read in the background every `refreshMs`, so a change made on another instance is seen within
 * `refreshMs` plus one read. A request waits for a read only before the first one, or when background reads
 * have failed for two periods (the value is then too old to trust).
 */
import type { Clock } from '../../domain/ports';
import type { Logger } from '../../logging/logger';

export class RefreshedValue<T> {
  private value: { of: T; at: number } | null = null;
  private loading: Promise<T> | null = null;
  /** Counts set() calls: a read that began before one must not undo it. */
  private generation = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly load: (previous: T | null) => Promise<T>,
    private readonly options: { refreshMs: number; clock: Clock; logger: Logger; what: string },
  ) {}

  /** Starts the background reads. */
  start(): void {
    this.timer = setInterval(() => {
      this.reload().catch((error: unknown) =>
        this.options.logger.warn(`${this.options.what}: background read failed`, {
          error: (error as Error).message,
        }),
      );
    }, this.options.refreshMs);
    this.timer.unref();
  }

  close(): void {
    clearInterval(this.timer);
  }

  async get(): Promise<T> {
    const now = this.options.clock.now().getTime();
    if (this.value && now - this.value.at < 2 * this.options.refreshMs) return this.value.of;
    return this.reload();
  }

  /** Reads now (one read at a time; callers during a read share it). */
  reload(): Promise<T> {
    const generation = this.generation;
    this.loading ??= this.load(this.value?.of ?? null)
      .then((of) => {
        if (generation !== this.generation && this.value) return this.value.of;
        this.value = { of, at: this.options.clock.now().getTime() };
        return of;
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }

  /** The value in memory, without reading (null before the first read). */
  peek(): T | null {
    return this.value?.of ?? null;
  }

  /** A value this instance knows is newer (its own change): in force at once. */
  set(of: T): void {
    this.generation += 1;
    this.value = { of, at: this.options.clock.now().getTime() };
  }
}
