/**
 * Create a rule profile or write its next version: criteria (and/or), lane, selection rate, validity,
 * sensitive flag and who is told. The API validates; its problems are listed with their fields.
 */
import { Alert, Button, Card, Checkbox, Col, Form, Input, InputNumber, Row, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Criteria, RiskProfileDefinition } from '../../../src/domain/risk/profile';
import { ErrorAlert } from '../components/error-alert';
import { NativeSelect } from '../components/native-select';
import { criteriaOf, draftOf, type CriterionRow } from './criteria';
import { CriteriaFields } from './criteria-fields';
import { useSaveProfile, type ProfileRow } from './use-risk';

interface ProfileForm {
  name: string;
  description?: string;
  lane: 'YELLOW' | 'RED';
  selectionRate: number;
  validFrom?: string;
  validTo?: string;
  active: boolean;
  sensitive: boolean;
  notify?: string;
  combinator: 'all' | 'any';
  rows: CriterionRow[];
  criteriaJson?: string;
}

function initialOf(profile: ProfileRow | null): Partial<ProfileForm> {
  if (!profile)
    return {
      lane: 'YELLOW',
      selectionRate: 100,
      active: true,
      sensitive: false,
      combinator: 'all',
      rows: [{ field: '', op: 'eq', value: '' }],
    };
  const d = profile.definition;
  const draft = draftOf(d.criteria);
  return {
    ...d,
    notify: d.notify.join(', '),
    combinator: draft?.combinator ?? 'all',
    rows: draft?.rows ?? [],
    ...(draft ? {} : { criteriaJson: JSON.stringify(d.criteria, null, 2) }),
  };
}

function definitionOf(form: ProfileForm): RiskProfileDefinition {
  const criteria: Criteria =
    form.criteriaJson !== undefined
      ? (JSON.parse(form.criteriaJson) as Criteria)
      : criteriaOf({ combinator: form.combinator, rows: form.rows });
  const optional = (v?: string) => (v && v.trim() ? v.trim() : undefined);
  return {
    name: form.name.trim(),
    ...(optional(form.description) ? { description: optional(form.description) } : {}),
    criteria,
    lane: form.lane,
    selectionRate: form.selectionRate,
    ...(optional(form.validFrom) ? { validFrom: optional(form.validFrom) } : {}),
    ...(optional(form.validTo) ? { validTo: optional(form.validTo) } : {}),
    sensitive: form.sensitive,
    notify: (form.notify ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    active: form.active,
  };
}

export function ProfileForm({
  profile,
  onDone,
}: {
  profile: ProfileRow | null;
  onDone: (saved?: ProfileRow) => void;
}) {
  const { t } = useTranslation();
  const save = useSaveProfile();
  const required = [{ required: true, message: t('riskProfiles.required') }];
  const advanced = profile !== null && draftOf(profile.definition.criteria) === null;
  const json = {
    validator: (_: unknown, v?: string) => {
      try {
        JSON.parse(v ?? '');
        return Promise.resolve();
      } catch {
        return Promise.reject(new Error(t('riskProfiles.jsonInvalid')));
      }
    },
  };
  const title = profile
    ? t('riskProfiles.formTitleEdit', { name: profile.definition.name, version: profile.version })
    : t('riskProfiles.formTitleNew');
  return (
    <Card title={<h2 className="card-heading">{title}</h2>} style={{ marginBottom: 16 }}>
      <Form<ProfileForm>
        name="risk-profile"
        layout="vertical"
        initialValues={initialOf(profile)}
        onFinish={(form) =>
          save.mutate(
            { id: profile?.id, basedOnVersion: profile?.version, definition: definitionOf(form) },
            { onSuccess: (saved) => onDone(saved) },
          )
        }
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item label={t('riskProfiles.name')} name="name" rules={required}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item label={t('riskProfiles.laneField')} name="lane">
              <NativeSelect
                options={(['YELLOW', 'RED'] as const).map((l) => ({
                  value: l,
                  label: t(`riskProfiles.lanes.${l}`),
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item label={t('riskProfiles.selectionRate')} name="selectionRate" rules={required}>
              <InputNumber min={0} max={100} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item label={t('riskProfiles.description')} name="description">
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item label={t('riskProfiles.validFrom')} name="validFrom">
              <Input type="date" />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item label={t('riskProfiles.validTo')} name="validTo">
              <Input type="date" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Space wrap style={{ marginTop: 30 }}>
              <Form.Item name="active" valuePropName="checked" noStyle>
                <Checkbox>{t('riskProfiles.active')}</Checkbox>
              </Form.Item>
              <Form.Item name="sensitive" valuePropName="checked" noStyle>
                <Checkbox>{t('riskProfiles.sensitiveField')}</Checkbox>
              </Form.Item>
            </Space>
          </Col>
          <Col span={24}>
            <Form.Item label={t('riskProfiles.notify')} name="notify">
              <Input />
            </Form.Item>
          </Col>
        </Row>
        {advanced ? (
          <>
            <Alert type="info" showIcon title={t('riskProfiles.advanced')} style={{ marginBottom: 8 }} />
            <Form.Item label={t('riskProfiles.criteriaJson')} name="criteriaJson" rules={[json]}>
              <Input.TextArea rows={8} className="code-area" />
            </Form.Item>
          </>
        ) : (
          <CriteriaFields />
        )}
        <div aria-live="polite">{save.isError && <ErrorAlert error={save.error} />}</div>
        <Space style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('riskProfiles.save')}
          </Button>
          <Button onClick={() => onDone()}>{t('riskProfiles.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
