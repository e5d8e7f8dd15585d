/** The API's message filters as a form. */
import { Button, Col, Form, Input, Row, Space } from 'antd';
import { NativeSelect } from '../components/native-select';
import { useTranslation } from 'react-i18next';
import { en } from '../i18n/en';
import type { MessageFilters as Filters } from './use-messages';

// The API's lists, taken from the catalogue's keys (which the compiler holds to the server's types), so the
// browser bundle does not import the server's domain modules.
const STATES = Object.keys(en.messages.states) as Array<keyof typeof en.messages.states>;
const DOCUMENT_TYPES = Object.keys(en.messages.documentTypes) as Array<
  keyof typeof en.messages.documentTypes
>;

export function MessageFilters({ onApply }: { onApply: (filters: Filters) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Filters>();
  const any = { value: '', label: t('messages.any') };
  const col = { xs: 24, sm: 12, lg: 6 };
  const clean = (values: Filters): Filters =>
    Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== ''));
  return (
    <Form<Filters> form={form} name="message-filters" layout="vertical" onFinish={(v) => onApply(clean(v))}>
      <Row gutter={16}>
        <Col {...col}>
          <Form.Item label={t('messages.direction')} name="direction" initialValue="">
            <NativeSelect
              options={[
                any,
                ...(['outbound', 'inbound'] as const).map((d) => ({
                  value: d,
                  label: t(`messages.directions.${d}`),
                })),
              ]}
            />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item label={t('messages.state')} name="state" initialValue="">
            <NativeSelect
              options={[
                any,
                ...STATES.map((s) => ({
                  value: s,
                  label: t(`messages.states.${s}`),
                })),
              ]}
            />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item label={t('messages.documentType')} name="documentType" initialValue="">
            <NativeSelect
              options={[
                any,
                ...DOCUMENT_TYPES.map((d) => ({ value: d, label: t(`messages.documentTypes.${d}`) })),
              ]}
            />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item label={t('messages.partner')} name="partner" normalize={(v: string) => v.toUpperCase()}>
            <Input maxLength={2} />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item label={t('messages.permitKey')} name="permitKey">
            <Input />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item label={t('messages.from')} name="from">
            <Input type="date" />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item label={t('messages.to')} name="to">
            <Input type="date" />
          </Form.Item>
        </Col>
      </Row>
      <Space>
        <Button type="primary" htmlType="submit">
          {t('messages.apply')}
        </Button>
        <Button
          onClick={() => {
            form.resetFields();
            onApply({});
          }}
        >
          {t('messages.reset')}
        </Button>
      </Space>
    </Form>
  );
}
