/**
 * Annual reports and statistics (issue 17), streamed from the permits the gateway holds:
 *  - GET /api/v1/reports/annual?year=&format=csv|xlsx|json (admin, auditor, issuer): the annual trade
 *    report (exports and imports, actual quantities, exclusions summary and validation warnings);
 *  - GET /api/v1/reports/illegal-trade?year=&format= (admin, auditor): seizures recorded as control
 *    results (enforcement data: not for permit issuers);
 *  - GET /api/v1/reports/statistics?year= (admin, auditor, issuer): every statistics table as JSON;
 *  - GET /api/v1/reports/statistics/:table?year=&format=csv|json (same roles): one table, e.g. as CSV.
 * A bad year is 400 REPORT_YEAR_INVALID, a bad format 400 REPORT_FORMAT_UNSUPPORTED, both before anything
 * is read. A failure half-way through a streamed file aborts the response (the file is then incomplete).
 */
import type { Response, Router } from 'express';
import { z } from 'zod';
import { GatewayError } from '../domain/errors';
import type { Clock } from '../domain/ports';
import { REPORT_CONTENT_TYPES, reportFormatOf } from '../domain/reports/report-format';
import type { ReportSource } from '../domain/reports/report-source';
import type { ReportFormat, ReportWriter } from '../domain/reports/report-writer';
import { parseReportYear } from '../domain/reports/report-year';
import {
  STATISTICS_TABLES,
  statisticsColumnsOf,
  type StatisticsTable,
} from '../domain/reports/trade-statistics';
import type { TokenAuthenticator } from '../flows/authenticate-token';
import { buildAnnualReport } from '../flows/reports/build-annual-report';
import { buildIllegalTradeReport } from '../flows/reports/build-illegal-trade-report';
import { computeTradeStatistics } from '../flows/reports/compute-trade-statistics';
import type { Logger } from '../logging/logger';
import { requireRole } from './auth';
import { createReportWriter } from './report-writers/create-report-writer';
import { parseBody } from './validate';

export interface ReportRoutesDeps {
  authenticator: TokenAuthenticator;
  source: ReportSource;
  clock: Clock;
  logger: Logger;
}

export const reportQuery = z.strictObject({
  year: z.string().optional(),
  format: z.string().optional(),
});

/** Roles per route, exported for the route table (least privilege). */
export const REPORT_ROUTE_ROLES = {
  annual: ['admin', 'auditor', 'issuer'],
  illegalTrade: ['admin', 'auditor'],
  statistics: ['admin', 'auditor', 'issuer'],
} as const;

export function reportRoutes(deps: ReportRoutesDeps) {
  const annualReaders = requireRole(deps.authenticator, ...REPORT_ROUTE_ROLES.annual);
  const enforcementReaders = requireRole(deps.authenticator, ...REPORT_ROUTE_ROLES.illegalTrade);
  const statisticsReaders = requireRole(deps.authenticator, ...REPORT_ROUTE_ROLES.statistics);
  const request = (query: unknown, defaultFormat: ReportFormat) => {
    const parsed = parseBody(reportQuery, query);
    return {
      year: parseReportYear(parsed.year, deps.clock.now()),
      format: parsed.format === undefined ? defaultFormat : reportFormatOf(parsed.format),
    };
  };
  return (router: Router): void => {
    router.get('/reports/annual', annualReaders, async (req, res) => {
      const { year, format } = request(req.query, 'json');
      await streamReport(res, deps.logger, { name: `annual-trade-report-${year}`, format }, (writer) =>
        buildAnnualReport(deps, year, writer),
      );
    });
    router.get('/reports/illegal-trade', enforcementReaders, async (req, res) => {
      const { year, format } = request(req.query, 'json');
      await streamReport(res, deps.logger, { name: `illegal-trade-report-${year}`, format }, (writer) =>
        buildIllegalTradeReport(deps, year, writer),
      );
    });
    router.get('/reports/statistics', statisticsReaders, async (req, res) => {
      const { year } = request({ year: (req.query as { year?: unknown }).year }, 'json');
      res.json(await computeTradeStatistics(deps, year));
    });
    router.get('/reports/statistics/:table', statisticsReaders, async (req, res) => {
      const table = statisticsTableOf(String(req.params.table));
      const { year, format } = request(req.query, 'json');
      const statistics = await computeTradeStatistics(deps, year);
      const rows = statistics.tables[table];
      if (format === 'json') {
        res.json({ year, table, rows });
        return;
      }
      const columns = statisticsColumnsOf(table);
      await streamReport(
        res,
        deps.logger,
        { name: `statistics-${table}-${year}`, format },
        async (writer) => {
          await writer.startTable({ name: table, title: `${table} ${year}`, columns });
          for (const row of rows) await writer.writeRow(columns.map((c) => row[c.key] ?? ''));
          await writer.endTable();
          await writer.finish({
            report: `statistics-${table}`,
            year,
            summary: {},
            warnings: { total: 0, listed: [] },
          });
        },
      );
    });
  };
}

function statisticsTableOf(name: string): StatisticsTable {
  const table = STATISTICS_TABLES.find((t) => t === name);
  if (!table) {
    throw new GatewayError('NOT_FOUND', `no statistics table '${name}' (${STATISTICS_TABLES.join(', ')})`);
  }
  return table;
}

/** Sends the report as a download, streamed; a failure after the first byte aborts the response. */
async function streamReport(
  res: Response,
  logger: Logger,
  file: { name: string; format: ReportFormat },
  build: (writer: ReportWriter) => Promise<unknown>,
): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', REPORT_CONTENT_TYPES[file.format]);
  res.setHeader('Content-Disposition', `attachment; filename="${file.name}.${file.format}"`);
  try {
    await build(createReportWriter(file.format, res));
  } catch (error) {
    if (!res.headersSent) {
      res.removeHeader('Content-Disposition');
      throw error;
    }
    logger.error('report aborted half-way', { report: file.name, error: (error as Error).message });
    res.destroy(error as Error);
  }
}
