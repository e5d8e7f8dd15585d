/** Permits as each side keeps them: the exporter's issued permits, the importer's received ones. */
import type { Permit } from '../permit/permit';

export const ISSUED_PERMIT_STATUSES = ['ISSUED', 'CANCELLED', 'REPLACED', 'USED'] as const;
export type IssuedPermitStatus = (typeof ISSUED_PERMIT_STATUSES)[number];

export const RECEIVED_PERMIT_STATUSES = ['VALID', 'CANCELLED', 'REPLACED'] as const;
export type ReceivedPermitStatus = (typeof RECEIVED_PERMIT_STATUSES)[number];

/** What the importing country confirmed it cleared (EPIX ConfirmQuantities). */
export interface UsageConfirmation {
  declarationNumber: string;
  clearedAt: Date;
  lines: Array<{ lineId: string; quantity: number; unit?: string }>;
  confirmedBy: string;
}

export interface IssuedPermit {
  permitKey: string;
  permit: Permit;
  /** The signed CITESEPermit exactly as signed and sent. */
  signedXml: string;
  digest: string;
  destination: string;
  status: IssuedPermitStatus;
  messageId: string;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string;
  cancellation?: { reason: string; at: Date; messageId: string; by: string };
  replacedAt?: Date;
  replacedBy?: string;
  usage?: UsageConfirmation;
}

export interface ReceivedPermit {
  permitKey: string;
  issuingCountry: string;
  permit: Permit;
  /** The signed CITESEPermit exactly as received (re-verified by customs checks). */
  signedXml: string;
  digest: string;
  signer: { thumbprint: string; subject: string };
  status: ReceivedPermitStatus;
  messageId: string;
  receivedAt: Date;
  updatedAt: Date;
  cancellation?: { reason: string; at: Date; messageId: string };
  replacedBy?: string;
}
