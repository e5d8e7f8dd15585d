/** Administrators and auditors: the exchange over the last 24 hours or 7 days at a glance. */
import { Card, Col, List, Row, Space, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../components/error-alert';
import { useFormat } from '../i18n/use-format';
import { MessagesChart } from './messages-chart';
import { useOverview, type OverviewData, type OverviewWindow } from './use-overview';
import { VerdictsChart } from './verdicts-chart';

const WINDOWS: OverviewWindow[] = ['24h', '7d'];

function PeriodSwitch({ value, onChange }: { value: OverviewWindow; onChange: (w: OverviewWindow) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset className="language-switch">
      <legend>{t('overview.period')}</legend>
      {WINDOWS.map((w) => (
        <label key={w} className={value === w ? 'checked' : undefined}>
          <input type="radio" name="period" value={w} checked={value === w} onChange={() => onChange(w)} />
          {t(`overview.periods.${w}`)}
        </label>
      ))}
    </fieldset>
  );
}

function FailedCard({ failed }: { failed: OverviewData['failedDeliveries'] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Card
      title={<h2 className="card-heading">{t('overview.failed')}</h2>}
      size="small"
      style={{ height: '100%' }}
    >
      <Typography.Paragraph strong>
        {failed.count === 0
          ? t('overview.failedNone')
          : t('overview.failedCount', { formatted: format.number(failed.count) })}
      </Typography.Paragraph>
      {failed.recent.length > 0 && (
        <List
          size="small"
          dataSource={failed.recent}
          renderItem={(m) => (
            <List.Item>
              <Link to={`/messages/${encodeURIComponent(m.messageId)}`}>{m.permitKey}</Link> → {m.partner} ·{' '}
              {format.dateTime(m.createdAt)} {m.failure && <code>{m.failure}</code>}
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function AlertsCard({ alerts }: { alerts: OverviewData['openAlerts'] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Card
      title={<h2 className="card-heading">{t('overview.openAlerts')}</h2>}
      size="small"
      extra={<Link to="/alerts">{t('overview.viewAll')}</Link>}
      style={{ height: '100%' }}
    >
      <Typography.Paragraph strong>
        {alerts.count === 0
          ? t('overview.openAlertsNone')
          : t('overview.openAlertsCount', { formatted: format.number(alerts.count) })}
      </Typography.Paragraph>
      <Space wrap>
        {(['critical', 'warning', 'info'] as const).map((s) => (
          <Tag key={s} className={`severity-${s}`}>
            {t(`alerts.severities.${s}`)}: {format.number(alerts.bySeverity[s])}
          </Tag>
        ))}
      </Space>
      <List
        size="small"
        dataSource={alerts.recent}
        renderItem={(a) => (
          <List.Item>
            {format.dateTime(a.at)}: {a.message}
          </List.Item>
        )}
      />
    </Card>
  );
}

type Expiring = OverviewData['expiringCertificates'][number];

function ExpiringCard({ certificates }: { certificates: Expiring[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Card title={<h2 className="card-heading">{t('overview.expiring')}</h2>} size="small">
      {certificates.length === 0 ? (
        <Typography.Text>{t('overview.expiringNone')}</Typography.Text>
      ) : (
        <Table<Expiring>
          aria-label={t('overview.expiring')}
          size="small"
          pagination={false}
          rowKey={(c) => `${c.partner}:${c.role}:${c.fingerprint}`}
          dataSource={certificates}
          columns={[
            {
              title: t('overview.partner'),
              key: 'partner',
              render: (_: unknown, c: Expiring) => <Link to={`/partners/${c.partner}`}>{c.partner}</Link>,
            },
            {
              title: t('overview.role'),
              key: 'role',
              render: (_: unknown, c: Expiring) => t(`partners.roles.${c.role}`),
            },
            { title: t('overview.subject'), dataIndex: 'subject', key: 'subject' },
            {
              title: t('overview.expires'),
              key: 'expires',
              render: (_: unknown, c: Expiring) =>
                `${format.date(c.notAfter)} (${
                  c.daysLeft < 0
                    ? t('overview.expired')
                    : t('overview.daysLeft', { formatted: format.number(c.daysLeft) })
                })`,
            },
          ]}
        />
      )}
    </Card>
  );
}

export function OverviewPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [period, setPeriod] = useState<OverviewWindow>('24h');
  const overview = useOverview(period);
  const data = overview.data;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('overview.title')}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <PeriodSwitch value={period} onChange={setPeriod} />
        {data && (
          <Typography.Text>
            {t('overview.countedAt', {
              at: format.dateTime(data.generatedAt),
              since: format.dateTime(data.since),
            })}
          </Typography.Text>
        )}
      </Space>
      {overview.isPending && <Spin description={t('app.loading')} />}
      {overview.isError && <ErrorAlert error={overview.error} />}
      {data && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Card title={<h2 className="card-heading">{t('overview.messagesChart')}</h2>} size="small">
            {data.messages.length === 0 ? (
              <Typography.Text>{t('overview.noMessages')}</Typography.Text>
            ) : (
              <MessagesChart rows={data.messages} />
            )}
          </Card>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <FailedCard failed={data.failedDeliveries} />
            </Col>
            <Col xs={24} lg={12}>
              <AlertsCard alerts={data.openAlerts} />
            </Col>
          </Row>
          <ExpiringCard certificates={data.expiringCertificates} />
          <Card title={<h2 className="card-heading">{t('overview.verdicts')}</h2>} size="small">
            <VerdictsChart verdicts={data.verdicts} />
          </Card>
        </Space>
      )}
    </>
  );
}
