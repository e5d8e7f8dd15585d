/**
 * The model in force, kept in memory: scoring never reads a model from the database. Versions are numbered
 * without gaps (a unique insert claims the next one), so a background read asks only for the version after
 * the newest one seen (one read by key, usually answered "none"), and reads a model's body only when a new
 * version exists. Another instance's promotion is in force here within `refreshMs` plus one read; a
 * promotion on this instance at once.
 */
import type { Clock } from '../../domain/ports';
import type { RiskModelStore, StoredRiskModel } from '../../domain/risk/risk-model-store';
import type { Logger } from '../../logging/logger';
import { RefreshedValue } from './refreshed-value';

interface Known {
  /** The newest promoted model, or null. */
  model: StoredRiskModel | null;
  /** The newest version seen, promoted or not. */
  seen: number;
}

export class CurrentModel {
  private readonly known: RefreshedValue<Known>;

  constructor(
    private readonly deps: {
      models: Pick<RiskModelStore, 'current' | 'find'>;
      clock: Clock;
      logger: Logger;
    },
    options: { refreshMs: number },
  ) {
    this.known = new RefreshedValue((previous) => this.read(previous), {
      refreshMs: options.refreshMs,
      clock: deps.clock,
      logger: deps.logger,
      what: 'risk model in force',
    });
  }

  start(): void {
    this.known.start();
  }

  close(): void {
    this.known.close();
  }

  /** The newest promoted model, or null when none was promoted yet. */
  async get(): Promise<StoredRiskModel | null> {
    return (await this.known.get()).model;
  }

  /** A model this instance just promoted. */
  promoted(model: StoredRiskModel): void {
    const known = this.known.peek();
    if (!known || model.version > known.seen) this.known.set({ model, seen: model.version });
  }

  private async read(previous: Known | null): Promise<Known> {
    let known = previous ?? (await this.first());
    for (;;) {
      const next = await this.deps.models.find(known.seen + 1);
      if (!next) return known;
      known = { model: next.promoted ? next : known.model, seen: next.version };
    }
  }

  private async first(): Promise<Known> {
    const model = await this.deps.models.current();
    return { model, seen: model?.version ?? 0 };
  }
}
