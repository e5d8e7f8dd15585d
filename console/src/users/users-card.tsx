/** Console users: list, create with an initial password set once, disable. */
import { App, Button, Card, Col, Form, Input, Popconfirm, Row, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../src/domain/auth/token';
import { ErrorAlert } from '../components/error-alert';
import { NativeSelect } from '../components/native-select';
import { useFormat } from '../i18n/use-format';
import { useSession } from '../session/use-session';
import { showFieldErrors } from '../partners/field-errors';
import { useCreateUser, useDisableUser, useUsers, type UserRow } from './use-users';

export const ROLES: Role[] = ['admin', 'issuer', 'customs', 'auditor', 'risk'];

function AddUserForm() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; role: Role; password: string }>();
  const create = useCreateUser();
  return (
    <Form
      form={form}
      name="add-user"
      layout="vertical"
      onFinish={(values) =>
        create.mutate(values, {
          onSuccess: (user) => {
            void message.success(t('users.added', { name: user.name }));
            form.resetFields();
          },
          onError: (error) => showFieldErrors(form, error, ['name', 'role', 'password']),
        })
      }
    >
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item
            label={t('users.name')}
            name="name"
            rules={[{ required: true, message: t('users.required') }]}
          >
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item label={t('users.role')} name="role" initialValue="customs">
            <NativeSelect options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={10}>
          <Form.Item
            label={t('users.password')}
            name="password"
            extra={t('users.passwordHelp')}
            rules={[
              { required: true, message: t('users.required') },
              { min: 12, message: t('users.tooShort') },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Col>
      </Row>
      <Button type="primary" htmlType="submit" loading={create.isPending}>
        {t('users.addSubmit')}
      </Button>
      {create.isError && !showFieldErrors(form, create.error, ['name', 'role', 'password']) && (
        <ErrorAlert error={create.error} />
      )}
    </Form>
  );
}

export function UsersCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const format = useFormat();
  const users = useUsers();
  const disable = useDisableUser();
  const me = useSession().data?.name;
  return (
    <Card title={<h2 className="card-heading">{t('users.users')}</h2>} size="small">
      {users.isError && <ErrorAlert error={users.error} />}
      <Table<UserRow>
        aria-label={t('users.usersTable')}
        size="small"
        rowKey="id"
        loading={users.isPending}
        dataSource={users.data?.items ?? []}
        pagination={false}
        columns={[
          { title: t('users.name'), dataIndex: 'name', key: 'name' },
          { title: t('users.role'), key: 'role', render: (_: unknown, u: UserRow) => t(`roles.${u.role}`) },
          {
            title: t('users.createdAt'),
            key: 'createdAt',
            render: (_: unknown, u: UserRow) => format.dateTime(u.createdAt),
          },
          { title: t('users.createdBy'), dataIndex: 'createdBy', key: 'createdBy' },
          {
            title: t('users.status'),
            key: 'status',
            render: (_: unknown, u: UserRow) =>
              u.disabledAt ? (
                t('users.disabledOn', { at: format.dateTime(u.disabledAt), by: u.disabledBy ?? '' })
              ) : u.name === me ? (
                t('users.enabled')
              ) : (
                <Popconfirm
                  title={t('users.disableConfirm', { name: u.name })}
                  okText={t('users.disable')}
                  cancelText={t('users.cancel')}
                  onConfirm={() =>
                    disable.mutate(u.id, {
                      onSuccess: (r) =>
                        void message.success(
                          t('users.disabled', { name: r.user.name, count: r.endedSessions }),
                        ),
                    })
                  }
                >
                  <Button size="small" danger aria-label={`${t('users.disable')} ${u.name}`}>
                    {t('users.disable')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      {disable.isError && <ErrorAlert error={disable.error} />}
      <h3 className="card-heading" style={{ marginTop: 16 }}>
        {t('users.add')}
      </h3>
      <AddUserForm />
    </Card>
  );
}
