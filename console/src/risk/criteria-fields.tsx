/** The criteria builder: "all" or "any" of criteria, each a fact, a comparison and a value. */
import { Button, Card, Col, Form, Input, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { NativeSelect } from '../components/native-select';
import { OPS } from './criteria';

export function CriteriaFields() {
  const { t } = useTranslation();
  const required = [{ required: true, whitespace: true, message: t('riskProfiles.required') }];
  return (
    <fieldset className="plain-fieldset">
      <legend>{t('riskProfiles.criteria')}</legend>
      <Form.Item label={t('riskProfiles.combinator')} name="combinator">
        <NativeSelect
          options={[
            { value: 'all', label: t('riskProfiles.all') },
            { value: 'any', label: t('riskProfiles.any') },
          ]}
        />
      </Form.Item>
      <Form.List name="rows">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, i) => (
              <Card key={field.key} size="small" style={{ marginBottom: 8 }}>
                <fieldset className="plain-fieldset">
                  <legend>{t('riskProfiles.criterion', { n: i + 1 })}</legend>
                  <Row gutter={12} align="bottom">
                    <Col xs={24} md={8}>
                      <Form.Item
                        label={t('riskProfiles.field')}
                        name={[field.name, 'field']}
                        rules={required}
                        extra={i === 0 ? t('riskProfiles.fieldHelp') : undefined}
                      >
                        <Input />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={6}>
                      <Form.Item label={t('riskProfiles.op')} name={[field.name, 'op']}>
                        <NativeSelect
                          options={OPS.map((op) => ({ value: op, label: t(`riskProfiles.ops.${op}`) }))}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={7}>
                      <Form.Item label={t('riskProfiles.value')} name={[field.name, 'value']}>
                        <Input />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={3}>
                      {fields.length > 1 && (
                        <Form.Item>
                          <Button danger onClick={() => remove(field.name)}>
                            {t('riskProfiles.removeCriterion', { n: i + 1 })}
                          </Button>
                        </Form.Item>
                      )}
                    </Col>
                  </Row>
                </fieldset>
              </Card>
            ))}
            <Button onClick={() => add({ field: '', op: 'eq', value: '' })}>
              {t('riskProfiles.addCriterion')}
            </Button>
          </>
        )}
      </Form.List>
    </fieldset>
  );
}
