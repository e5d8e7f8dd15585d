/** POST /api/v1/verifications: the API decides the verdict; the console only shows it. */
import { useMutation } from '@tanstack/react-query';
import type { VerificationRequestInput } from '../../../src/domain/verification/declaration';
import type { Verification } from '../../../src/domain/verification/verification';
import { api } from '../api/client';
import type { Json } from '../api/json';
import type { VerificationAssessment } from './risk-panel';

/**
 * The answer: the stored verification without its request digest, whether it was replayed, and the risk
 * assessment made with it (when the gateway assesses risk).
 */
export type VerificationAnswer = Json<Omit<Verification, 'requestDigest'>> & {
  replayed?: boolean;
  assessment?: VerificationAssessment;
};

export function useVerify() {
  return useMutation({
    mutationFn: (request: VerificationRequestInput) =>
      api<VerificationAnswer>('POST', '/verifications', { body: request }),
  });
}
