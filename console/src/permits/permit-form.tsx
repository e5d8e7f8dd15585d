/**
 * Issue (or replace) a permit: the boxes of the CITES form, validated by the API; its field problems are
 * shown under the fields they concern, in the officer's language.
 */
import { Alert, Button, Card, Col, Form, Row, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Permit } from '../../../src/domain/permit/permit';
import { ErrorAlert } from '../components/error-alert';
import { fieldProblemsOf, type FieldProblem } from './field-errors';
import { AuthorityFields, DocumentFields, LinesFields, PartyFields } from './permit-fields';
import { toPermit, type PermitFormValues } from './permit-values';

export interface PermitFormProps {
  title: string;
  submitLabel: string;
  initialValues: Partial<PermitFormValues>;
  pending: boolean;
  onSubmit: (permit: Permit) => Promise<unknown>;
  onClose: () => void;
}

function Problems({ problems }: { problems: FieldProblem[] }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={t('permits.invalid')}
      description={
        <ul>
          {problems.map((p) => (
            <li key={`${p.path}:${p.message}`}>
              <code>{p.path}</code>: {p.message}
            </li>
          ))}
        </ul>
      }
      style={{ marginBottom: 16 }}
    />
  );
}

export function PermitForm({
  title,
  submitLabel,
  initialValues,
  pending,
  onSubmit,
  onClose,
}: PermitFormProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PermitFormValues>();
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const submit = async (values: PermitFormValues) => {
    setProblems([]);
    setFailure(null);
    try {
      await onSubmit(toPermit(values));
    } catch (error) {
      const fields = fieldProblemsOf(error, t);
      if (!fields) return setFailure(error);
      setProblems(fields);
      form.setFields(fields.map((p) => ({ name: p.name as never, errors: [p.message] })));
    }
  };
  return (
    <Card title={<h2 className="card-heading">{title}</h2>} style={{ marginBottom: 24 }}>
      <Typography.Paragraph>{t('permits.intro')}</Typography.Paragraph>
      <div aria-live="polite">
        {problems.length > 0 && <Problems problems={problems} />}
        {failure !== null && <ErrorAlert error={failure} />}
      </div>
      <Form<PermitFormValues>
        form={form}
        name="permit"
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => void submit(values)}
      >
        <section aria-labelledby="permit-document">
          <h3 id="permit-document" className="form-section-heading">
            {t('permits.document')}
          </h3>
          <DocumentFields />
        </section>
        <section aria-labelledby="permit-parties">
          <h3 id="permit-parties" className="form-section-heading">
            {t('permits.parties')}
          </h3>
          <Row gutter={24}>
            <Col xs={24} lg={12}>
              <PartyFields party="exporter" legend={t('permits.exporter')} />
            </Col>
            <Col xs={24} lg={12}>
              <PartyFields party="importer" legend={t('permits.importer')} />
            </Col>
          </Row>
          <AuthorityFields />
        </section>
        <section aria-labelledby="permit-lines">
          <h3 id="permit-lines" className="form-section-heading">
            {t('permits.lines')}
          </h3>
          <LinesFields />
        </section>
        <Space style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" loading={pending}>
            {submitLabel}
          </Button>
          <Button onClick={onClose}>{t('permits.cancelEdit')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
