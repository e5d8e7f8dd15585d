/** One message with its attempts and signed receipt (GET /api/v1/messages/:id), and resend (admin). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ExchangeMessage } from '../../../../src/domain/exchange/records';
import { api } from '../../api/client';
import type { Json } from '../../api/json';

export type MessageRecord = Json<ExchangeMessage>;

export function useMessage(id: string) {
  return useQuery({
    queryKey: ['message', id],
    queryFn: () => api<MessageRecord>('GET', `/messages/${encodeURIComponent(id)}`),
  });
}

export function useResend(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api<{ messageId: string; state: string }>('POST', `/messages/${encodeURIComponent(id)}/resend`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['message', id] }),
  });
}

/** Saves text as a file, named as given (the browser's own download). */
export function saveText(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/xml' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}
