/**
 * One statistics table: a bar chart of it (recharts) above the same figures as a table, and its CSV file.
 * The chart is a picture of the table next to it, so assistive technology reads the table instead.
 */
import { Card, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { StatisticsTable as TableName } from '../../../src/domain/reports/trade-statistics';
import { useFormat } from '../i18n/use-format';
import { DownloadLinks } from './download-links';
import { reportFileUrl } from './use-reports';

type Row = Record<string, string | number>;

const COLORS = ['#0b57d0', '#b3261e', '#1e7e34'];

/** What each table charts: the label of a bar, and the measures drawn. */
function chartOf(name: TableName): { label: (row: Row) => string; measures: string[] } {
  if (name === 'clearances')
    return { label: (r) => String(r.month), measures: ['importsCleared', 'exportsConfirmed'] };
  if (name === 'rejections') return { label: (r) => String(r.reason), measures: ['count'] };
  const group = { partners: 'partner', species: 'species', terms: 'term', months: 'month' }[name];
  return {
    label: (r) => [r[group], r.unit].filter((v) => v !== '' && v !== undefined).join(' '),
    measures: ['permits'],
  };
}

function useCellText() {
  const { t } = useTranslation();
  const format = useFormat();
  return (key: string, value: string | number | undefined): string => {
    if (typeof value === 'number') return format.number(value);
    if (key === 'direction' && value) return t(`reports.statistics.directions.${value}`);
    if (key === 'reason' && value) return t(`reasons.${value}`, { defaultValue: value });
    if (key === 'unit' && value) return t(`codes.units.${value}`, { defaultValue: value });
    return value ?? '';
  };
}

function Chart({ name, rows, caption }: { name: TableName; rows: Row[]; caption: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { label, measures } = chartOf(name);
  const data = rows.slice(0, 20).map((r) => ({ ...r, label: label(r) }));
  return (
    <div role="img" aria-label={caption} className="statistics-chart">
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={data} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" />
          <YAxis tickFormatter={(v: number) => format.number(v)} allowDecimals={false} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? format.number(v) : String(v))} />
          <Legend />
          {measures.map((m, i) => (
            <Bar
              key={m}
              dataKey={m}
              name={t(`reports.statistics.columns.${m}`)}
              fill={COLORS[i % COLORS.length]}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function StatisticsTable({ name, rows, year }: { name: TableName; rows: Row[]; year: number }) {
  const { t } = useTranslation();
  const cell = useCellText();
  const title = t(`reports.statistics.tables.${name}`);
  const keys = rows[0] ? Object.keys(rows[0]) : [];
  return (
    <Card
      size="small"
      title={<h3 className="card-heading">{title}</h3>}
      extra={
        <DownloadLinks
          what={title}
          urlOf={(f) => reportFileUrl(`statistics/${name}`, year, f)}
          formats={['csv']}
        />
      }
      style={{ marginBottom: 16 }}
    >
      {rows.length === 0 ? (
        <p>{t('reports.statistics.empty')}</p>
      ) : (
        <>
          <Chart name={name} rows={rows} caption={t('reports.statistics.chart', { title })} />
          <Table<Row>
            size="small"
            aria-label={title}
            rowKey={(r) => keys.map((k) => r[k]).join('\u0000')}
            dataSource={rows}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            columns={keys.map((key) => ({
              title: t(`reports.statistics.columns.${key}`),
              key,
              align: typeof rows[0]?.[key] === 'number' ? ('right' as const) : undefined,
              render: (_: unknown, r: Row) => cell(key, r[key]),
            }))}
          />
        </>
      )}
    </Card>
  );
}
