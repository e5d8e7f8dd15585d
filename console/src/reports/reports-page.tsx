/**
 * Reports: the annual trade report (admin, auditor, issuer), the illegal trade report (admin, auditor
 * only: enforcement data) and the statistics tables, for a year chosen here.
 */
import { Card, Space, Spin, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NativeSelect } from '../components/native-select';
import { useSession } from '../session/use-session';
import { AnnualReport, IllegalTradeReport } from './annual-report';

// The charts (recharts) load only when the page is opened, not with every screen of the console.
const Statistics = lazy(() => import('./statistics'));

/** Roles of GET /api/v1/reports/illegal-trade (src/transport/report-routes.ts). */
const ILLEGAL_TRADE_ROLES: readonly string[] = ['admin', 'auditor'];

export function ReportsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const thisYear = new Date().getUTCFullYear();
  const [year, setYear] = useState(thisYear);
  const years = Array.from({ length: 6 }, (_, i) => thisYear - i);
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('reports.title')}
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space>
          <label htmlFor="report-year">{t('reports.year')}</label>
          <NativeSelect
            id="report-year"
            value={year}
            onChange={(e) => setYear(Number(e.target.value))}
            options={years.map((y) => ({ value: y, label: String(y) }))}
            style={{ width: 110 }}
          />
        </Space>
      </Card>
      <AnnualReport year={year} />
      {session.data && ILLEGAL_TRADE_ROLES.includes(session.data.role) && <IllegalTradeReport year={year} />}
      <Suspense fallback={<Spin description={t('app.loading')} />}>
        <Statistics year={year} />
      </Suspense>
    </>
  );
}
