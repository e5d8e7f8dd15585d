/** The partner directory's admin API (/api/v1/partners/*): read (admin, auditor) and change (admin). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CertificateView } from '../../../src/flows/partner-admin';
import type { PingResult } from '../../../src/flows/ping-partner';
import type { Partner, PartnerChanges } from '../../../src/domain/partners/partner';
import { api } from '../api/client';
import type { Json } from '../api/json';

export type PartnerView = Json<Partner & { certificates: CertificateView[] }>;
export type Certificate = Json<CertificateView>;

export interface NewPartnerInput {
  code: string;
  name: string;
  endpointUrl: string;
  timeoutMs?: number;
  allowedDocumentTypes?: Partner['allowedDocumentTypes'];
}

export function usePartners() {
  return useQuery({
    queryKey: ['partners'],
    queryFn: () => api<{ items: PartnerView[] }>('GET', '/partners'),
  });
}

export function usePartner(code: string) {
  return useQuery({
    queryKey: ['partners', code],
    queryFn: () => api<PartnerView>('GET', `/partners/${code}`),
  });
}

function useInvalidate() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['partners'] });
}

export function useAddPartner() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: NewPartnerInput) => api<PartnerView>('POST', '/partners', { body: input }),
    onSuccess: invalidate,
  });
}

export function useUpdatePartner(code: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (changes: PartnerChanges) =>
      api<PartnerView>('PATCH', `/partners/${code}`, { body: changes }),
    onSuccess: invalidate,
  });
}

export function useUploadCertificate(code: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (upload: { role: Certificate['role']; pem: string }) =>
      api<{ created: boolean; certificate: Certificate }>('POST', `/partners/${code}/certificates`, {
        body: upload,
      }),
    onSuccess: invalidate,
  });
}

export function useRevokeCertificate(code: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (cert: Pick<Certificate, 'fingerprint' | 'role'>) =>
      api<{ items: Certificate[] }>('DELETE', `/partners/${code}/certificates/${cert.fingerprint}`, {
        query: { role: cert.role },
      }),
    onSuccess: invalidate,
  });
}

export function usePing(code: string) {
  return useMutation({ mutationFn: () => api<PingResult>('POST', `/partners/${code}/ping`) });
}

/** The earliest expiry among the certificates still in force, or undefined. */
export function earliestExpiry(partner: PartnerView): string | undefined {
  return partner.certificates
    .filter((c) => c.state === 'active' || c.state === 'not-yet-valid')
    .map((c) => c.notAfter)
    .sort()[0];
}
