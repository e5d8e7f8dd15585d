/**
 * What the API's answers look like, as JSON (dates are ISO 8601 strings). Records are open objects: the
 * fields listed are the contract, a later version may add fields (clients must ignore what they do not know).
 */
import { z } from 'zod';
import { ALERT_SEVERITIES } from '../../domain/alerts/alert';
import { ROLES } from '../../domain/auth/token';
import { INBOUND_STATES, OUTBOUND_STATES, RECEIPT_STATUSES } from '../../domain/exchange/message';
import { permitSchema } from '../../domain/permit/permit';
import { named } from './operation';

export const instant = z.iso.datetime({ offset: true });

export const itemsOf = <T extends z.ZodType>(item: T) => z.looseObject({ items: z.array(item) });

/** A page of a newest-first listing: its items, and the cursor of the next page when this one is full. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.looseObject({
    items: z.array(item),
    next: z.object({ before: instant, beforeKey: z.string() }).optional(),
  });

export const Permit = named('Permit', permitSchema);

export const CertificateSummary = named(
  'CertificateSummary',
  z.looseObject({
    fingerprint: z.string().describe('SHA-256 of the DER encoding, lower-case hex'),
    subject: z.string(),
    issuer: z.string(),
    serialNumber: z.string(),
    notBefore: instant,
    notAfter: instant,
    keyType: z.string(),
    keySize: z.number(),
    isCa: z.boolean(),
  }),
);

export const ApiTokenView = named(
  'ApiToken',
  z.looseObject({
    id: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    createdAt: instant,
    createdBy: z.string(),
    expiresAt: instant,
    revoked: z.boolean(),
    revokedAt: instant.optional(),
    revokedBy: z.string().optional(),
    lastUsedAt: instant.optional(),
    status: z.enum(['active', 'expired', 'revoked']),
  }),
);

export const Receipt = named(
  'ReceiptSummary',
  z.looseObject({
    receiptId: z.string(),
    status: z.enum(RECEIPT_STATUSES),
    code: z.string().optional().describe('Set when REJECTED: a stable error code'),
    reason: z.string().optional(),
    warnings: z.array(z.looseObject({ code: z.string(), message: z.string() })),
    receivedDigest: z.string(),
    receivedAt: instant,
    signedXml: z.string().optional().describe('The receipt exactly as signed (in the one-message answer)'),
  }),
);

const Attempt = z.looseObject({
  attempt: z.number().int(),
  startedAt: instant,
  endedAt: instant.optional(),
  outcome: z.enum(['delivered', 'rejected', 'transient-failure', 'permanent-failure', 'in-progress']),
  httpStatus: z.number().int().optional(),
  code: z.string().optional(),
  error: z.string().optional(),
});

const Failure = z.looseObject({ code: z.string(), message: z.string() });

export const Message = named(
  'Message',
  z.discriminatedUnion('direction', [
    z.looseObject({
      direction: z.literal('outbound'),
      messageId: z.string(),
      partner: z.string().describe('The country it is sent to'),
      documentType: z.string(),
      permitKey: z.string(),
      state: z.enum(OUTBOUND_STATES),
      attempts: z.array(Attempt),
      createdAt: instant,
      updatedAt: instant,
      receipt: Receipt.optional(),
      failure: Failure.optional(),
    }),
    z.looseObject({
      direction: z.literal('inbound'),
      messageId: z.string(),
      partner: z.string().describe('The country it came from'),
      documentType: z.string().optional(),
      permitKey: z.string().optional(),
      state: z.enum(INBOUND_STATES),
      receivedAt: instant,
      receipt: Receipt,
      failure: Failure.optional(),
    }),
  ]),
);

export const Alert = named(
  'Alert',
  z.looseObject({
    id: z.string(),
    kind: z.string(),
    severity: z.enum(ALERT_SEVERITIES),
    subject: z.string(),
    message: z.string(),
    at: instant,
    details: z.record(z.string(), z.unknown()),
  }),
);

export const AlertDelivery = named(
  'AlertDelivery',
  z.looseObject({
    id: z.string(),
    channel: z.string(),
    state: z.enum(['PENDING', 'DELIVERED', 'FAILED']),
    createdAt: instant,
    attempts: z.array(z.looseObject({ attempt: z.number().int(), ok: z.boolean(), startedAt: instant })),
  }),
);
