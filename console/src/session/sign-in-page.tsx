/** The sign-in screen: name and password; wrong credentials and lockouts in the user's language. */
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SignInRequest } from '../../../src/domain/auth/console-session-api';
import { ApiError } from '../api/client';
import { ErrorAlert } from '../components/error-alert';
import { useFormat } from '../i18n/use-format';
import { useSignIn } from './use-session';

function SignInError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (error instanceof ApiError && error.code === 'SIGN_IN_FAILED')
    return <Alert type="error" showIcon title={t('signIn.failed')} role="alert" />;
  if (error instanceof ApiError && error.code === 'ACCOUNT_LOCKED') {
    const until = (error.details as { lockedUntil?: string } | undefined)?.lockedUntil;
    return (
      <Alert
        type="error"
        showIcon
        title={t('signIn.locked', { until: until ? format.dateTime(until) : '…' })}
        role="alert"
      />
    );
  }
  return <ErrorAlert error={error} />;
}

export function SignInPage() {
  const { t } = useTranslation();
  const signIn = useSignIn();
  return (
    <Card style={{ maxWidth: 420, margin: '48px auto' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('signIn.title')}
      </Typography.Title>
      <Typography.Paragraph>{t('signIn.intro')}</Typography.Paragraph>
      <Form<SignInRequest>
        name="sign-in"
        layout="vertical"
        onFinish={(values) => signIn.mutate(values)}
        requiredMark={false}
      >
        <Form.Item
          label={t('signIn.name')}
          name="name"
          rules={[{ required: true, message: t('signIn.required') }]}
        >
          <Input autoComplete="username" />
        </Form.Item>
        <Form.Item
          label={t('signIn.password')}
          name="password"
          rules={[{ required: true, message: t('signIn.required') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        {signIn.isError && <SignInError error={signIn.error} />}
        <Button type="primary" htmlType="submit" loading={signIn.isPending} style={{ marginTop: 16 }} block>
          {t('signIn.submit')}
        </Button>
      </Form>
    </Card>
  );
}
