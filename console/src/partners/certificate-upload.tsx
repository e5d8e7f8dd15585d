/**
 * Upload of a partner certificate under a role (PEM pasted or read from a file). The server checks it;
 * each result is shown by field: a rejection on the certificate field in plain words with its code, an
 * accepted certificate with every checked fact (validity, key, CA flag, usages, country).
 */
import { App, Button, Card, Descriptions, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';
import { ErrorAlert } from '../components/error-alert';
import { NativeSelect } from '../components/native-select';
import { useFormat } from '../i18n/use-format';
import { en } from './i18n';
import { showFieldErrors } from './field-errors';
import { StatusTag, certificateKind } from './status-tag';
import { useUploadCertificate, type Certificate } from './use-partners';

const ROLES = ['tls-ca', 'signing-ca', 'tls-client', 'signing'] as const;
type CertCode = keyof typeof en.partners.certErrors;

interface UploadValues {
  role: Certificate['role'];
  pem: string;
}

export function CertificateFacts({ certificate }: { certificate: Certificate }) {
  const { t } = useTranslation();
  const format = useFormat();
  const c = certificate;
  const yesNo = (v: boolean) => (v ? t('partners.yes') : t('partners.no'));
  const list = (v: string[]) => (v.length ? v.join(', ') : t('partners.none'));
  const items: Array<[string, React.ReactNode]> = [
    [
      'state',
      <StatusTag key="s" kind={certificateKind(c.state)} label={t(`partners.certStates.${c.state}`)} />,
    ],
    ['subject', c.subject],
    ['issuer', c.issuer],
    ['notBefore', format.dateTime(c.notBefore)],
    ['notAfter', format.dateTime(c.notAfter)],
    ['key', `${c.keyType.toUpperCase()} ${format.number(c.keySize)}${c.curve ? ` (${c.curve})` : ''}`],
    ['isCa', yesNo(c.isCa)],
    ['keyUsage', list(c.keyUsage)],
    ['extendedKeyUsage', list(c.extendedKeyUsage)],
    ['subjectCountries', list(c.subjectCountries)],
    ['serialNumber', <code key="n">{c.serialNumber}</code>],
    ['fingerprint', <code key="f">{c.fingerprint}</code>],
  ];
  return (
    <Descriptions
      bordered
      size="small"
      column={1}
      items={items.map(([key, children]) => ({ key, label: t(`partners.fields.${key}`), children }))}
    />
  );
}

function certificateProblem(error: unknown, t: TFunction): string | undefined {
  if (!(error instanceof ApiError) || !error.code.startsWith('CERT_')) return undefined;
  const known = t(`partners.certErrors.${error.code as CertCode}`, { defaultValue: '' });
  return `${known || error.message} (${error.code})`;
}

export function CertificateUpload({ code }: { code: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<UploadValues>();
  const upload = useUploadCertificate(code);
  const [accepted, setAccepted] = useState<Certificate | null>(null);
  const readFile = async (file: File | undefined) => {
    if (file) form.setFieldValue('pem', await file.text());
  };
  const onFinish = (values: UploadValues) => {
    setAccepted(null);
    upload.mutate(values, {
      onSuccess: ({ created, certificate }) => {
        setAccepted(certificate);
        void message.success(created ? t('partners.uploaded') : t('partners.alreadyStored'));
      },
      onError: (error) => {
        const problem = certificateProblem(error, t);
        if (problem) form.setFields([{ name: 'pem', errors: [problem] }]);
        else showFieldErrors(form, error, ['role', 'pem']);
      },
    });
  };
  const unplaced =
    upload.isError &&
    !certificateProblem(upload.error, t) &&
    !showFieldErrors(form, upload.error, ['role', 'pem']);
  return (
    <Card title={<h2 className="card-heading">{t('partners.upload')}</h2>} size="small">
      <Typography.Paragraph>{t('partners.uploadHelp')}</Typography.Paragraph>
      <Form<UploadValues> form={form} name="upload-certificate" layout="vertical" onFinish={onFinish}>
        <Form.Item label={t('partners.role')} name="role" initialValue="tls-ca">
          <NativeSelect options={ROLES.map((r) => ({ value: r, label: t(`partners.roles.${r}`) }))} />
        </Form.Item>
        <Form.Item
          label={t('partners.pem')}
          name="pem"
          rules={[{ required: true, message: t('partners.required') }]}
        >
          <Input.TextArea rows={5} spellCheck={false} placeholder="-----BEGIN CERTIFICATE-----" />
        </Form.Item>
        <Form.Item label={t('partners.file')} htmlFor="certificate-file">
          <input
            id="certificate-file"
            type="file"
            accept=".pem,.crt,.cer,text/plain"
            onChange={(e) => void readFile(e.target.files?.[0])}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={upload.isPending}>
          {t('partners.uploadSubmit')}
        </Button>
      </Form>
      {unplaced && <ErrorAlert error={upload.error} />}
      {accepted && (
        <section aria-label={t('partners.checks')} style={{ marginTop: 16 }}>
          <h3 className="card-heading">{t('partners.checks')}</h3>
          <CertificateFacts certificate={accepted} />
        </section>
      )}
    </Card>
  );
}
