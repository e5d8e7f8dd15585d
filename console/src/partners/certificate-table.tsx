/** A partner's certificates by role, with state and validity; administrators revoke (after rotation). */
import { App, Button, Card, Popconfirm, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/error-alert';
import { useFormat } from '../i18n/use-format';
import { StatusTag, certificateKind } from './status-tag';
import { useRevokeCertificate, type Certificate, type PartnerView } from './use-partners';

export function CertificateTable({ partner, editable }: { partner: PartnerView; editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const format = useFormat();
  const revoke = useRevokeCertificate(partner.code);
  return (
    <Card title={<h2 className="card-heading">{t('partners.certificates')}</h2>} size="small">
      <Table<Certificate>
        aria-label={t('partners.certificatesTable', { code: partner.code })}
        size="small"
        pagination={false}
        rowKey={(c) => `${c.role}:${c.fingerprint}`}
        dataSource={partner.certificates}
        locale={{ emptyText: <span className="empty-text">{t('partners.none')}</span> }}
        scroll={{ x: 900 }}
        columns={[
          {
            title: t('partners.role'),
            key: 'role',
            render: (_: unknown, c: Certificate) => t(`partners.roles.${c.role}`),
          },
          { title: t('partners.fields.subject'), dataIndex: 'subject', key: 'subject' },
          {
            title: t('partners.fields.state'),
            key: 'state',
            render: (_: unknown, c: Certificate) => (
              <StatusTag kind={certificateKind(c.state)} label={t(`partners.certStates.${c.state}`)} />
            ),
          },
          {
            title: t('partners.fields.notAfter'),
            key: 'notAfter',
            render: (_: unknown, c: Certificate) => format.date(c.notAfter),
          },
          {
            title: t('partners.fields.fingerprint'),
            key: 'fingerprint',
            render: (_: unknown, c: Certificate) => <code>{c.fingerprint.slice(0, 16)}…</code>,
          },
          ...(editable
            ? [
                {
                  title: '',
                  key: 'actions',
                  render: (_: unknown, c: Certificate) =>
                    c.state === 'revoked' ? null : (
                      <Popconfirm
                        title={t('partners.revokeConfirm', { code: partner.code })}
                        okText={t('partners.revoke')}
                        cancelText={t('partners.cancel')}
                        onConfirm={() =>
                          revoke.mutate(c, { onSuccess: () => void message.success(t('partners.revoked')) })
                        }
                      >
                        <Button danger size="small">
                          {t('partners.revoke')}
                        </Button>
                      </Popconfirm>
                    ),
                },
              ]
            : []),
        ]}
      />
      {revoke.isError && <ErrorAlert error={revoke.error} />}
    </Card>
  );
}
