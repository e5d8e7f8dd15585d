/** API tokens for machine clients: list, create (the secret shown once, never again), revoke. */
import { App, Button, Card, Col, Form, Input, Modal, Popconfirm, Row, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../src/domain/auth/token';
import { ErrorAlert } from '../components/error-alert';
import { NativeSelect } from '../components/native-select';
import { useFormat } from '../i18n/use-format';
import { ROLES } from './users-card';
import { useCreateToken, useRevokeToken, useTokens, type TokenRow } from './use-users';

function SecretDialog({ secret, onClose }: { secret: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={secret !== null}
      title={t('users.secretTitle')}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('users.close')}
        </Button>
      }
      destroyOnHidden
    >
      <Typography.Paragraph strong>{t('users.secretOnce')}</Typography.Paragraph>
      <label htmlFor="token-secret">{t('users.secretLabel')}</label>
      <Input id="token-secret" readOnly value={secret ?? ''} onFocus={(e) => e.target.select()} />
    </Modal>
  );
}

export function TokensCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const format = useFormat();
  const tokens = useTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [secret, setSecret] = useState<string | null>(null);
  const [form] = Form.useForm<{ name: string; role: Role; expiresIn?: string }>();
  return (
    <Card title={<h2 className="card-heading">{t('users.tokens')}</h2>} size="small">
      {tokens.isError && <ErrorAlert error={tokens.error} />}
      <Table<TokenRow>
        aria-label={t('users.tokensTable')}
        size="small"
        rowKey="id"
        loading={tokens.isPending}
        dataSource={tokens.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        columns={[
          { title: t('users.tokenName'), dataIndex: 'name', key: 'name' },
          { title: t('users.role'), key: 'role', render: (_: unknown, k: TokenRow) => t(`roles.${k.role}`) },
          {
            title: t('users.createdAt'),
            key: 'createdAt',
            render: (_: unknown, k: TokenRow) => format.dateTime(k.createdAt),
          },
          {
            title: t('users.expiresAt'),
            key: 'expiresAt',
            render: (_: unknown, k: TokenRow) => format.date(k.expiresAt),
          },
          {
            title: t('users.lastUsedAt'),
            key: 'lastUsedAt',
            render: (_: unknown, k: TokenRow) =>
              k.lastUsedAt ? format.dateTime(k.lastUsedAt) : t('users.never'),
          },
          {
            title: t('users.status'),
            key: 'status',
            render: (_: unknown, k: TokenRow) =>
              k.status !== 'active' ? (
                t(`users.tokenStatuses.${k.status}`)
              ) : (
                <Popconfirm
                  title={t('users.revokeConfirm', { name: k.name })}
                  okText={t('users.revoke')}
                  cancelText={t('users.cancel')}
                  onConfirm={() =>
                    revoke.mutate(k.id, {
                      onSuccess: () => void message.success(t('users.revoked', { name: k.name })),
                    })
                  }
                >
                  <Button size="small" danger aria-label={`${t('users.revoke')} ${k.name}`}>
                    {t('users.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      {revoke.isError && <ErrorAlert error={revoke.error} />}
      <h3 className="card-heading" style={{ marginTop: 16 }}>
        {t('users.addToken')}
      </h3>
      <Form
        form={form}
        name="add-token"
        layout="vertical"
        onFinish={(values) =>
          create.mutate(
            { ...values, ...(values.expiresIn ? {} : { expiresIn: undefined }) },
            {
              onSuccess: (created) => {
                setSecret(created.token);
                form.resetFields();
              },
            },
          )
        }
      >
        <Row gutter={16}>
          <Col xs={24} md={10}>
            <Form.Item
              label={t('users.tokenName')}
              name="name"
              rules={[{ required: true, message: t('users.required') }]}
            >
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item label={t('users.role')} name="role" initialValue="issuer">
              <NativeSelect options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('users.expiresIn')} name="expiresIn">
              <Input placeholder="90d" />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t('users.addTokenSubmit')}
        </Button>
      </Form>
      {create.isError && <ErrorAlert error={create.error} />}
      <SecretDialog secret={secret} onClose={() => setSecret(null)} />
    </Card>
  );
}
