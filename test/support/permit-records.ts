/**
 * Issued and received permit records as the permit stores hold them, for store contracts and listing tests:
 * a sample permit under `KE/2026/<number>` (a KE export to CH) stored at `at`; `changes` overrides any field.
 */
import type { IssuedPermit, ReceivedPermit } from '../../src/domain/exchange/permit-records';
import { samplePermit } from './permits';

/** When a record is stored unless its `changes` say otherwise. */
export const RECORD_AT = new Date('2026-05-01T08:00:00Z');

/** A permit KE issued to CH, as the issuing gateway stores it. */
export function issuedRecord(number: string, changes: Partial<IssuedPermit> = {}): IssuedPermit {
  return {
    permitKey: `KE/2026/${number}`,
    permit: samplePermit({ permitNumber: number }),
    signedXml: `<CITESEPermit>${number}</CITESEPermit>`,
    digest: `digest-${number}`,
    destination: 'CH',
    status: 'ISSUED',
    messageId: `message-${number}`,
    createdAt: RECORD_AT,
    updatedAt: RECORD_AT,
    createdBy: 'issuer-1',
    ...changes,
  };
}

/** A permit received from KE, as the importing gateway stores it. */
export function receivedRecord(number: string, changes: Partial<ReceivedPermit> = {}): ReceivedPermit {
  return {
    permitKey: `KE/2026/${number}`,
    issuingCountry: 'KE',
    permit: samplePermit({ permitNumber: number }),
    signedXml: `<CITESEPermit>${number}</CITESEPermit>`,
    digest: `digest-${number}`,
    signer: { thumbprint: 'ab12', subject: 'CN=KE signing' },
    status: 'VALID',
    messageId: `message-${number}`,
    receivedAt: RECORD_AT,
    updatedAt: RECORD_AT,
    ...changes,
  };
}
