/**
 * Risk analysts' profile changes (role `risk`): create a profile, change it (a new version, based on the
 * version the analyst read), read it with its versions. Every change is stored first, then audited.
 */
import { randomBytes } from 'node:crypto';
import type { AuditLog } from '../../domain/audit/audit-entry';
import { GatewayError } from '../../domain/errors';
import type { Clock } from '../../domain/ports';
import type { RiskProfileDefinition } from '../../domain/risk/profile';
import type { RiskProfileStore, StoredRiskProfile } from '../../domain/risk/risk-profile-store';

export interface ManageRiskProfilesDeps {
  profiles: RiskProfileStore;
  audit: Pick<AuditLog, 'append'>;
  clock: Clock;
}

const targetOf = (id: string) => `risk-profile:${id}`;

export async function createRiskProfile(
  deps: ManageRiskProfilesDeps,
  input: { definition: RiskProfileDefinition; actor: string },
): Promise<StoredRiskProfile> {
  const profile: StoredRiskProfile = {
    id: `rp_${randomBytes(9).toString('base64url')}`,
    version: 1,
    definition: input.definition,
    changedAt: deps.clock.now(),
    changedBy: input.actor,
  };
  if ((await deps.profiles.saveVersion(profile)) === 'conflict') {
    throw new GatewayError('INTERNAL_ERROR', `profile id ${profile.id} was taken`);
  }
  await deps.audit.append({
    actor: input.actor,
    action: 'risk-profile.created',
    target: targetOf(profile.id),
    before: null,
    after: profile,
  });
  return profile;
}

/**
 * Writes the next version of a profile. `basedOnVersion` is the version the analyst changed: if another
 * change came first, RISK_PROFILE_VERSION_CONFLICT and nothing is stored.
 */
export async function updateRiskProfile(
  deps: ManageRiskProfilesDeps,
  input: { id: string; basedOnVersion: number; definition: RiskProfileDefinition; actor: string },
): Promise<StoredRiskProfile> {
  const current = await getRiskProfile(deps, input.id);
  if (current.version !== input.basedOnVersion) throw versionConflict(current, input.basedOnVersion);
  const next: StoredRiskProfile = {
    id: current.id,
    version: current.version + 1,
    definition: input.definition,
    changedAt: deps.clock.now(),
    changedBy: input.actor,
  };
  if ((await deps.profiles.saveVersion(next)) === 'conflict')
    throw versionConflict(current, input.basedOnVersion);
  await deps.audit.append({
    actor: input.actor,
    action: 'risk-profile.updated',
    target: targetOf(current.id),
    before: current,
    after: next,
  });
  return next;
}

export async function getRiskProfile(
  deps: Pick<ManageRiskProfilesDeps, 'profiles'>,
  id: string,
): Promise<StoredRiskProfile> {
  const profile = await deps.profiles.find(id);
  if (!profile) throw new GatewayError('RISK_PROFILE_NOT_FOUND', `no risk profile ${id}`);
  return profile;
}

function versionConflict(current: StoredRiskProfile, basedOn: number): GatewayError {
  return new GatewayError(
    'RISK_PROFILE_VERSION_CONFLICT',
    `risk profile ${current.id} is at version ${current.version} or later; this change is based on version ${basedOn}`,
    { details: { currentVersion: current.version, basedOnVersion: basedOn } },
  );
}
