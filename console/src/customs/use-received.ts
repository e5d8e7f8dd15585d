/** GET /api/v1/received-permits[/:key]: the permits exporting countries sent us, as received. */
import { useQuery } from '@tanstack/react-query';
import type { ReceivedPermit } from '../../../src/domain/exchange/permit-records';
import { api } from '../api/client';
import type { Json } from '../api/json';

export type ReceivedPermitRecord = Json<Omit<ReceivedPermit, 'signedXml'>>;

export function useReceivedPermits(status: string) {
  return useQuery({
    queryKey: ['received-permits', status],
    queryFn: () =>
      api<{ items: ReceivedPermitRecord[] }>('GET', '/received-permits', {
        query: { status: status || undefined, limit: 200 },
      }),
  });
}

export function useReceivedPermit(key: string) {
  return useQuery({
    queryKey: ['received-permit', key],
    queryFn: () => api<ReceivedPermitRecord>('GET', `/received-permits/${encodeURIComponent(key)}`),
    enabled: key !== '',
  });
}
