/**
 * Customs records what an inspection found (role customs): one control result per assessment (a unique
 * insert decides), audited, counted in the profiles' statistics, and learned from by the next model.
 *
 * The story:
 *  1. find the assessment; a released (GREEN) one that customs inspected anyway is self-initiated;
 *  2. build the record: why it was inspected (the source that decided the lane), each line as declared
 *     and as found, the facts the model will learn from;
 *  3. store it once (a second result for the assessment is RISK_CONTROL_RESULT_EXISTS), audit it;
 *  4. count a finding in the importer's history; tell the trainer a result arrived (it trains after N new
 *     results).
 */
import type { AuditLog } from '../../domain/audit/audit-entry';
import { GatewayError } from '../../domain/errors';
import type { Clock } from '../../domain/ports';
import type {
  ControlResult,
  ControlResultInput,
  ControlResultLine,
  ControlResultStore,
  Detection,
} from '../../domain/risk/control-result';
import { hasFinding } from '../../domain/risk/control-result';
import type { ImporterHistoryStore } from '../../domain/risk/importer-history';
import type { RiskAssessment, RiskAssessmentStore } from '../../domain/risk/risk-assessment';
import type { Logger } from '../../logging/logger';

export interface RecordControlResultDeps {
  assessments: Pick<RiskAssessmentStore, 'find'>;
  controlResults: Pick<ControlResultStore, 'insert'>;
  history: Pick<ImporterHistoryStore, 'add'>;
  audit: Pick<AuditLog, 'append'>;
  clock: Clock;
  logger: Logger;
  /** Called after a result is stored (the trainer counts new results). */
  onRecorded?: () => void;
}

export async function recordControlResult(
  deps: RecordControlResultDeps,
  input: { assessmentId: string; result: ControlResultInput; actor: string },
): Promise<ControlResult> {
  const assessment = await deps.assessments.find(input.assessmentId);
  if (!assessment)
    throw new GatewayError('RISK_ASSESSMENT_NOT_FOUND', `no risk assessment ${input.assessmentId}`);
  const detection: Detection =
    assessment.lane === 'GREEN' || assessment.decidedBy === null ? 'SELF_INITIATED' : assessment.decidedBy;
  const record: ControlResult = {
    id: assessment.id,
    assessmentId: assessment.id,
    declarationNumber: assessment.declarationNumber,
    permitKey: assessment.permitKey,
    office: assessment.office,
    arrivalDate: assessment.arrivalDate,
    exportCountry: assessment.exportCountry,
    originCountry: assessment.originCountry,
    importCountry: assessment.importCountry,
    detection,
    selfInitiated: detection === 'SELF_INITIATED',
    inspection: input.result.inspection,
    finding: input.result.finding,
    lines: linesOf(assessment, input.result),
    notes: input.result.notes,
    recordedAt: deps.clock.now(),
    recordedBy: input.actor,
    importerKey: assessment.importerKey,
    profileIds: assessment.profileHits.map((h) => h.profileId),
    facts: assessment.facts,
  };
  if ((await deps.controlResults.insert(record)) === 'duplicate') {
    throw new GatewayError(
      'RISK_CONTROL_RESULT_EXISTS',
      `a control result was already recorded for assessment ${assessment.id}`,
      { details: { assessmentId: assessment.id } },
    );
  }
  const { facts: _facts, ...audited } = record;
  await deps.audit.append({
    actor: input.actor,
    action: 'risk-control-result.recorded',
    target: `risk-assessment:${assessment.id}`,
    before: null,
    after: audited,
  });
  if (hasFinding(record)) await countFinding(deps, record);
  deps.onRecorded?.();
  return record;
}

/** The finding counts for the importer's next declarations; the result stands if counting fails. */
async function countFinding(
  deps: Pick<RecordControlResultDeps, 'history' | 'logger'>,
  record: ControlResult,
): Promise<void> {
  try {
    await deps.history.add(record.importerKey, { findings: 1, event: `control result ${record.id}` });
  } catch (error) {
    deps.logger.error('importer history not updated', {
      assessmentId: record.id,
      error: (error as Error).message,
    });
  }
}

function linesOf(assessment: RiskAssessment, result: ControlResultInput): ControlResultLine[] {
  return result.lines.map((found) => {
    const declared = assessment.facts[found.line - 1];
    if (!declared) {
      throw new GatewayError(
        'VALIDATION_FAILED',
        `lines: the declaration has ${assessment.facts.length} line(s), not ${found.line}`,
        { details: [{ field: 'lines', message: `no declaration line ${found.line}` }] },
      );
    }
    return {
      line: found.line,
      declaredScientificName: String(declared.scientificName),
      scientificNameFound: found.scientificNameFound,
      termCode: String(declared.termCode),
      quantityFound: found.quantityFound,
      unit: typeof declared.unit === 'string' ? declared.unit : null,
      quantitySeized: found.quantitySeized,
    };
  });
}
