/** The boxes of the permit form as antd form fields, named by the permit model's own paths. */
import { Button, Card, Col, Form, Input, InputNumber, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { NativeSelect } from '../components/native-select';
import { codeOptions, countryOptions, type Option } from './code-options';

type Name = Array<string | number>;

function useRequired() {
  const { t } = useTranslation();
  return [{ required: true, message: t('permits.required') }];
}

function Select({
  name,
  label,
  options,
  required,
  optional,
}: {
  name: Name;
  label: string;
  options: Option[];
  required?: boolean;
  optional?: boolean;
}) {
  const rules = useRequired();
  const { t } = useTranslation();
  const all = optional ? [{ value: '', label: t('permits.none') }, ...options] : options;
  return (
    <Form.Item label={label} name={name} rules={required ? rules : undefined}>
      <NativeSelect options={all} />
    </Form.Item>
  );
}

function Text({
  name,
  label,
  required,
  area,
}: {
  name: Name;
  label: string;
  required?: boolean;
  area?: boolean;
}) {
  const rules = useRequired();
  return (
    <Form.Item label={label} name={name} rules={required ? rules : undefined}>
      {area ? <Input.TextArea rows={2} /> : <Input />}
    </Form.Item>
  );
}

export function DocumentFields() {
  const { t, i18n } = useTranslation();
  const third = { xs: 24, md: 8 };
  return (
    <Row gutter={16}>
      <Col {...third}>
        <Text name={['permitNumber']} label={t('permits.permitNumber')} required />
      </Col>
      <Col {...third}>
        <Select name={['type']} label={t('permits.type')} options={codeOptions.permitTypes(t)} required />
      </Col>
      <Col {...third}>
        <Select
          name={['issuingCountry']}
          label={t('permits.issuingCountry')}
          options={countryOptions(i18n.language)}
          required
        />
      </Col>
      <Col {...third}>
        <Form.Item label={t('permits.issueDate')} name="issueDate" rules={useRequired()}>
          <Input type="date" />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item label={t('permits.validFrom')} name="validFrom">
          <Input type="date" />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item label={t('permits.validUntil')} name="validUntil" rules={useRequired()}>
          <Input type="date" />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Select name={['purpose']} label={t('permits.purpose')} options={codeOptions.purposes(t)} required />
      </Col>
      <Col {...third}>
        <Text name={['placeOfIssue']} label={t('permits.placeOfIssue')} />
      </Col>
      <Col {...third}>
        <Text name={['securityStampNumber']} label={t('permits.securityStampNumber')} />
      </Col>
      <Col span={24}>
        <Text name={['specialConditions']} label={t('permits.specialConditions')} area />
      </Col>
    </Row>
  );
}

export function PartyFields({ party, legend }: { party: 'exporter' | 'importer'; legend: string }) {
  const { t, i18n } = useTranslation();
  return (
    <fieldset className="plain-fieldset">
      <legend>{legend}</legend>
      <Text name={[party, 'name']} label={t('permits.name')} required />
      <Text name={[party, 'address', 'street']} label={t('permits.street')} />
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Text name={[party, 'address', 'city']} label={t('permits.city')} />
        </Col>
        <Col xs={24} md={12}>
          <Select
            name={[party, 'address', 'country']}
            label={t('permits.country')}
            options={countryOptions(i18n.language)}
            required
          />
        </Col>
      </Row>
    </fieldset>
  );
}

export function AuthorityFields() {
  const { t } = useTranslation();
  return (
    <fieldset className="plain-fieldset">
      <legend>{t('permits.managementAuthority')}</legend>
      <Text name={['managementAuthority', 'name']} label={t('permits.name')} required />
    </fieldset>
  );
}

function LineFields({ index, block, onRemove }: { index: number; block: string; onRemove?: () => void }) {
  const { t, i18n } = useTranslation();
  const n = (field: string): Name => [index, field];
  const rules = useRequired();
  const col = { xs: 24, md: 12, lg: 6 };
  return (
    <fieldset className="plain-fieldset permit-line">
      <legend>{t('permits.line', { block })}</legend>
      <Row gutter={16}>
        <Col xs={24} md={6} lg={3}>
          <Text name={n('id')} label={t('permits.block')} required />
        </Col>
        <Col xs={24} md={18} lg={9}>
          <Text name={n('scientificName')} label={t('permits.scientificName')} required />
        </Col>
        <Col xs={24} lg={12}>
          <Text name={n('commonName')} label={t('permits.commonName')} />
        </Col>
        <Col {...col}>
          <Select
            name={n('termCode')}
            label={t('permits.termCode')}
            options={codeOptions.terms(i18n.language)}
            required
          />
        </Col>
        <Col {...col}>
          <Select
            name={n('appendix')}
            label={t('permits.appendix')}
            options={codeOptions.appendices(t)}
            required
          />
        </Col>
        <Col {...col}>
          <Select name={n('source')} label={t('permits.source')} options={codeOptions.sources(t)} required />
        </Col>
        <Col {...col}>
          <Form.Item label={t('permits.quantity')} name={n('quantity')} rules={rules}>
            <InputNumber style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item label={t('permits.unit')} name={n('unit')}>
            <NativeSelect options={[{ value: '', label: t('permits.noUnit') }, ...codeOptions.units(t)]} />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Select
            name={[index, 'origin', 'country']}
            label={t('permits.originCountry')}
            options={countryOptions(i18n.language)}
            optional
          />
        </Col>
        <Col span={24}>
          <Text name={n('description')} label={t('permits.description')} />
        </Col>
      </Row>
      {onRemove && (
        <Button onClick={onRemove} danger>
          {t('permits.removeLine', { block })}
        </Button>
      )}
    </fieldset>
  );
}

const BLOCKS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function LinesFields() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  return (
    <Form.List name="lines">
      {(fields, { add, remove }) => (
        <>
          {fields.map((field, i) => (
            <Card key={field.key} size="small" style={{ marginBottom: 12 }}>
              <LineFields
                index={field.name}
                block={String(form.getFieldValue(['lines', field.name, 'id']) ?? BLOCKS[i] ?? '')}
                onRemove={fields.length > 1 ? () => remove(field.name) : undefined}
              />
            </Card>
          ))}
          <Button
            onClick={() =>
              add({ id: BLOCKS[fields.length] ?? String(fields.length + 1), appendix: 'II', source: 'W' })
            }
          >
            {t('permits.addLine')}
          </Button>
        </>
      )}
    </Form.List>
  );
}
