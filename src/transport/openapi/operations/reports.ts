/** Annual trade and illegal-trade reports (JSON, CSV or XLSX) and trade statistics. */
import { z } from 'zod';
import { STATISTICS_TABLES } from '../../../domain/reports/trade-statistics';
import { REPORT_ROUTE_ROLES, reportQuery } from '../../report-routes';
import type { ApiOperation, ApiAnswer } from '../operation';

const SPREADSHEETS = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];
const REPORT_ERRORS = ['REPORT_YEAR_INVALID', 'REPORT_FORMAT_UNSUPPORTED'] as const;

const Report = z.looseObject({
  report: z.string(),
  year: z.number().int(),
  tables: z.record(z.string(), z.array(z.looseObject({}))).describe('Each table by name: its rows'),
  summary: z.unknown(),
  warnings: z
    .looseObject({ total: z.number().int(), listed: z.array(z.looseObject({})) })
    .describe('Validation warnings: all counted, the first listed, each naming its row and rule'),
});

const download = (what: string): ApiAnswer => ({
  description: `${what}: JSON by default; format=csv or format=xlsx downloads the file the CLI writes`,
  schema: Report,
  content: SPREADSHEETS,
});

export const REPORT_OPERATIONS: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/v1/reports/annual',
    id: 'annualTradeReport',
    tag: 'reports',
    summary: 'The CITES annual trade report for a year (exports and imports, with validation warnings)',
    access: REPORT_ROUTE_ROLES.annual,
    query: reportQuery,
    answers: { 200: download('The annual report') },
    errors: REPORT_ERRORS,
  },
  {
    method: 'get',
    path: '/api/v1/reports/illegal-trade',
    id: 'illegalTradeReport',
    tag: 'reports',
    summary: 'The CITES annual illegal trade report for a year, from control results with seizures',
    access: REPORT_ROUTE_ROLES.illegalTrade,
    query: reportQuery,
    answers: { 200: download('The illegal trade report') },
    errors: REPORT_ERRORS,
  },
  {
    method: 'get',
    path: '/api/v1/reports/statistics',
    id: 'tradeStatistics',
    tag: 'reports',
    summary: 'Every statistics table of a year (permits and quantities by partner, species, term, month ...)',
    access: REPORT_ROUTE_ROLES.statistics,
    query: z.object({ year: z.string().optional() }),
    answers: {
      200: {
        description: 'The tables',
        schema: z.looseObject({
          year: z.number().int(),
          tables: z.record(z.string(), z.array(z.looseObject({}))),
        }),
      },
    },
    errors: ['REPORT_YEAR_INVALID'],
  },
  {
    method: 'get',
    path: '/api/v1/reports/statistics/:table',
    id: 'tradeStatisticsTable',
    tag: 'reports',
    summary: 'One statistics table, as JSON or downloaded as CSV or XLSX',
    access: REPORT_ROUTE_ROLES.statistics,
    params: z.object({ table: z.enum(STATISTICS_TABLES) }),
    query: reportQuery,
    answers: {
      200: {
        description: 'The table',
        schema: z.looseObject({
          year: z.number().int(),
          table: z.string(),
          rows: z.array(z.looseObject({})),
        }),
        content: SPREADSHEETS,
      },
    },
    errors: [...REPORT_ERRORS, 'NOT_FOUND'],
  },
];
