/** The statistics of a year: the customs verdicts, then every table with its chart and its CSV. */
import { Col, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { STATISTICS_TABLES } from '../../../src/domain/reports/trade-statistics';
import { ErrorAlert } from '../components/error-alert';
import { useFormat } from '../i18n/use-format';
import { StatisticsTable } from './statistics-table';
import { useStatistics } from './use-reports';

export default function Statistics({ year }: { year: number }) {
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
