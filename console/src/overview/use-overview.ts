/** GET /api/v1/overview for the chosen window. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Overview } from '../../../src/flows/build-overview';
import { api } from '../api/client';
import type { Json } from '../api/json';

export type OverviewData = Json<Overview>;
export type OverviewWindow = Overview['window'];

export function useOverview(window: OverviewWindow) {
  return useQuery({
    queryKey: ['overview', window],
    queryFn: () => api<OverviewData>('GET', '/overview', { query: { window } }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
}
