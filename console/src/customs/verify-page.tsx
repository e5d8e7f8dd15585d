/** Customs: verify a presented permit by its number against the permit actually received. */
import { Button, Card, Col, Form, Input, InputNumber, Row, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VerificationRequestInput } from '../../../src/domain/verification/declaration';
import { ErrorAlert } from '../components/error-alert';
import { PresentedPermitFields, type Presented } from './presented-permit-fields';
import { useVerify } from './use-verify';
import { VerdictCard } from './verdict-card';

interface VerifyForm {
  issuingCountry: string;
  permitNumber: string;
  issueYear?: number;
  declarationNumber: string;
  importerName: string;
  arrivalDate: string;
  scientificName: string;
  termCode: string;
  quantity: number;
  unit?: string;
}

function toRequest(form: VerifyForm, presented: Presented): VerificationRequestInput {
  return {
    ...(presented.mode === 'xml'
      ? { documentXml: presented.xml }
      : {
          permit: {
            issuingCountry: form.issuingCountry,
            permitNumber: form.permitNumber,
            ...(form.issueYear ? { issueYear: form.issueYear } : {}),
          },
        }),
    declaration: {
      declarationNumber: form.declarationNumber,
      importer: { name: form.importerName },
      arrivalDate: form.arrivalDate,
      lines: [
        {
          scientificName: form.scientificName,
          termCode: form.termCode,
          quantity: form.quantity,
          ...(form.unit ? { unit: form.unit } : {}),
        },
      ],
    },
  };
}

export function VerifyPage() {
  const { t } = useTranslation();
  const verify = useVerify();
  const [presented, setPresented] = useState<Presented>({ mode: 'number', xml: '' });
  const required = [{ required: true, message: t('customs.required') }];
  const half = { xs: 24, md: 12 };
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('customs.title')}
      </Typography.Title>
      <Typography.Paragraph>{t('customs.intro')}</Typography.Paragraph>
      <Form<VerifyForm>
        name="verify"
        layout="vertical"
        initialValues={{ arrivalDate: new Date().toISOString().slice(0, 10) }}
        onFinish={(form) => verify.mutate(toRequest(form, presented))}
      >
        <Card title={<h2 className="card-heading">{t('customs.permit')}</h2>} size="small">
          <PresentedPermitFields presented={presented} onChange={setPresented} />
          <Row gutter={16} hidden={presented.mode !== 'number'}>
            <Col xs={24} md={6}>
              <Form.Item
                label={t('customs.issuingCountry')}
                name="issuingCountry"
                rules={presented.mode === 'number' ? required : []}
              >
                <Input maxLength={2} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                label={t('customs.permitNumber')}
                name="permitNumber"
                rules={presented.mode === 'number' ? required : []}
              >
                <Input />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item label={t('customs.issueYear')} name="issueYear">
                <InputNumber min={1975} max={9999} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card
          title={<h2 className="card-heading">{t('customs.declaration')}</h2>}
          size="small"
          style={{ marginTop: 16 }}
        >
          <Row gutter={16}>
            <Col {...half}>
              <Form.Item label={t('customs.declarationNumber')} name="declarationNumber" rules={required}>
                <Input />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item label={t('customs.arrivalDate')} name="arrivalDate" rules={required}>
                <Input type="date" />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item label={t('customs.importerName')} name="importerName" rules={required}>
                <Input />
              </Form.Item>
            </Col>
          </Row>
          <fieldset className="plain-fieldset">
            <legend>{t('customs.line')}</legend>
            <Row gutter={16}>
              <Col xs={24} md={9}>
                <Form.Item label={t('customs.scientificName')} name="scientificName" rules={required}>
                  <Input />
                </Form.Item>
              </Col>
              <Col xs={24} md={5}>
                <Form.Item label={t('customs.termCode')} name="termCode" rules={required}>
                  <Input maxLength={3} />
                </Form.Item>
              </Col>
              <Col xs={24} md={4}>
                <Form.Item label={t('customs.quantity')} name="quantity" rules={required}>
                  <InputNumber min={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24} md={6}>
                <Form.Item label={t('customs.unit')} name="unit">
                  <Input maxLength={3} />
                </Form.Item>
              </Col>
            </Row>
          </fieldset>
        </Card>
        <Button type="primary" htmlType="submit" loading={verify.isPending} style={{ marginTop: 16 }}>
          {t('customs.submit')}
        </Button>
      </Form>
      <div aria-live="polite">
        {verify.isError && <ErrorAlert error={verify.error} />}
        {verify.isSuccess && <VerdictCard answer={verify.data} />}
      </div>
    </>
  );
}
