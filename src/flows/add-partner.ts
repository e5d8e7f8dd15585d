/** Onboarding step 1: an administrator records a partner country's gateway (status pending). */
import { z } from 'zod';
import { isCountryCode } from '../domain/countries';
import { GatewayError } from '../domain/errors';
import { DOCUMENT_TYPES, PARTNER_TIMEOUT_LIMITS, type Partner } from '../domain/partners/partner';
import { partnerTarget, recordAndNotify, type PartnerAdminDeps } from './partner-admin';

const DEFAULT_TIMEOUT_MS = 30_000;

/** An https URL without credentials, query or fragment: the base the exchange paths are appended to. */
export const endpointUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'https:' && !url.username && !url.password && !url.search && !url.hash;
      } catch {
        return false;
      }
    },
    { message: 'must be an https URL without credentials, query or fragment' },
  );

export const partnerNameSchema = z.string().trim().min(1).max(200);
export const timeoutMsSchema = z
  .number()
  .int()
  .min(PARTNER_TIMEOUT_LIMITS.minMs)
  .max(PARTNER_TIMEOUT_LIMITS.maxMs);
export const documentTypesSchema = z
  .array(z.enum(DOCUMENT_TYPES))
  .min(1)
  .transform((types) => [...new Set(types)]);

export const newPartnerSchema = z
  .object({
    code: z
      .string()
      .refine(isCountryCode, { message: 'must be an ISO 3166-1 alpha-2 code in upper case, e.g. CH' }),
    name: partnerNameSchema,
    endpointUrl: endpointUrlSchema,
    timeoutMs: timeoutMsSchema.default(DEFAULT_TIMEOUT_MS),
    allowedDocumentTypes: documentTypesSchema.default([...DOCUMENT_TYPES]),
  })
  .strict();

export type NewPartner = z.infer<typeof newPartnerSchema>;

/**
 * Creates the partner as `pending`: it is activated (PATCH status) once its certificates are in. Throws
 * PARTNER_IS_OWN_COUNTRY for our own code and PARTNER_EXISTS when the code is taken.
 */
export async function addPartner(deps: PartnerAdminDeps, input: NewPartner, actor: string): Promise<Partner> {
  if (input.code === deps.ownCountry) {
    throw new GatewayError('PARTNER_IS_OWN_COUNTRY', `${input.code} is this gateway's own country`);
  }
  const now = deps.clock.now();
  const partner: Partner = {
    code: input.code,
    name: input.name,
    endpointUrl: input.endpointUrl,
    status: 'pending',
    timeoutMs: input.timeoutMs,
    allowedDocumentTypes: input.allowedDocumentTypes,
    createdAt: now,
    createdBy: actor,
    updatedAt: now,
    updatedBy: actor,
  };
  await deps.partners.insertPartner(partner);
  await recordAndNotify(deps, partner.code, [
    { actor, action: 'partner.created', target: partnerTarget(partner.code), before: null, after: partner },
  ]);
  return partner;
}
