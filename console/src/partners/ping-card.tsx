/** Ping a partner (admin): one mutual-TLS request to its health endpoint, with the result and round trip. */
import { Alert, Button, Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useFormat } from '../i18n/use-format';
import { usePing } from './use-partners';

export function PingCard({ code }: { code: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const ping = usePing(code);
  const result = ping.data;
  const error = ping.error;
  return (
    <Card title={<h2 className="card-heading">{t('partners.pingTitle')}</h2>} size="small">
      <Typography.Paragraph>{t('partners.pingHelp')}</Typography.Paragraph>
      <Button onClick={() => ping.mutate()} loading={ping.isPending}>
        {t('partners.ping')}
      </Button>
      <div aria-live="polite" style={{ marginTop: 12 }}>
        {result && (
          <Alert
            type={result.status === 200 ? 'success' : 'warning'}
            showIcon
            title={
              result.status === 200
                ? t('partners.pingOk', { rtt: format.number(result.rttMs), status: result.status })
                : t('partners.pingRefused', {
                    rtt: format.number(result.rttMs),
                    code: result.remoteError?.code ?? `HTTP ${result.status}`,
                  })
            }
            description={t('partners.pingTls', {
              protocol: result.tls.protocol ?? '?',
              subject: result.tls.peerSubject ?? '?',
            })}
          />
        )}
        {error && (
          <Alert
            type="error"
            showIcon
            title={t('partners.pingFailed', {
              code: error instanceof ApiError ? error.code : 'ERROR',
              message: error.message,
            })}
          />
        )}
      </div>
    </Card>
  );
}
