/** GET /api/v1/reports/*: the reports as JSON for the page, and the addresses of their files. */
import { useQuery } from '@tanstack/react-query';
import type { ReportClosing, ReportFormat } from '../../../src/domain/reports/report-writer';
import type { TradeStatisticsResult } from '../../../src/flows/reports/compute-trade-statistics';
import { api } from '../api/client';

export type ReportJson = ReportClosing & { tables: Record<string, Array<Record<string, string | number>>> };

/** The file the API serves (the session cookie goes with a plain link, as with any download). */
export function reportFileUrl(path: string, year: number, format: ReportFormat): string {
  return `/api/v1/reports/${path}?year=${year}&format=${format}`;
}

export function useReport(path: 'annual' | 'illegal-trade', year: number, enabled = true) {
  return useQuery({
    queryKey: ['report', path, year],
    queryFn: () => api<ReportJson>('GET', `/reports/${path}`, { query: { year, format: 'json' } }),
    enabled,
  });
}

export function useStatistics(year: number) {
  return useQuery({
    queryKey: ['statistics', year],
    queryFn: () => api<TradeStatisticsResult>('GET', '/reports/statistics', { query: { year } }),
  });
}
