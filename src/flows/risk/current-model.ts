/**
 * The model in force, kept in memory: scoring must not read a model from the database on every
 * declaration. Re-read at most every `refreshMs` (other instances may promote one); a promotion on this
 * instance takes effect at once.
 */
import type { Clock } from '../../domain/ports';
import type { RiskModelStore, StoredRiskModel } from '../../domain/risk/risk-model-store';

export class CurrentModel {
  private cached: StoredRiskModel | null = null;
  private readAt = -Infinity;
  private pending: Promise<StoredRiskModel | null> | null = null;

  constructor(
    private readonly deps: { models: Pick<RiskModelStore, 'current'>; clock: Clock },
    private readonly options: { refreshMs: number },
  ) {}

  /** The newest promoted model, or null when none was promoted yet. */
  async get(): Promise<StoredRiskModel | null> {
    if (this.deps.clock.now().getTime() - this.readAt < this.options.refreshMs) return this.cached;
    this.pending ??= this.deps.models
      .current()
      .then((model) => this.remember(model))
      .finally(() => {
        this.pending = null;
      });
    return this.pending;
  }

  /** A model this instance just promoted. */
  promoted(model: StoredRiskModel): void {
    if (!this.cached || model.version > this.cached.version) this.remember(model);
  }

  private remember(model: StoredRiskModel | null): StoredRiskModel | null {
    this.cached = model;
    this.readAt = this.deps.clock.now().getTime();
    return model;
  }
}
