/**
 * The assessment that comes with every customs verification, and the one of a declaration alone
 * (`POST /api/v1/risk/assessments`). Both read the received permit by key (the genuine one, not what was
 * presented) and hand over to assessDeclaration.
 */
import { z } from 'zod';
import type { ReceivedPermit } from '../../domain/exchange/permit-records';
import type { ReceivedPermitLookup } from '../../domain/verification/ports';
import { declarationSchema } from '../../domain/verification/declaration';
import type { Verification } from '../../domain/verification/verification';
import { assessDeclaration, type AssessDeclarationDeps, type AssessOutcome } from './assess-declaration';

export interface AssessVerificationDeps extends AssessDeclarationDeps {
  received: Pick<ReceivedPermitLookup, 'find'>;
}

/**
 * Assesses the declaration of a stored verification (again: the stored assessment when there is one). The
 * verification's own read of the received permit is used when handed over (`received`), else it is read.
 */
export async function assessVerification(
  deps: AssessVerificationDeps,
  input: { verification: Verification; actor: string; received?: ReceivedPermit | null },
): Promise<AssessOutcome> {
  const { verification } = input;
  const key = verification.permit?.permitKey;
  // the verification's own read counts when it is of this permit (or of none, as the verification found)
  const handed = input.received !== undefined && input.received?.permitKey === key;
  const received = handed ? input.received! : key ? await deps.received.find(key) : null;
  return assessDeclaration(deps, {
    declaration: verification.declaration,
    permit: received?.permit ?? null,
    permitKey: received?.permitKey ?? null,
    verification: {
      id: verification.id,
      verdict: verification.verdict,
      reasonCodes: verification.reasonCodes,
    },
    actor: input.actor,
  });
}

/** `POST /api/v1/risk/assessments` body: a declaration, and the key of the permit it presents if known. */
export const assessmentRequestSchema = z.strictObject({
  declaration: declarationSchema,
  permitKey: z
    .string()
    .trim()
    .regex(/^[A-Z]{2}\/\d{4}\/\S.{0,69}$/, { message: 'must be a permit key COUNTRY/YEAR/NUMBER' })
    .optional(),
});
export type AssessmentRequest = z.output<typeof assessmentRequestSchema>;

/** Assesses a declaration alone (no verification): the permit, when named, is read from what we received. */
export async function assessDeclarationRequest(
  deps: AssessVerificationDeps,
  input: { request: AssessmentRequest; actor: string },
): Promise<AssessOutcome> {
  const { request } = input;
  const received = request.permitKey ? await deps.received.find(request.permitKey) : null;
  return assessDeclaration(deps, {
    declaration: request.declaration,
    permit: received?.permit ?? null,
    permitKey: request.permitKey ?? null,
    verification: null,
    actor: input.actor,
  });
}
