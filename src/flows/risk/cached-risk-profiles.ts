/**
 * The rule profiles as the scoring path reads them: the list in memory, re-read in the background every
 * `refreshMs` (see RefreshedValue), so a change on another instance is in force here within `refreshMs` plus
 * one read. A change made through this instance is in force here at once (re-read before its answer).
 * Everything else goes to the store.
 */
import type { Clock } from '../../domain/ports';
import type { RiskProfileStore, StoredRiskProfile } from '../../domain/risk/risk-profile-store';
import type { Logger } from '../../logging/logger';
import { RefreshedValue } from './refreshed-value';

export class CachedRiskProfiles implements RiskProfileStore {
  private readonly current: RefreshedValue<StoredRiskProfile[]>;

  constructor(
    private readonly store: RiskProfileStore,
    deps: { clock: Clock; logger: Logger },
    options: { refreshMs: number },
  ) {
    this.current = new RefreshedValue(() => store.list(), {
      refreshMs: options.refreshMs,
      clock: deps.clock,
      logger: deps.logger,
      what: 'risk profiles',
    });
  }

  start(): void {
    this.current.start();
  }

  close(): void {
    this.current.close();
  }

  /** Current versions of every profile, from memory. */
  list(): Promise<StoredRiskProfile[]> {
    return this.current.get();
  }

  async saveVersion(profile: StoredRiskProfile): Promise<'saved' | 'conflict'> {
    const saved = await this.store.saveVersion(profile);
    if (saved === 'saved') this.current.set(await this.store.list());
    return saved;
  }

  find(id: string): Promise<StoredRiskProfile | null> {
    return this.store.find(id);
  }

  versions(id: string): Promise<StoredRiskProfile[]> {
    return this.store.versions(id);
  }
}
