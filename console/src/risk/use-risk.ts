/** /api/v1/risk/profiles (with hit statistics and versions) and /api/v1/risk/models. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RiskProfileDefinition } from '../../../src/domain/risk/profile';
import type { StoredRiskModel } from '../../../src/domain/risk/risk-model-store';
import type { StoredRiskProfile } from '../../../src/domain/risk/risk-profile-store';
import type { RiskProfileStatistics } from '../../../src/flows/risk/risk-profile-statistics';
import { api } from '../api/client';
import type { Json } from '../api/json';

export type ProfileRow = Json<StoredRiskProfile> & { statistics: RiskProfileStatistics };
export type ModelRow = Json<Omit<StoredRiskModel, 'model'>>;

export function useProfiles() {
  return useQuery({
    queryKey: ['risk-profiles'],
    queryFn: () => api<{ items: ProfileRow[] }>('GET', '/risk/profiles'),
  });
}

export function useProfileVersions(id: string | null) {
  return useQuery({
    queryKey: ['risk-profile-versions', id],
    queryFn: () =>
      api<{ items: Array<Json<StoredRiskProfile>> }>(
        'GET',
        `/risk/profiles/${encodeURIComponent(id ?? '')}/versions`,
      ),
    enabled: id !== null,
  });
}

export function useModels() {
  return useQuery({
    queryKey: ['risk-models'],
    queryFn: () => api<{ items: ModelRow[] }>('GET', '/risk/models', { query: { limit: 20 } }),
  });
}

/** Creates a profile, or writes the next version of one (based on the version the analyst edited). */
export function useSaveProfile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      basedOnVersion,
      definition,
    }: {
      id?: string;
      basedOnVersion?: number;
      definition: RiskProfileDefinition;
    }) =>
      id
        ? api<ProfileRow>('PUT', `/risk/profiles/${encodeURIComponent(id)}`, {
            body: { ...definition, basedOnVersion },
          })
        : api<ProfileRow>('POST', '/risk/profiles', { body: definition }),
    onSuccess: () =>
      client
        .invalidateQueries({ queryKey: ['risk-profiles'] })
        .then(() => client.invalidateQueries({ queryKey: ['risk-profile-versions'] })),
  });
}
