/**
 * The audit trail, newest page first, with the chain's verification status (every hash link and every
 * signed checkpoint checked by the gateway now).
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../src/domain/audit/audit-entry';
import type { AuditTrailResult } from '../../../src/flows/verify-audit-trail';
import { api } from '../api/client';
import type { Json } from '../api/json';
import { ErrorAlert } from '../components/error-alert';
import { useFormat } from '../i18n/use-format';

type Entry = Json<AuditEntry>;
type Verification = AuditTrailResult & { checkedAt: string };
const PAGE = 50;

function useVerification() {
  return useQuery({
    queryKey: ['audit', 'verification'],
    queryFn: () => api<Verification>('GET', '/audit/verification'),
  });
}

function ChainStatus() {
  const { t } = useTranslation();
  const format = useFormat();
  const verification = useVerification();
  const v = verification.data;
  return (
    <Card
      title={<h2 className="card-heading">{t('audit.chain')}</h2>}
      size="small"
      extra={
        <Button size="small" onClick={() => void verification.refetch()} loading={verification.isFetching}>
          {t('audit.check')}
        </Button>
      }
    >
      {verification.isError && <ErrorAlert error={verification.error} />}
      <div aria-live="polite">
        {v &&
          (v.ok ? (
            <Alert
              type="success"
              showIcon
              title={t('audit.intact', { entries: format.number(v.entries) })}
              description={
                <>
                  {v.checkpoints
                    ? t('audit.checkpoints', {
                        count: v.checkpoints,
                        latest: format.number(v.latestCheckpoint ?? 0),
                      })
                    : t('audit.noCheckpoints')}{' '}
                  {t('audit.checkedAt', { at: format.dateTime(v.checkedAt) })}
                </>
              }
            />
          ) : (
            <Alert
              type="error"
              showIcon
              title={t('audit.broken', { seq: format.number(v.brokenAt), code: v.code, reason: v.reason })}
              description={t('audit.checkedAt', { at: format.dateTime(v.checkedAt) })}
            />
          ))}
      </div>
    </Card>
  );
}

export function AuditPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const verification = useVerification();
  const total = verification.data?.entries ?? 0;
  // Pages by seq: `after` = the seq before the page's first entry; the newest page first.
  const [after, setAfter] = useState<number | null>(null);
  const start = after ?? Math.max(0, total - PAGE);
  const page = useQuery({
    queryKey: ['audit', 'page', start],
    queryFn: () => api<{ items: Entry[] }>('GET', '/audit', { query: { after: start, limit: PAGE } }),
    enabled: verification.isFetched,
  });
  const rows = [...(page.data?.items ?? [])].reverse();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('audit.title')}
      </Typography.Title>
      <ChainStatus />
      {page.isError && <ErrorAlert error={page.error} />}
      <Table<Entry>
        style={{ marginTop: 16 }}
        aria-label={t('audit.table')}
        size="small"
        rowKey="seq"
        loading={page.isFetching}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: <span className="empty-text">{t('audit.empty')}</span> }}
        scroll={{ x: 900 }}
        columns={[
          {
            title: t('audit.seq'),
            key: 'seq',
            align: 'right',
            render: (_: unknown, e: Entry) => format.number(e.seq),
          },
          { title: t('audit.at'), key: 'at', render: (_: unknown, e: Entry) => format.dateTime(e.at) },
          {
            title: t('audit.actor'),
            key: 'actor',
            render: (_: unknown, e: Entry) =>
              `${e.actor}${e.actorRole ? ` (${t(`roles.${e.actorRole}`, { defaultValue: e.actorRole })})` : ''}`,
          },
          {
            title: t('audit.action'),
            key: 'action',
            render: (_: unknown, e: Entry) => <code>{e.action}</code>,
          },
          { title: t('audit.target'), dataIndex: 'target', key: 'target' },
          {
            title: t('audit.outcome'),
            key: 'outcome',
            render: (_: unknown, e: Entry) => (e.outcome ? t(`audit.outcomes.${e.outcome}`) : '—'),
          },
        ]}
      />
      <Space style={{ marginTop: 16 }}>
        <Button
          onClick={() => setAfter(Math.min(start + PAGE, Math.max(0, total - PAGE)))}
          disabled={start + PAGE >= total}
        >
          {t('audit.newer')}
        </Button>
        <Button onClick={() => setAfter(Math.max(0, start - PAGE))} disabled={start === 0}>
          {t('audit.older')}
        </Button>
      </Space>
    </>
  );
}
