/** GET /api/v1/messages with the API's filters and its cursor (`before`, `beforeKey`) paging. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { DocumentType, InboundState, OutboundState } from '../../../src/domain/exchange/message';
import type { ExchangeMessage } from '../../../src/domain/exchange/records';
import { api } from '../api/client';
import type { PageCursor } from '../components/cursor-pages';
import type { Json } from '../api/json';

export interface MessageFilters {
  direction?: 'outbound' | 'inbound';
  state?: OutboundState | InboundState;
  partner?: string;
  documentType?: DocumentType;
  permitKey?: string;
  from?: string;
  to?: string;
}

export interface MessagePage {
  items: Array<Json<ExchangeMessage>>;
  next?: PageCursor;
}

export function useMessages(filters: MessageFilters, cursor: PageCursor | undefined, limit: number) {
  return useQuery({
    queryKey: ['messages', filters, cursor, limit],
    queryFn: () => api<MessagePage>('GET', '/messages', { query: { ...filters, ...cursor, limit } }),
    placeholderData: keepPreviousData,
  });
}
