/** The trained models, newest first: whether each was promoted, on what it was trained, and why. */
import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/error-alert';
import { useFormat } from '../i18n/use-format';
import { useModels, type ModelRow } from './use-risk';
import { ScrollRegion } from '../permits/scroll-region';

export function ModelsTable() {
  const { t } = useTranslation();
  const format = useFormat();
  const models = useModels();
  const c = (key: string) => t(`riskProfiles.models.${key}`);
  const percent = (n: number) =>
    new Intl.NumberFormat(format.locale, { style: 'percent', maximumFractionDigits: 1 }).format(n);
  return (
    <section aria-labelledby="models-title" style={{ marginTop: 24 }}>
      <h2 id="models-title" className="section-heading">
        {c('title')}
      </h2>
      <Typography.Paragraph>{c('intro')}</Typography.Paragraph>
      {models.isError && <ErrorAlert error={models.error} />}
      <ScrollRegion label={c('table')} minWidth={900}>
        <Table<ModelRow>
          size="small"
          aria-label={c('table')}
          rowKey="version"
          dataSource={models.data?.items ?? []}
          loading={models.isFetching && !models.data}
          pagination={false}
          locale={{ emptyText: <span className="empty-text">{c('empty')}</span> }}
          columns={[
            { title: c('version'), key: 'version', render: (_, m) => format.number(m.version) },
            { title: c('promoted'), key: 'promoted', render: (_, m) => c(m.promoted ? 'yes' : 'no') },
            { title: c('trainedAt'), key: 'trainedAt', render: (_, m) => format.dateTime(m.trainedAt) },
            {
              title: c('trainedOn'),
              key: 'trainedOn',
              render: (_, m) => `${format.number(m.trainedOn)} (${format.number(m.positives)})`,
            },
            { title: c('threshold'), key: 'threshold', render: (_, m) => format.number(m.threshold) },
            {
              title: c('precision'),
              key: 'precision',
              render: (_, m) => percent(m.evaluation.candidateAveragePrecision),
            },
            { title: c('decision'), dataIndex: 'decision', key: 'decision' },
          ]}
        />
      </ScrollRegion>
    </section>
  );
}
