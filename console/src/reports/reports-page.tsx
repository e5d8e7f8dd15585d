/**
 * Reports: the annual trade report (admin, auditor, issuer), the illegal trade report (admin, auditor
 * only: enforcement data) and the statistics tables, for a year chosen here.
 */
import { Card, Col, Row, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { STATISTICS_TABLES } from '../../../src/domain/reports/trade-statistics';
import { ErrorAlert } from '../components/error-alert';
import { NativeSelect } from '../components/native-select';
import { useFormat } from '../i18n/use-format';
import { useSession } from '../session/use-session';
import { AnnualReport, IllegalTradeReport } from './annual-report';
import { StatisticsTable } from './statistics-table';
import { useStatistics } from './use-reports';

/** Roles of GET /api/v1/reports/illegal-trade (src/transport/report-routes.ts). */
const ILLEGAL_TRADE_ROLES: readonly string[] = ['admin', 'auditor'];

function Statistics({ year }: { year: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const statistics = useStatistics(year);
  if (statistics.isError) return <ErrorAlert error={statistics.error} />;
  if (!statistics.data) return null;
  const { verdicts, tables } = statistics.data;
  return (
    <section aria-labelledby="statistics-title">
      <h2 id="statistics-title" className="section-heading">
        {t('reports.statistics.title')}
      </h2>
      <p>
        {t('reports.statistics.verdicts', {
          accepted: format.number(verdicts.ACCEPTED),
          rejected: format.number(verdicts.REJECTED),
        })}
      </p>
      <Row gutter={16}>
        {STATISTICS_TABLES.map((name) => (
          <Col key={name} xs={24} xl={12}>
            <StatisticsTable name={name} rows={tables[name]} year={year} />
          </Col>
        ))}
      </Row>
    </section>
  );
}

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
      <Statistics year={year} />
    </>
  );
}
