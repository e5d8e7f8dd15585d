/** POST /api/v1/verifications: the API decides the verdict; the console only shows it. */
import { useMutation } from '@tanstack/react-query';
import type { VerificationRequestInput } from '../../../src/domain/verification/declaration';
import type { Verification } from '../../../src/domain/verification/verification';
import { api } from '../api/client';
import type { Json } from '../api/json';

/** The answer: the stored verification without its request digest, and whether it was replayed. */
export type VerificationAnswer = Json<Omit<Verification, 'requestDigest'>> & { replayed?: boolean };

export function useVerify() {
  return useMutation({
    mutationFn: (request: VerificationRequestInput) =>
      api<VerificationAnswer>('POST', '/verifications', { body: request }),
  });
}
