/** The annual trade report of a year: its figures and validation warnings, and its CSV and xlsx files. */
import { Card, Descriptions, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReportWarning } from '../../../src/domain/reports/report-warnings';
import { ErrorAlert } from '../components/error-alert';
import { useFormat } from '../i18n/use-format';
import { DownloadLinks } from './download-links';
import { reportFileUrl, useReport, type ReportJson } from './use-reports';
import { ScrollRegion } from '../permits/scroll-region';

function Summary({ summary }: { summary: ReportJson['summary'] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <>
      {Object.entries(summary).map(([table, figures]) => (
        <Descriptions
          key={table}
          title={<h3 className="card-heading">{t(`reports.summary.${table}`)}</h3>}
          size="small"
          bordered
          column={{ xs: 1, md: 2, xl: 3 }}
          style={{ marginBottom: 12 }}
          items={Object.entries(figures).map(([key, value]) => ({
            key,
            label: t(`reports.summary.${key}`),
            children: format.number(value),
          }))}
        />
      ))}
    </>
  );
}

function Warnings({ warnings }: { warnings: ReportJson['warnings'] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const rows = warnings.listed as unknown as ReportWarning[];
  const c = (key: string) => t(`reports.annual.columns.${key}`);
  return (
    <section aria-labelledby="annual-warnings">
      <h3 id="annual-warnings" className="card-heading" style={{ margin: '12px 0' }}>
        {t('reports.annual.warnings', { n: format.number(warnings.total) })}
      </h3>
      {warnings.total === 0 ? (
        <p>{t('reports.annual.noWarnings')}</p>
      ) : (
        <>
          {warnings.total > rows.length && (
            <p>
              {t('reports.annual.more', {
                shown: format.number(rows.length),
                total: format.number(warnings.total),
              })}
            </p>
          )}
          <ScrollRegion
            label={t('reports.annual.warnings', { n: format.number(warnings.total) })}
            minWidth={800}
          >
            <Table<ReportWarning>
              size="small"
              aria-label={t('reports.annual.warnings', { n: format.number(warnings.total) })}
              rowKey={(w) => `${w.table}:${w.row}:${w.rule}`}
              dataSource={rows}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              columns={[
                { title: c('table'), key: 'table', render: (_, w) => t(`reports.summary.${w.table}`) },
                { title: c('row'), key: 'row', render: (_, w) => format.number(w.row) },
                { title: c('permit'), dataIndex: 'permitKey', key: 'permit' },
                { title: c('block'), dataIndex: 'block', key: 'block' },
                { title: c('rule'), key: 'rule', render: (_, w) => t(`reports.rules.${w.rule}`) },
                { title: c('message'), dataIndex: 'message', key: 'message' },
              ]}
            />
          </ScrollRegion>
        </>
      )}
    </section>
  );
}

export function AnnualReport({ year }: { year: number }) {
  const { t } = useTranslation();
  const report = useReport('annual', year);
  return (
    <Card title={<h2 className="card-heading">{t('reports.annual.title')}</h2>} style={{ marginBottom: 16 }}>
      <Typography.Paragraph>{t('reports.annual.intro')}</Typography.Paragraph>
      <DownloadLinks
        what={t('reports.annual.title')}
        urlOf={(format) => reportFileUrl('annual', year, format)}
        formats={['csv', 'xlsx']}
      />
      {report.isError && <ErrorAlert error={report.error} />}
      {report.data && (
        <div style={{ marginTop: 16 }}>
          <Summary summary={report.data.summary} />
          <Warnings warnings={report.data.warnings} />
        </div>
      )}
    </Card>
  );
}

export function IllegalTradeReport({ year }: { year: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const report = useReport('illegal-trade', year);
  const seizures = report.data?.tables.seizures?.length ?? 0;
  return (
    <Card title={<h2 className="card-heading">{t('reports.illegal.title')}</h2>} style={{ marginBottom: 16 }}>
      <Typography.Paragraph>{t('reports.illegal.intro')}</Typography.Paragraph>
      <DownloadLinks
        what={t('reports.illegal.title')}
        urlOf={(f) => reportFileUrl('illegal-trade', year, f)}
        formats={['csv', 'xlsx']}
      />
      {report.isError && <ErrorAlert error={report.error} />}
      {report.data && (
        <p style={{ marginTop: 12 }}>{t('reports.illegal.seizures', { n: format.number(seizures) })}</p>
      )}
    </Card>
  );
}
