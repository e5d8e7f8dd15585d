/** Partner countries: the list with state and earliest certificate expiry; administrators add partners. */
import { App, Button, Card, Checkbox, Col, Form, Input, InputNumber, Row, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../components/error-alert';
import { useFormat } from '../i18n/use-format';
import { useSession } from '../session/use-session';
import { showFieldErrors } from './field-errors';
import { StatusTag, partnerKind } from './status-tag';
import {
  earliestExpiry,
  useAddPartner,
  usePartners,
  type NewPartnerInput,
  type PartnerView,
} from './use-partners';

const DOCUMENT_TYPES = ['export', 're-export', 'import', 'other'] as const;
const FIELDS = ['code', 'name', 'endpointUrl', 'timeoutMs', 'allowedDocumentTypes'];

function AddPartnerForm() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<NewPartnerInput>();
  const add = useAddPartner();
  const required = [{ required: true, message: t('partners.required') }];
  const onFinish = (values: NewPartnerInput) =>
    add.mutate(values, {
      onSuccess: (partner) => {
        void message.success(t('partners.added', { code: partner.code }));
        form.resetFields();
      },
      onError: (error) => showFieldErrors(form, error, FIELDS),
    });
  return (
    <Card
      title={<h2 className="card-heading">{t('partners.add')}</h2>}
      size="small"
      style={{ marginTop: 16 }}
    >
      <Form<NewPartnerInput> form={form} name="add-partner" layout="vertical" onFinish={onFinish}>
        <Row gutter={16}>
          <Col xs={24} md={4}>
            <Form.Item
              label={t('partners.code')}
              name="code"
              rules={required}
              normalize={(v: string) => v.toUpperCase()}
            >
              <Input maxLength={2} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('partners.name')} name="name" rules={required}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('partners.endpointUrl')} name="endpointUrl" rules={required}>
              <Input type="url" placeholder="https://" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('partners.timeoutMs')} name="timeoutMs" initialValue={10_000}>
              <InputNumber min={1000} max={300_000} step={1000} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item
              label={t('partners.documentTypes')}
              name="allowedDocumentTypes"
              initialValue={[...DOCUMENT_TYPES]}
            >
              <Checkbox.Group
                options={DOCUMENT_TYPES.map((d) => ({
                  value: d,
                  label: t(`partners.documentTypeNames.${d}`),
                }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={add.isPending}>
          {t('partners.addSubmit')}
        </Button>
        {add.isError && !showFieldErrors(form, add.error, FIELDS) && <ErrorAlert error={add.error} />}
      </Form>
    </Card>
  );
}

export function PartnersPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const session = useSession();
  const partners = usePartners();
  const isAdmin = session.data?.role === 'admin';
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('partners.title')}
      </Typography.Title>
      {!isAdmin && <Typography.Paragraph>{t('partners.readOnly')}</Typography.Paragraph>}
      {partners.isError && <ErrorAlert error={partners.error} />}
      <Table<PartnerView>
        aria-label={t('partners.table')}
        size="small"
        rowKey="code"
        loading={partners.isPending}
        dataSource={partners.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <span className="empty-text">{t('partners.empty')}</span> }}
        columns={[
          {
            title: t('partners.code'),
            key: 'code',
            render: (_: unknown, p: PartnerView) => <Link to={`/partners/${p.code}`}>{p.code}</Link>,
          },
          { title: t('partners.name'), dataIndex: 'name', key: 'name' },
          {
            title: t('partners.status'),
            key: 'status',
            render: (_: unknown, p: PartnerView) => (
              <StatusTag kind={partnerKind(p.status)} label={t(`partners.statuses.${p.status}`)} />
            ),
          },
          { title: t('partners.endpointUrl'), dataIndex: 'endpointUrl', key: 'endpointUrl' },
          {
            title: t('partners.certificatesCount'),
            key: 'certificates',
            align: 'right',
            render: (_: unknown, p: PartnerView) =>
              format.number(p.certificates.filter((c) => c.state === 'active').length),
          },
          {
            title: t('partners.certificateExpiry'),
            key: 'expiry',
            render: (_: unknown, p: PartnerView) => {
              const at = earliestExpiry(p);
              return at ? format.date(at) : t('partners.none');
            },
          },
        ]}
      />
      {isAdmin && <AddPartnerForm />}
    </>
  );
}
