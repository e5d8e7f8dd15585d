/**
 * Records as the exchange, customs and the risk service store them, for report tests: issued and
 * received permits built on the sample permit, clearances, verifications and control results (the
 * control-result shape agreed with the risk service).
 */
import type {
  IssuedPermit,
  ReceivedPermit,
  UsageConfirmation,
} from '../../src/domain/exchange/permit-records';
import type { Permit } from '../../src/domain/permit/permit';
import type { ControlResult } from '../../src/domain/reports/control-result';
import type { ExportRecord, ImportRecord } from '../../src/domain/reports/report-source';
import { tradePermitOf } from '../../src/domain/reports/trade-permit';
import type { Clearance, Verification } from '../../src/domain/verification/verification';
import { verificationIdOf } from '../../src/domain/verification/verification';
import type { ReasonCode } from '../../src/domain/verification/reason-codes';
import { permitKeyOf } from '../../scripts/lib/sample-permits';
import { samplePermit, type PermitOverrides } from './permits';

/** Everything a report reads, as stored. */
export interface ReportSeed {
  issued: IssuedPermit[];
  received: ReceivedPermit[];
  clearances: Clearance[];
  verifications: Verification[];
  controlResults: ControlResult[];
}

export function emptySeed(): ReportSeed {
  return { issued: [], received: [], clearances: [], verifications: [], controlResults: [] };
}

const AT = new Date('2026-06-01T00:00:00Z');

/** A KE permit dated `issueDate`, valid 180 days. */
export function permitDated(
  permitNumber: string,
  issueDate: string,
  overrides: PermitOverrides = {},
): Permit {
  const until = new Date(Date.parse(`${issueDate.slice(0, 10)}T00:00:00Z`) + 180 * 86_400_000);
  return samplePermit({
    permitNumber,
    issueDate,
    validFrom: issueDate.slice(0, 10),
    validUntil: until.toISOString().slice(0, 10),
    ...overrides,
  });
}

export function issuedRecord(
  permit: Permit,
  changes: Partial<Omit<IssuedPermit, 'permitKey' | 'permit'>> = {},
): IssuedPermit {
  return {
    permitKey: permitKeyOf(permit),
    permit,
    signedXml: '<CITESEPermit>signed</CITESEPermit>',
    digest: 'digest',
    destination: permit.importer.address.country,
    status: 'ISSUED',
    messageId: `m-${permit.permitNumber}`,
    createdAt: AT,
    updatedAt: AT,
    createdBy: 'test issuer',
    ...changes,
  };
}

export function receivedRecord(
  permit: Permit,
  changes: Partial<Omit<ReceivedPermit, 'permitKey' | 'permit'>> = {},
): ReceivedPermit {
  return {
    permitKey: permitKeyOf(permit),
    issuingCountry: permit.issuingCountry,
    permit,
    signedXml: '<CITESEPermit>signed</CITESEPermit>',
    digest: 'digest',
    signer: { thumbprint: 'thumb', subject: 'CN=KE signer' },
    status: 'VALID',
    messageId: `m-${permit.permitNumber}`,
    receivedAt: AT,
    updatedAt: AT,
    ...changes,
  };
}

/** What a report reads of a stored issued permit. */
export function exportRecordFrom(record: IssuedPermit): ExportRecord {
  return {
    permitKey: record.permitKey,
    permit: tradePermitOf(record.permit),
    status: record.status,
    destination: record.destination,
    ...(record.usage ? { usage: record.usage } : {}),
  };
}

/** What a report reads of a stored received permit and its clearance at our border, if any. */
export function importRecordFrom(
  record: ReceivedPermit,
  clearance?: Pick<Clearance, 'declarationNumber' | 'usage'>,
): ImportRecord {
  return {
    permitKey: record.permitKey,
    permit: tradePermitOf(record.permit),
    status: record.status,
    ...(clearance
      ? { clearance: { declarationNumber: clearance.declarationNumber, usage: clearance.usage } }
      : {}),
  };
}

/** A usage confirmation clearing `quantities` (block → quantity) on `clearedAt`. */
export function usageOf(
  declarationNumber: string,
  clearedAt: string,
  quantities: Record<string, number>,
): UsageConfirmation {
  return {
    declarationNumber,
    clearedAt: new Date(clearedAt),
    lines: Object.entries(quantities).map(([lineId, quantity]) => ({ lineId, quantity })),
    confirmedBy: 'test customs',
  };
}

export function clearanceOf(permitKey: string, usage: UsageConfirmation): Clearance {
  return {
    permitKey,
    declarationNumber: usage.declarationNumber,
    verificationId: verificationIdOf(usage.declarationNumber, 1),
    usage,
  };
}

export function verificationOf(
  declarationNumber: string,
  verdict: 'ACCEPTED' | 'REJECTED',
  reasonCodes: ReasonCode[],
  verifiedAt: string,
): Verification {
  return {
    id: verificationIdOf(declarationNumber, 1),
    declarationNumber,
    attempt: 1,
    permitKey: 'KE/2026/KE-2026-000123',
    verdict,
    reasons: reasonCodes.map((code) => ({ code, message: code, details: {} })),
    reasonCodes,
    permit: null,
    presented: { kind: 'key' },
    declaration: {
      declarationNumber,
      importer: { name: 'Importer' },
      arrivalDate: verifiedAt.slice(0, 10),
      lines: [{ scientificName: 'Python sebae', termCode: 'SKI', quantity: 1 }],
    },
    requestDigest: 'digest',
    verifiedAt: new Date(verifiedAt),
    verifiedBy: 'test customs',
  };
}

/** A control result in the shape agreed with the risk service. */
export function controlResultOf(id: string, changes: Partial<ControlResult> = {}): ControlResult {
  return {
    id,
    assessmentId: `a-${id}`,
    declarationNumber: `CH-DECL-${id}`,
    permitKey: 'KE/2026/KE-2026-000123',
    office: 'Zürich Airport',
    arrivalDate: '2026-04-15',
    exportCountry: 'KE',
    originCountry: 'KE',
    importCountry: 'CH',
    detection: 'PROFILE',
    selfInitiated: false,
    inspection: 'PHYSICAL',
    finding: 'SEIZURE',
    lines: [
      {
        line: 1,
        declaredScientificName: 'Python regius',
        scientificNameFound: 'Python sebae',
        termCode: 'SKI',
        quantityFound: 40,
        unit: null,
        quantitySeized: 40,
      },
    ],
    notes: 'declared as captive-bred P. regius',
    recordedAt: new Date('2026-04-15T10:00:00Z'),
    recordedBy: 'test customs',
    ...changes,
  };
}
