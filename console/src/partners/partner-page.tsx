/**
 * One partner: its settings (endpoint, timeout, document types), its state (activate, suspend, reactivate),
 * a ping with its result and round-trip time, its certificates (upload, rotate, revoke). Auditors read.
 */
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Space,
  Spin,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../components/error-alert';
import { useSession } from '../session/use-session';
import { CertificateTable } from './certificate-table';
import { CertificateUpload } from './certificate-upload';
import { showFieldErrors } from './field-errors';
import { PingCard } from './ping-card';
import { StatusTag, partnerKind } from './status-tag';
import { usePartner, useUpdatePartner, type PartnerView } from './use-partners';

const DOCUMENT_TYPES = ['export', 're-export', 'import', 'other'] as const;
const FIELDS = ['name', 'endpointUrl', 'timeoutMs', 'allowedDocumentTypes'];
type Settings = Pick<PartnerView, 'name' | 'endpointUrl' | 'timeoutMs' | 'allowedDocumentTypes'>;

function SettingsCard({ partner, editable }: { partner: PartnerView; editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Settings>();
  const update = useUpdatePartner(partner.code);
  const onFinish = (values: Settings) =>
    update.mutate(values, {
      onSuccess: () => void message.success(t('partners.saved')),
      onError: (error) => showFieldErrors(form, error, FIELDS),
    });
  return (
    <Card title={<h2 className="card-heading">{t('partners.settings')}</h2>} size="small">
      <Form<Settings>
        form={form}
        name="partner-settings"
        layout="vertical"
        initialValues={partner}
        disabled={!editable}
        onFinish={onFinish}
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item label={t('partners.name')} name="name">
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item label={t('partners.endpointUrl')} name="endpointUrl">
              <Input type="url" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('partners.timeoutMs')} name="timeoutMs">
              <InputNumber min={1000} max={300_000} step={1000} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item label={t('partners.documentTypes')} name="allowedDocumentTypes">
              <Checkbox.Group
                options={DOCUMENT_TYPES.map((d) => ({
                  value: d,
                  label: t(`partners.documentTypeNames.${d}`),
                }))}
              />
            </Form.Item>
          </Col>
        </Row>
        {editable && (
          <Button type="primary" htmlType="submit" loading={update.isPending}>
            {t('partners.save')}
          </Button>
        )}
      </Form>
      {update.isError && !showFieldErrors(form, update.error, FIELDS) && <ErrorAlert error={update.error} />}
    </Card>
  );
}

function StatusButtons({ partner }: { partner: PartnerView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const update = useUpdatePartner(partner.code);
  const change = (status: PartnerView['status']) =>
    update.mutate(
      { status },
      {
        onSuccess: () =>
          void message.success(
            t('partners.statusChanged', { code: partner.code, status: t(`partners.statuses.${status}`) }),
          ),
      },
    );
  return (
    <>
      {partner.status === 'pending' && (
        <Button type="primary" onClick={() => change('active')} loading={update.isPending}>
          {t('partners.activate')}
        </Button>
      )}
      {partner.status === 'active' && (
        <Button danger onClick={() => change('suspended')} loading={update.isPending}>
          {t('partners.suspend')}
        </Button>
      )}
      {partner.status === 'suspended' && (
        <Button type="primary" onClick={() => change('active')} loading={update.isPending}>
          {t('partners.reactivate')}
        </Button>
      )}
      {update.isError && <ErrorAlert error={update.error} />}
    </>
  );
}

export function PartnerPage() {
  const { t } = useTranslation();
  const code = (useParams().code ?? '').toUpperCase();
  const session = useSession();
  const partner = usePartner(code);
  const isAdmin = session.data?.role === 'admin';
  const p = partner.data;
  return (
    <>
      <div>
        <Link to="/partners">← {t('partners.back')}</Link>
      </div>
      {partner.isPending && <Spin description={t('app.loading')} />}
      {partner.isError && <ErrorAlert error={partner.error} />}
      {p && (
        <>
          <Space align="center" wrap style={{ marginTop: 8 }}>
            <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
              {t('partners.detailTitle', { code: p.code, name: p.name })}
            </Typography.Title>
            <StatusTag kind={partnerKind(p.status)} label={t(`partners.statuses.${p.status}`)} />
            {isAdmin && <StatusButtons partner={p} />}
          </Space>
          {!isAdmin && <Typography.Paragraph>{t('partners.readOnly')}</Typography.Paragraph>}
          <Space direction="vertical" size="middle" style={{ width: '100%', marginTop: 16 }}>
            <SettingsCard key={p.updatedAt} partner={p} editable={isAdmin} />
            {isAdmin && <PingCard code={p.code} />}
            <CertificateTable partner={p} editable={isAdmin} />
            {isAdmin && <CertificateUpload code={p.code} />}
          </Space>
        </>
      )}
    </>
  );
}
