/** Turns a verification case into the facts the pure checks see (what the flow would have gathered). */
import { assertPermit } from '../../../../src/domain/permit/permit';
import type { VerificationFacts } from '../../../../src/domain/verification/checks';
import {
  verificationRequestSchema,
  type VerificationRequestBody,
} from '../../../../src/domain/verification/declaration';
import { newImportPermitRecord } from '../../../../src/domain/verification/import-permit';
import {
  VERIFYING_COUNTRY,
  declarationNumberFor,
  permitKeyFor,
  permitNumberFor,
  type VerificationCase,
} from '../../../support/verification-cases';

export function factsFor(c: VerificationCase): { facts: VerificationFacts; body: VerificationRequestBody } {
  const sent = c.permit(permitNumberFor(c));
  const body = verificationRequestSchema.parse(c.request(sent, declarationNumberFor(c)));
  const setup = c.setup ?? {};
  const permitKey = permitKeyFor(sent);
  const replacement = setup.replaceWith?.(sent);
  const importPermit = setup.importPermit
    ? newImportPermitRecord(setup.importPermit, 'test issuer', new Date('2026-02-10T09:00:00Z'))
    : undefined;
  const facts: VerificationFacts = {
    ownCountry: VERIFYING_COUNTRY,
    declaration: body.declaration,
    requestedKey: permitKey,
    received: setup.notSent
      ? null
      : {
          permitKey,
          status: setup.cancel ? 'CANCELLED' : replacement ? 'REPLACED' : 'VALID',
          permit: sent,
          receivedAt: new Date('2026-03-02T10:00:00Z'),
          ...(replacement ? { replacedBy: permitKeyFor(replacement) } : {}),
          ...(setup.cancel
            ? { cancellation: { reason: setup.cancel.reason, at: new Date('2026-03-05T08:00:00Z') } }
            : {}),
        },
    ...(body.document ? { presented: assertPermit(body.document) } : {}),
    partnerStatus: setup.suspendPartner ? 'suspended' : 'active',
    signature: setup.suspendPartner
      ? { state: 'not-checked', why: 'partner suspended' }
      : setup.revokeSigner
        ? { state: 'invalid', code: 'CERT_UNTRUSTED', message: 'the signer certificate was revoked' }
        : { state: 'valid' },
    clearance: setup.usedByDeclaration
      ? {
          declarationNumber: setup.usedByDeclaration,
          verificationId: 'first-use',
          clearedAt: new Date('2026-04-01T12:00:00Z'),
        }
      : null,
    importPermits:
      importPermit && importPermit.permit.permitNumber === body.declaration.importPermitNumber
        ? [importPermit]
        : [],
  };
  return { facts, body };
}
