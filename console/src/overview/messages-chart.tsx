/**
 * Messages per partner and state as stacked bars (recharts), with the same numbers in a table below for
 * screen readers and exact reading. The bars are decorative for assistive technology (the table is the
 * accessible form), so the chart is hidden from it and takes no keyboard focus.
 */
import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useFormat } from '../i18n/use-format';
import type { OverviewData } from './use-overview';

/** One colour per state, distinguishable and at least 3:1 against white (WCAG non-text contrast). */
const STATE_COLORS: Record<string, string> = {
  DELIVERED: '#1e7e34',
  RECEIVED: '#0b57d0',
  QUEUED: '#6f42c1',
  SENDING: '#00798c',
  RETRY_WAIT: '#a15c00',
  FAILED: '#b3261e',
  REJECTED: '#7a1f5c',
};

type Row = OverviewData['messages'][number];

export function MessagesChart({ rows }: { rows: Row[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const states = [...new Set(rows.map((r) => r.state))];
  const partners = [...new Set(rows.map((r) => r.partner))];
  const data = partners.map((partner) => ({
    partner,
    ...Object.fromEntries(
      states.map((state) => [
        state,
        rows.filter((r) => r.partner === partner && r.state === state).reduce((n, r) => n + r.count, 0),
      ]),
    ),
  }));
  return (
    <>
      <div aria-hidden="true" style={{ width: '100%', height: 260 }}>
        <ResponsiveContainer>
          <BarChart
            data={data}
            accessibilityLayer={false}
            maxBarSize={80}
            margin={{ top: 8, right: 16, bottom: 8, left: 0 }}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="partner" />
            <YAxis allowDecimals={false} tickFormatter={(v: number) => format.number(v)} />
            <Tooltip formatter={(v) => format.number(Number(v))} />
            <Legend />
            {states.map((state) => (
              <Bar
                key={state}
                dataKey={state}
                name={t(`messages.states.${state}`)}
                stackId="state"
                fill={STATE_COLORS[state] ?? '#595959'}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <Table<Row>
        aria-label={t('overview.messagesTable')}
        size="small"
        pagination={false}
        rowKey={(r) => `${r.partner}:${r.direction}:${r.state}`}
        dataSource={rows}
        columns={[
          { title: t('overview.partner'), dataIndex: 'partner', key: 'partner' },
          {
            title: t('overview.direction'),
            key: 'direction',
            render: (_: unknown, r: Row) => t(`messages.directions.${r.direction}`),
          },
          {
            title: t('overview.state'),
            key: 'state',
            render: (_: unknown, r: Row) => t(`messages.states.${r.state}`),
          },
          {
            title: t('overview.count'),
            key: 'count',
            align: 'right',
            render: (_: unknown, r: Row) => format.number(r.count),
          },
        ]}
      />
    </>
  );
}
