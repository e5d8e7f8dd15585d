/** One received permit as the paper form, with its status at the gateway and a print button. */
import { Alert, Button, Space, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { ErrorAlert } from '../components/error-alert';
import { PaperForm } from './paper-form';
import { useReceivedPermit } from './use-received';

export function PaperView({ permitKey, onBack }: { permitKey: string; onBack: () => void }) {
  const { t } = useTranslation();
  const record = useReceivedPermit(permitKey);
  if (record.isPending) return <Spin description={t('app.loading')} />;
  if (record.isError)
    return record.error instanceof ApiError && record.error.status === 404 ? (
      <Alert type="warning" showIcon title={t('paper.notFound')} />
    ) : (
      <ErrorAlert error={record.error} />
    );
  const r = record.data;
  return (
    <>
      <Space className="no-print" style={{ marginBottom: 12 }} wrap>
        <Button onClick={onBack}>{t('paper.back')}</Button>
        <Button type="primary" onClick={() => window.print()}>
          {t('paper.print')}
        </Button>
        <span>{t('paper.status', { status: t(`received.statuses.${r.status}`) })}</span>
        <span>{t('paper.signer', { subject: r.signer.subject })}</span>
      </Space>
      <PaperForm permit={r.permit} permitKey={r.permitKey} />
    </>
  );
}
