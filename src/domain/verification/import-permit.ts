/**
 * Import permits issued by our own country. CITES Art. III: Appendix I specimens need an import permit
 * of the importing country as well as the exporter's permit, so customs checks one was recorded here
 * (`POST /api/v1/import-permits`) and covers the shipment.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, toAuditJson } from '../audit/audit-entry';
import { GatewayError } from '../errors';
import { datePartOf } from '../permit/iso-date';
import { formatPermitKey, permitKeyOf } from '../permit/permit-key';
import type { Permit } from '../permit/permit';
import { normalizeScientificName } from './normalize';

export const IMPORT_PERMIT_STATUSES = ['VALID', 'CANCELLED'] as const;
export type ImportPermitStatus = (typeof IMPORT_PERMIT_STATUSES)[number];

export interface ImportPermitRecord {
  /** `CH/2026/NUMBER`. */
  permitKey: string;
  permit: Permit;
  status: ImportPermitStatus;
  /** SHA-256 of the permit's canonical JSON: recording the same permit twice is not a conflict. */
  digest: string;
  recordedAt: Date;
  recordedBy: string;
}

/** Storage of our import permits. */
export interface ImportPermitRepository {
  /** Stores the record once per permit key; 'exists' when the key is taken (by whatever content). */
  insert(record: ImportPermitRecord): Promise<'inserted' | 'exists'>;
  find(permitKey: string): Promise<ImportPermitRecord | null>;
  /** Every record with this permit number (one per issue year at most), newest issue first. */
  findByNumber(permitNumber: string): Promise<ImportPermitRecord[]>;
  list(options: { permitNumber?: string; limit: number }): Promise<ImportPermitRecord[]>;
}

/** SHA-256 (hex) of a permit's canonical JSON: equal content, equal digest, whatever the key order. */
export function permitDigest(permit: Permit): string {
  return createHash('sha256')
    .update(canonicalJson(toAuditJson(permit)))
    .digest('hex');
}

/**
 * Throws IMPORT_PERMIT_NOT_OURS unless `permit` is an import permit (type I) issued by `ownCountry`:
 * the gateway records only its own country's import permits, never a partner's.
 */
export function assertOwnImportPermit(permit: Permit, ownCountry: string): void {
  const problems: Array<{ field: string; message: string }> = [];
  if (permit.type !== 'I')
    problems.push({ field: 'type', message: `is ${permit.type}, an import permit is I` });
  if (permit.issuingCountry !== ownCountry) {
    problems.push({
      field: 'issuingCountry',
      message: `is ${permit.issuingCountry}, not our country ${ownCountry}`,
    });
  }
  if (problems.length > 0) {
    throw new GatewayError(
      'IMPORT_PERMIT_NOT_OURS',
      `not an import permit of ${ownCountry}: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`,
      { details: problems },
    );
  }
}

/** The record to store for a newly recorded import permit. */
export function newImportPermitRecord(permit: Permit, recordedBy: string, at: Date): ImportPermitRecord {
  return {
    permitKey: formatPermitKey(permitKeyOf(permit)),
    permit,
    status: 'VALID',
    digest: permitDigest(permit),
    recordedAt: at,
    recordedBy,
  };
}

/** Why an import permit does not cover a shipment, or null when it does. */
export function importPermitProblem(
  record: ImportPermitRecord,
  input: { arrivalDate: string; species: string[] },
): { problem: string; uncovered?: string[] } | null {
  const permit = record.permit;
  if (record.status !== 'VALID')
    return { problem: `import permit ${record.permitKey} is ${record.status.toLowerCase()}` };
  const arrival = datePartOf(input.arrivalDate);
  const from = datePartOf(permit.validFrom ?? permit.issueDate);
  if (arrival < from) return { problem: `import permit ${record.permitKey} is valid only from ${from}` };
  const until = datePartOf(permit.validUntil);
  if (arrival > until) return { problem: `import permit ${record.permitKey} expired on ${until}` };
  const covered = new Set(permit.lines.map((l) => normalizeScientificName(l.scientificName)));
  const uncovered = input.species.filter((s) => !covered.has(normalizeScientificName(s)));
  if (uncovered.length > 0) {
    return { problem: `import permit ${record.permitKey} does not cover ${uncovered.join(', ')}`, uncovered };
  }
  return null;
}
