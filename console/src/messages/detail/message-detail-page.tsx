/**
 * One exchanged message: its facts, the delivery attempts as a timeline, the partner's signed receipt,
 * download of the exact signed XML (as sent, or as received), and resend of a FAILED one (admin).
 */
import { App, Button, Card, Descriptions, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../components/error-alert';
import { useFormat } from '../../i18n/use-format';
import { useSession } from '../../session/use-session';
import { StateTag } from '../messages-page';
import { AttemptsTimeline } from './attempts-timeline';
import { ReceiptCard } from './receipt-card';
import { useMessage, useResend, type MessageRecord } from './use-message';

function Facts({ message }: { message: MessageRecord }) {
  const { t } = useTranslation();
  const format = useFormat();
  const items = [
    {
      key: 'direction',
      label: t('messageDetail.direction'),
      children: t(`messages.directions.${message.direction}`),
    },
    { key: 'partner', label: t('messageDetail.partner'), children: message.partner },
    {
      key: 'state',
      label: t('messageDetail.state'),
      children: <StateTag state={message.state} label={t(`messages.states.${message.state}`)} />,
    },
    {
      key: 'documentType',
      label: t('messageDetail.documentType'),
      children: message.documentType ? t(`messages.documentTypes.${message.documentType}`) : '—',
    },
    { key: 'permitKey', label: t('messageDetail.permitKey'), children: message.permitKey ?? '—' },
    message.direction === 'outbound'
      ? { key: 'at', label: t('messageDetail.createdAt'), children: format.dateTime(message.createdAt) }
      : { key: 'at', label: t('messageDetail.receivedAt'), children: format.dateTime(message.receivedAt) },
    { key: 'digest', label: t('messageDetail.digest'), children: <code>{message.digest}</code> },
    ...(message.failure
      ? [
          {
            key: 'failure',
            label: t('messageDetail.failure'),
            children: `${message.failure.code}: ${message.failure.message}`,
          },
        ]
      : []),
    ...(message.direction === 'outbound' && message.nextAttemptAt && message.state === 'RETRY_WAIT'
      ? [
          {
            key: 'next',
            label: t('messageDetail.nextAttemptAt'),
            children: format.dateTime(message.nextAttemptAt),
          },
        ]
      : []),
  ];
  return <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} items={items} />;
}

export function MessageDetailPage() {
  const { t } = useTranslation();
  const { message: notify } = App.useApp();
  const id = useParams().id ?? '';
  const session = useSession();
  const message = useMessage(id);
  const resend = useResend(id);
  const isAdmin = session.data?.role === 'admin';
  const record = message.data;
  return (
    <>
      <Link to="/messages">← {t('messageDetail.back')}</Link>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 8, wordBreak: 'break-all' }}>
        {t('messageDetail.title', { id })}
      </Typography.Title>
      {message.isPending && <Spin description={t('app.loading')} />}
      {message.isError && <ErrorAlert error={message.error} />}
      {record && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Card title={<h2 className="card-heading">{t('messageDetail.facts')}</h2>} size="small">
            <Facts message={record} />
            <Space style={{ marginTop: 12 }} wrap>
              <Button href={`/api/v1/messages/${encodeURIComponent(id)}/signed-xml`} download={`${id}.xml`}>
                {t('messageDetail.download')}
              </Button>
              {isAdmin && record.direction === 'outbound' && record.state === 'FAILED' && (
                <Button
                  type="primary"
                  loading={resend.isPending}
                  onClick={() =>
                    resend.mutate(undefined, {
                      onSuccess: () => void notify.success(t('messageDetail.resent')),
                    })
                  }
                >
                  {t('messageDetail.resend')}
                </Button>
              )}
            </Space>
            {resend.isError && <ErrorAlert error={resend.error} />}
          </Card>
          {record.direction === 'outbound' && (
            <Card title={<h2 className="card-heading">{t('messageDetail.attempts')}</h2>} size="small">
              <AttemptsTimeline attempts={record.attempts} />
            </Card>
          )}
          <ReceiptCard message={record} />
        </Space>
      )}
    </>
  );
}
