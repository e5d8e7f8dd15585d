/** GET /api/v1/received-permits[/:key]: the permits exporting countries sent us, as received. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ReceivedPermit } from '../../../src/domain/exchange/permit-records';
import { api } from '../api/client';
import type { PageCursor } from '../components/cursor-pages';
import type { Json } from '../api/json';

export type ReceivedPermitRecord = Json<Omit<ReceivedPermit, 'signedXml'>>;

export function useReceivedPermits(status: string, cursor?: PageCursor) {
  return useQuery({
    queryKey: ['received-permits', status, cursor],
    queryFn: () =>
      api<{ items: ReceivedPermitRecord[]; next?: PageCursor }>('GET', '/received-permits', {
        query: { status: status || undefined, limit: 200, ...cursor },
      }),
    placeholderData: keepPreviousData, // the page shown stays until the next one is here
  });
}

export function useReceivedPermit(key: string) {
  return useQuery({
    queryKey: ['received-permit', key],
    queryFn: () => api<ReceivedPermitRecord>('GET', `/received-permits/${encodeURIComponent(key)}`),
    enabled: key !== '',
  });
}
