/** Customs verdicts in the window, and how often each reason was given (bars, then the same as a table). */
import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useFormat } from '../i18n/use-format';
import type { OverviewData } from './use-overview';

type Verdicts = OverviewData['verdicts'];
type Row = Verdicts['reasons'][number];

export function VerdictsChart({ verdicts }: { verdicts: Verdicts }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { ACCEPTED, REJECTED } = verdicts.verdicts;
  if (ACCEPTED + REJECTED === 0) return <Typography.Text>{t('overview.verdictsNone')}</Typography.Text>;
  return (
    <>
      <Typography.Paragraph>
        {t('overview.verdictsSummary', {
          accepted: format.number(ACCEPTED),
          rejected: format.number(REJECTED),
        })}
      </Typography.Paragraph>
      {verdicts.reasons.length > 0 && (
        <div aria-hidden="true" style={{ width: '100%', height: 40 + 32 * verdicts.reasons.length }}>
          <ResponsiveContainer>
            <BarChart
              data={verdicts.reasons}
              layout="vertical"
              accessibilityLayer={false}
              margin={{ left: 24 }}
            >
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis type="number" allowDecimals={false} tickFormatter={(v: number) => format.number(v)} />
              <YAxis type="category" dataKey="reason" width={200} />
              <Tooltip formatter={(v) => format.number(Number(v))} />
              <Bar dataKey="count" name={t('overview.times')} fill="#b3261e" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
      <Table<Row>
        aria-label={t('overview.verdicts')}
        size="small"
        pagination={false}
        rowKey="reason"
        dataSource={verdicts.reasons}
        columns={[
          {
            title: t('overview.reason'),
            key: 'reason',
            render: (_: unknown, r: Row) => (
              <>
                <code>{r.reason}</code> {t(`reasons.${r.reason}`, { defaultValue: '' })}
              </>
            ),
          },
          {
            title: t('overview.times'),
            key: 'count',
            align: 'right',
            render: (_: unknown, r: Row) => format.number(r.count),
          },
        ]}
      />
    </>
  );
}
