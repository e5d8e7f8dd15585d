/**
 * One recovering AMQP connection per gateway process.
 *
 * Publishers and consumers register a setup step; every step runs on the first connection and again after
 * each reconnect, because channels opened before a connection drop stay dead (amqplib recovery). Steps
 * must therefore keep their channel references inside what they create.
 *
 * The broker also closes a single channel, with the connection up, on any channel-level error: a publish to
 * a deleted exchange, a consume from a deleted queue, a bad acknowledgement. Only a reconnect would bring
 * such a channel back, so the step that opened it asks for `reopen`, which runs it again on the same
 * connection, with backoff, until it succeeds or that connection is gone.
 */
import amqp, { type ChannelModel, type RecoveringChannelModel } from 'amqplib';
import type { Logger } from '../logging/logger';

export type SetupStep = (model: ChannelModel) => Promise<void>;

/** The first wait before a closed channel's step runs again, and the longest between tries. */
const REOPEN_FIRST_DELAY_MS = 100;
const REOPEN_MAX_DELAY_MS = 5000;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

export class AmqpConnection {
  private model: RecoveringChannelModel | undefined;
  private current: ChannelModel | undefined;
  private readonly steps: Array<{ name: string; step: SetupStep }> = [];
  private readonly reopening = new Set<string>();
  private closing = false;

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
  ) {
    if (!/^amqps?:\/\//.test(url)) throw new Error('AmqpConnection: url must start with amqp:// or amqps://');
  }

  /** Adds a setup step, named uniquely (reopen finds it by name); when already connected it also runs now. */
  async register(name: string, step: SetupStep): Promise<void> {
    if (this.steps.some((s) => s.name === name))
      throw new Error(`AmqpConnection: a step named ${name} exists`);
    this.steps.push({ name, step });
    if (this.current) await step(this.current);
  }

  async start(): Promise<void> {
    const model = await amqp.connect(this.url, {
      noDelay: true, // without it, awaiting each publisher confirm runs at ~23 msg/s (Nagle + delayed ACK)
      recovery: {
        initialMaxRetries: 3,
        maxRetries: Infinity,
        initialDelay: 100,
        maxDelay: 5000,
        setup: async (connected: ChannelModel) => {
          connected.on('error', (error: Error) =>
            this.logger.warn('amqp connection error', { error: error.message }),
          );
          for (const { name, step } of this.steps) {
            try {
              await step(connected);
            } catch (error) {
              this.logger.error('amqp setup step failed', { step: name, error: (error as Error).message });
              throw error;
            }
          }
          this.current = connected;
        },
      },
    });
    model.on('disconnect', (error: Error) => {
      this.current = undefined;
      if (!this.closing) this.logger.warn('amqp disconnected; reconnecting', { error: error?.message });
    });
    model.on('connect', () => this.logger.info('amqp connected'));
    model.on('error', (error: Error) => this.logger.warn('amqp error', { error: error.message }));
    model.on('reconnect-failed', (error: Error) =>
      this.logger.error('amqp reconnect gave up', { error: error.message }),
    );
    this.model = model;
  }

  /**
   * Runs step `name` again on `model` after a channel it opened there closed while the connection stayed
   * up; retried with backoff while `model` is the live connection (a reconnect re-runs every step anyway).
   * A step already being reopened is not started twice.
   */
  reopen(name: string, model: ChannelModel): void {
    // Closing, or the connection itself went down (its recovery re-runs every step): nothing to reopen here.
    if (this.closing || this.current !== model) return;
    const entry = this.steps.find((s) => s.name === name);
    if (!entry || this.reopening.has(name)) return;
    this.reopening.add(name);
    this.logger.warn('amqp channel closed by the broker; reopening it', { step: name });
    void this.rerun(entry, model).finally(() => this.reopening.delete(name));
  }

  private async rerun(entry: { name: string; step: SetupStep }, model: ChannelModel): Promise<void> {
    for (let delay = REOPEN_FIRST_DELAY_MS; ; delay = Math.min(delay * 2, REOPEN_MAX_DELAY_MS)) {
      await pause(delay);
      if (this.closing || this.current !== model) return;
      try {
        await entry.step(model);
        this.logger.info('amqp channel reopened', { step: entry.name });
        return;
      } catch (error) {
        this.logger.warn('amqp channel could not be reopened yet; retrying', {
          step: entry.name,
          error: (error as Error).message,
          retryInMs: Math.min(delay * 2, REOPEN_MAX_DELAY_MS),
        });
      }
    }
  }

  isConnected(): boolean {
    return this.current !== undefined;
  }

  async close(): Promise<void> {
    this.closing = true;
    this.current = undefined;
    const model = this.model;
    this.model = undefined;
    if (model) await model.close().catch(() => undefined);
  }
}
