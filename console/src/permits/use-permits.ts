/** The issuer's API: /api/v1/permits (list with deliveries, issue, cancel, replace) and /identity. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { IssuedPermit } from '../../../src/domain/exchange/permit-records';
import type { Permit } from '../../../src/domain/permit/permit';
import type { PermitDelivery } from '../../../src/transport/permit-routes';
import { api } from '../api/client';
import type { PageCursor } from '../components/cursor-pages';
import type { Json } from '../api/json';

export type IssuedPermitRow = Json<Omit<IssuedPermit, 'signedXml'>> & {
  delivery: PermitDelivery | null;
  cancellationDelivery?: PermitDelivery | null;
};

export interface SubmittedPermit {
  permitKey: string;
  messageId: string;
  created?: boolean;
}

const PERMITS_KEY = ['permits'] as const;

export function usePermits(status: string, cursor?: PageCursor) {
  return useQuery({
    queryKey: [...PERMITS_KEY, status, cursor],
    queryFn: () =>
      api<{ items: IssuedPermitRow[]; next?: PageCursor }>('GET', '/permits', {
        query: { status: status || undefined, limit: 100, ...cursor },
      }),
    placeholderData: keepPreviousData, // the page shown stays until the next one is here
    // Deliveries move on by themselves: look again while any is still on its way.
    refetchInterval: (query) =>
      query.state.data?.items.some((p) => p.delivery && !['DELIVERED', 'FAILED'].includes(p.delivery.state))
        ? 2000
        : false,
  });
}

export function useIdentity() {
  return useQuery({
    queryKey: ['identity'],
    queryFn: () => api<{ country: string; name: string }>('GET', '/identity'),
    staleTime: Infinity,
  });
}

function useInvalidatePermits() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: PERMITS_KEY });
}

export function useIssuePermit() {
  const invalidate = useInvalidatePermits();
  return useMutation({
    mutationFn: (permit: Permit) => api<SubmittedPermit>('POST', '/permits', { body: permit }),
    onSuccess: invalidate,
  });
}

export function useReplacePermit() {
  const invalidate = useInvalidatePermits();
  return useMutation({
    mutationFn: ({ key, permit }: { key: string; permit: Permit }) =>
      api<{ permitKey: string; replacementKey?: string }>(
        'POST',
        `/permits/${encodeURIComponent(key)}/replace`,
        { body: permit },
      ),
    onSuccess: invalidate,
  });
}

export function useCancelPermit() {
  const invalidate = useInvalidatePermits();
  return useMutation({
    mutationFn: ({ key, reason }: { key: string; reason: string }) =>
      api<unknown>('POST', `/permits/${encodeURIComponent(key)}/cancel`, { body: { reason } }),
    onSuccess: invalidate,
  });
}
