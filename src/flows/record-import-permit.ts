/**
 * Records an import permit our own country issued (Appendix I imports need one; customs verification
 * checks it). The permit comes as JSON in our model or as XML in any shape `epix permit import` reads.
 * Recording the same permit again is harmless; another permit under the same key is a conflict.
 */
import { GatewayError } from '../domain/errors';
import { assertPermit, type Permit } from '../domain/permit/permit';
import type { Clock } from '../domain/ports';
import {
  assertOwnImportPermit,
  newImportPermitRecord,
  type ImportPermitRecord,
  type ImportPermitRepository,
} from '../domain/verification/import-permit';
import { importPermit } from '../domain/xml/permit-import';

export interface RecordImportPermitDeps {
  ownCountry: string;
  importPermits: ImportPermitRepository;
  clock: Clock;
}

export type ImportPermitInput = { document: unknown } | { documentXml: string };

/** Stores the import permit; `created` is false when the very same permit was recorded before. */
export async function recordImportPermit(
  deps: RecordImportPermitDeps,
  input: ImportPermitInput & { recordedBy: string },
): Promise<{ record: ImportPermitRecord; created: boolean }> {
  const permit = readImportPermit(input);
  assertOwnImportPermit(permit, deps.ownCountry);
  const record = newImportPermitRecord(permit, input.recordedBy, deps.clock.now());
  if ((await deps.importPermits.insert(record)) === 'inserted') return { record, created: true };
  const existing = await deps.importPermits.find(record.permitKey);
  if (existing && existing.digest === record.digest) return { record: existing, created: false };
  throw new GatewayError(
    'IMPORT_PERMIT_EXISTS',
    `another import permit ${record.permitKey} was recorded on ${existing?.recordedAt.toISOString() ?? '?'}`,
    { details: { permitKey: record.permitKey } },
  );
}

function readImportPermit(input: ImportPermitInput): Permit {
  return 'documentXml' in input ? importPermit(input.documentXml).permit : assertPermit(input.document);
}
