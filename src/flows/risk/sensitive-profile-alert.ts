/**
 * A sensitive profile's hit reaches people at once: a critical alert (GET /api/v1/alerts and the alert
 * channels) naming the declaration, the permit and the profile, with who the profile says must be told.
 */
import type { AlertStore } from '../../domain/alerts/alert';
import type { RiskAssessment } from '../../domain/risk/risk-assessment';
import type { StoredRiskProfile } from '../../domain/risk/risk-profile-store';
import type { Logger } from '../../logging/logger';

export async function raiseSensitiveProfileAlerts(
  deps: { alerts: Pick<AlertStore, 'raise'>; logger: Logger },
  assessment: RiskAssessment,
  hits: ReadonlyArray<{ profile: StoredRiskProfile }>,
): Promise<void> {
  for (const { profile } of hits) {
    const { name, notify, lane } = profile.definition;
    try {
      await deps.alerts.raise({
        key: `risk-sensitive-profile:${assessment.id}:${profile.id}`,
        kind: 'risk-sensitive-profile',
        severity: 'critical',
        subject: `declaration:${assessment.declarationNumber}`,
        message: `sensitive risk profile "${name}" matched declaration ${assessment.declarationNumber}${assessment.permitKey ? ` (permit ${assessment.permitKey})` : ''}: lane ${assessment.lane}`,
        at: assessment.assessedAt,
        details: {
          assessmentId: assessment.id,
          lane: assessment.lane,
          declaration: {
            declarationNumber: assessment.declarationNumber,
            importer: assessment.facts[0]?.importerName ?? null,
            office: assessment.office,
            arrivalDate: assessment.arrivalDate,
            species: [...new Set(assessment.facts.map((f) => f.scientificName))],
          },
          permit: { permitKey: assessment.permitKey, exportCountry: assessment.exportCountry },
          profile: { id: profile.id, version: profile.version, name, lane, notify },
          notify,
        },
      });
    } catch (error) {
      // The assessment is stored and answered either way; the log line still carries the hit.
      deps.logger.error('alert for a sensitive risk profile hit could not be stored', {
        assessmentId: assessment.id,
        profileId: profile.id,
        error: (error as Error).message,
      });
    }
  }
}
