/**
 * `epix report annual|illegal-trade --year 2026 --out FILE`: writes the report straight from the
 * database (as `epix token` does), in the format of the file's extension (.csv, .xlsx or .json); the file
 * is the one GET /api/v1/reports/... serves for the same data and day. Prints the summary and the
 * warnings (as JSON) to stdout; warnings do not fail the command ("submit despite warnings").
 * Before its first report on a database whose trade ledger was never filled from the stored permits
 * (no gateway of this version ran on it yet), it fills it (once; said on stderr).
 *
 * `epix report reindex`: records the facts of every stored permit and clearance in the trade ledger again
 * (those already there stay as they are), e.g. after restoring permits from a backup.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Command } from 'commander';
import { loadConfig } from '../config/loader';
import { systemClock } from '../domain/ports';
import { reportFormatOfFile } from '../domain/reports/report-format';
import type { ReportClosing, ReportWriter } from '../domain/reports/report-writer';
import { parseReportYear } from '../domain/reports/report-year';
import { buildAnnualReport } from '../flows/reports/build-annual-report';
import { buildIllegalTradeReport } from '../flows/reports/build-illegal-trade-report';
import type { Connection } from 'mongoose';
import {
  backfillTradeLedger,
  ensureTradeLedger,
  TRADE_LEDGER_VERSION,
} from '../flows/reports/backfill-trade-ledger';
import { connectMongo } from '../storage/mongo-connection';
import { MongoReportSource } from '../storage/mongo-report-source';
import { MongoStoredTradeRecords } from '../storage/mongo-stored-trade-records';
import { MongoTradeLedger } from '../storage/mongo-trade-ledger';
import { createReportWriter } from '../transport/report-writers/create-report-writer';

interface ReportOptions {
  year: string;
  out: string;
  mongodbUri?: string;
}

type Build = (source: MongoReportSource, year: number, writer: ReportWriter) => Promise<ReportClosing>;

/** Reports need only the database URI, not a full gateway configuration. */
function mongodbUriOf(given: string | undefined): string {
  return given ?? process.env.MONGODB_URI ?? process.env.EPIX_MONGODB_URI ?? loadConfig().mongodbUri;
}

/** The reports' source on the database, filling the trade ledger first when it never was. */
function reportSourceOn(connection: Connection): MongoReportSource {
  const ledger = new MongoTradeLedger(connection);
  const stored = new MongoStoredTradeRecords(connection);
  return new MongoReportSource(connection, {
    ledger,
    ready: async () => {
      const counts = await ensureTradeLedger({ stored, ledger, clock: systemClock });
      if (counts) {
        process.stderr.write(`trade ledger filled from the stored permits: ${JSON.stringify(counts)}\n`);
      }
    },
  });
}

/** Writes to FILE.partial and renames it once complete, so FILE is never a half-written report. */
async function writeReport(opts: ReportOptions, build: Build): Promise<void> {
  const year = parseReportYear(opts.year, systemClock.now());
  const format = reportFormatOfFile(opts.out);
  const connection = await connectMongo(mongodbUriOf(opts.mongodbUri));
  const partial = `${opts.out}.partial`;
  try {
    const writer = createReportWriter(format, createWriteStream(partial));
    const closing = await build(reportSourceOn(connection), year, writer);
    await rename(partial, opts.out);
    process.stdout.write(`${JSON.stringify({ file: opts.out, format, ...closing }, null, 2)}\n`);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  } finally {
    await connection.close();
  }
}

function reportOptions(command: Command): Command {
  return command
    .requiredOption('--year <year>', 'the report year, e.g. 2026')
    .requiredOption('--out <file>', 'output file: .csv, .xlsx or .json')
    .option('--mongodb-uri <uri>', 'database (default: $MONGODB_URI or the configuration)');
}

/** Records every stored permit's facts again (idempotent) and notes the ledger as filled. */
async function reindex(opts: { mongodbUri?: string }): Promise<void> {
  const connection = await connectMongo(mongodbUriOf(opts.mongodbUri));
  try {
    const ledger = new MongoTradeLedger(connection);
    const started = Date.now();
    const counts = await backfillTradeLedger({ stored: new MongoStoredTradeRecords(connection), ledger });
    await ledger.markBackfilled(TRADE_LEDGER_VERSION, systemClock.now(), counts);
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`${JSON.stringify({ reindexed: counts, seconds }, null, 2)}\n`);
  } finally {
    await connection.close();
  }
}

export function registerReportCommands(program: Command): void {
  const report = program.command('report').description('CITES annual reports from the permits held');
  report
    .command('reindex')
    .description("Fill the reports' trade ledger from every stored permit and clearance (idempotent)")
    .option('--mongodb-uri <uri>', 'database (default: $MONGODB_URI or the configuration)')
    .action((opts: { mongodbUri?: string }) => reindex(opts));
  reportOptions(
    report
      .command('annual')
      .description('Annual trade report: exports and imports, actual quantities, warnings'),
  ).action((opts: ReportOptions) =>
    writeReport(opts, (source, year, writer) =>
      buildAnnualReport({ source, clock: systemClock }, year, writer),
    ),
  );
  reportOptions(
    report.command('illegal-trade').description('Annual illegal trade report: seizures at our border'),
  ).action((opts: ReportOptions) =>
    writeReport(opts, (source, year, writer) =>
      buildIllegalTradeReport({ source, clock: systemClock }, year, writer),
    ),
  );
}
