/**
 * What the risk engine remembers of each importer for the history facts (prior shipments, prior findings):
 * kept as running totals, read by key, because counting an importer's assessments and results on every
 * declaration would scan whole collections on the MongoDB-compatible server (it counts without indexes).
 * The storage port.
 */

export interface ImporterHistory {
  /** Declarations of this importer assessed before. */
  shipments: number;
  /** Control results with a finding (documentary discrepancy or seizure) for this importer. */
  findings: number;
}

export const NO_HISTORY: ImporterHistory = { shipments: 0, findings: 0 };

/** Storage of the importers' running totals. */
export interface ImporterHistoryStore {
  /** The importer's totals (reads by key only). */
  read(importerKey: string): Promise<ImporterHistory>;
  /**
   * Adds one event (an assessment stored: a shipment; a control result with a finding: a finding) to the
   * totals. Concurrent additions for one importer are each counted once (each claims the next entry with a
   * unique insert); `event` names what was counted.
   */
  add(importerKey: string, change: { shipments?: number; findings?: number; event: string }): Promise<void>;
}
