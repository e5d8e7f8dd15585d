/** The risk stores in memory, for fast flow tests; held to the same contracts as the MongoDB ones. */
import type { ControlResult, ControlResultStore } from '../../../src/domain/risk/control-result';
import type { ImporterHistory, ImporterHistoryStore } from '../../../src/domain/risk/importer-history';
import type { RiskAssessment, RiskAssessmentStore } from '../../../src/domain/risk/risk-assessment';
import type { RiskModelStore, StoredRiskModel } from '../../../src/domain/risk/risk-model-store';
import type { RiskProfileStore, StoredRiskProfile } from '../../../src/domain/risk/risk-profile-store';

const copy = <T>(value: T): T => structuredClone(value);

export class InMemoryRiskAssessmentStore implements RiskAssessmentStore {
  private readonly items = new Map<string, RiskAssessment>();

  insert(assessment: RiskAssessment): Promise<'inserted' | 'duplicate'> {
    if (this.items.has(assessment.id)) return Promise.resolve('duplicate');
    this.items.set(assessment.id, copy(assessment));
    return Promise.resolve('inserted');
  }

  find(id: string): Promise<RiskAssessment | null> {
    const found = this.items.get(id);
    return Promise.resolve(found ? copy(found) : null);
  }

  profileCounts(profileId: string): Promise<{ matches: number; selected: number }> {
    const hits = [...this.items.values()].flatMap((a) =>
      a.profileHits.filter((h) => h.profileId === profileId),
    );
    return Promise.resolve({ matches: hits.length, selected: hits.filter((h) => h.selected).length });
  }

  recent(limit: number): Promise<RiskAssessment[]> {
    return Promise.resolve(
      [...this.items.values()]
        .sort((a, b) => b.assessedAt.getTime() - a.assessedAt.getTime())
        .slice(0, limit)
        .map(copy),
    );
  }
}

export class InMemoryControlResultStore implements ControlResultStore {
  private readonly items = new Map<string, ControlResult>();

  insert(result: ControlResult): Promise<'inserted' | 'duplicate'> {
    if (this.items.has(result.assessmentId)) return Promise.resolve('duplicate');
    this.items.set(result.assessmentId, copy(result));
    return Promise.resolve('inserted');
  }

  find(assessmentId: string): Promise<ControlResult | null> {
    const found = this.items.get(assessmentId);
    return Promise.resolve(found ? copy(found) : null);
  }

  count(): Promise<number> {
    return Promise.resolve(this.items.size);
  }

  profileCounts(profileId: string): Promise<{ inspections: number; findings: number }> {
    const results = [...this.items.values()].filter((r) => r.profileIds.includes(profileId));
    return Promise.resolve({
      inspections: results.length,
      findings: results.filter((r) => r.finding !== 'NONE').length,
    });
  }

  all(): Promise<ControlResult[]> {
    return Promise.resolve(
      [...this.items.values()].sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime()).map(copy),
    );
  }
}

export class InMemoryRiskProfileStore implements RiskProfileStore {
  private readonly versionsById = new Map<string, StoredRiskProfile[]>();

  saveVersion(profile: StoredRiskProfile): Promise<'saved' | 'conflict'> {
    const versions = this.versionsById.get(profile.id) ?? [];
    if (versions.some((v) => v.version === profile.version)) return Promise.resolve('conflict');
    versions.push(copy(profile));
    versions.sort((a, b) => a.version - b.version);
    this.versionsById.set(profile.id, versions);
    return Promise.resolve('saved');
  }

  find(id: string): Promise<StoredRiskProfile | null> {
    const versions = this.versionsById.get(id);
    return Promise.resolve(versions ? copy(versions[versions.length - 1]!) : null);
  }

  list(): Promise<StoredRiskProfile[]> {
    return Promise.resolve(
      [...this.versionsById.keys()].sort().map((id) => copy(this.versionsById.get(id)!.at(-1)!)),
    );
  }

  versions(id: string): Promise<StoredRiskProfile[]> {
    return Promise.resolve((this.versionsById.get(id) ?? []).map(copy));
  }
}

export class InMemoryRiskModelStore implements RiskModelStore {
  private readonly models: StoredRiskModel[] = [];
  private readonly runs = new Set<string>();

  insert(model: Omit<StoredRiskModel, 'version'>): Promise<StoredRiskModel> {
    const stored = { ...copy(model), version: this.models.length + 1 };
    this.models.push(stored);
    return Promise.resolve(copy(stored));
  }

  current(): Promise<StoredRiskModel | null> {
    const promoted = this.models.filter((m) => m.promoted).at(-1);
    return Promise.resolve(promoted ? copy(promoted) : null);
  }

  find(version: number): Promise<StoredRiskModel | null> {
    const found = this.models.find((m) => m.version === version);
    return Promise.resolve(found ? copy(found) : null);
  }

  list(limit: number): Promise<Array<Omit<StoredRiskModel, 'model'>>> {
    return Promise.resolve(
      [...this.models]
        .reverse()
        .slice(0, limit)
        .map(({ model: _model, ...summary }) => copy(summary)),
    );
  }

  claimRun(runId: string): Promise<boolean> {
    if (this.runs.has(runId)) return Promise.resolve(false);
    this.runs.add(runId);
    return Promise.resolve(true);
  }
}

export class InMemoryImporterHistoryStore implements ImporterHistoryStore {
  private readonly totals = new Map<string, ImporterHistory>();

  read(importerKey: string): Promise<ImporterHistory> {
    return Promise.resolve({ ...(this.totals.get(importerKey) ?? { shipments: 0, findings: 0 }) });
  }

  add(importerKey: string, change: { shipments?: number; findings?: number; event: string }): Promise<void> {
    const at = this.totals.get(importerKey) ?? { shipments: 0, findings: 0 };
    this.totals.set(importerKey, {
      shipments: at.shipments + (change.shipments ?? 0),
      findings: at.findings + (change.findings ?? 0),
    });
    return Promise.resolve();
  }
}
