/** Administrators: the people who sign in to the console, and the API tokens of machine clients. */
import { Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { TokensCard } from './tokens-card';
import { UsersCard } from './users-card';

export function UsersPage() {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('users.title')}
      </Typography.Title>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <UsersCard />
        <TokensCard />
      </Space>
    </>
  );
}
