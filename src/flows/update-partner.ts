/**
 * An administrator changes a partner: name, endpoint, timeout, allowed document types, or status
 * (activate, suspend). Activation needs a tls-ca certificate in force, or the partner could not connect.
 */
import { z } from 'zod';
import type { AuditAction } from '../domain/audit/audit-entry';
import { GatewayError } from '../domain/errors';
import {
  certificateState,
  PARTNER_STATUSES,
  type Partner,
  type PartnerChanges,
} from '../domain/partners/partner';
import { documentTypesSchema, endpointUrlSchema, partnerNameSchema, timeoutMsSchema } from './add-partner';
import { partnerTarget, recordAndNotify, type PartnerAdminDeps } from './partner-admin';

export const partnerChangesSchema = z
  .object({
    name: partnerNameSchema.optional(),
    endpointUrl: endpointUrlSchema.optional(),
    status: z.enum(PARTNER_STATUSES).optional(),
    timeoutMs: timeoutMsSchema.optional(),
    allowedDocumentTypes: documentTypesSchema.optional(),
  })
  .strict()
  .refine((changes) => Object.values(changes).some((v) => v !== undefined), {
    message: 'name at least one of name, endpointUrl, status, timeoutMs, allowedDocumentTypes',
  });

/** Applies `changes`; a change that changes nothing is not written, audited or broadcast. */
export async function updatePartner(
  deps: PartnerAdminDeps,
  code: string,
  changes: PartnerChanges,
  actor: string,
): Promise<Partner> {
  const before = await deps.partners.findPartner(code);
  if (!before) throw new GatewayError('PARTNER_NOT_FOUND', `no partner ${code}`);
  const effective = effectiveChanges(before, changes);
  if (Object.keys(effective).length === 0) return before;
  if (effective.status === 'active') await assertActivatable(deps, code);
  const after = await deps.partners.updatePartner(code, effective, {
    updatedAt: deps.clock.now(),
    updatedBy: actor,
  });
  if (!after) throw new GatewayError('PARTNER_NOT_FOUND', `no partner ${code}`);
  await recordAndNotify(deps, code, [
    { actor, action: actionOf(effective), target: partnerTarget(code), before, after },
  ]);
  return after;
}

function effectiveChanges(partner: Partner, changes: PartnerChanges): PartnerChanges {
  const effective: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes) as Array<[keyof PartnerChanges, unknown]>) {
    if (value === undefined) continue;
    if (JSON.stringify(partner[key]) !== JSON.stringify(value)) effective[key] = value;
  }
  return effective;
}

function actionOf(changes: PartnerChanges): AuditAction {
  if (changes.status === 'active') return 'partner.activated';
  if (changes.status === 'suspended') return 'partner.suspended';
  return 'partner.updated';
}

async function assertActivatable(deps: PartnerAdminDeps, code: string): Promise<void> {
  const now = deps.clock.now();
  const anchors = (await deps.partners.listCertificates(code)).filter(
    (c) => c.role === 'tls-ca' && certificateState(c, now) === 'active',
  );
  if (anchors.length === 0) {
    throw new GatewayError(
      'PARTNER_NO_TLS_ANCHOR',
      `partner ${code} cannot be activated: it has no tls-ca certificate in force; add one first`,
    );
  }
}
