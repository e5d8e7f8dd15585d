/** The frame of every signed-in screen: title, language, who is signed in, sign-out, the role's screens. */
import { Button, Layout, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import type { SessionView } from '../../../src/domain/auth/console-session-api';
import { screensFor } from '../screens';
import { useSignOut } from '../session/use-session';
import { LanguageSwitch } from './language-switch';

export function AppLayout({ session, children }: { session: SessionView | null; children: ReactNode }) {
  const { t } = useTranslation();
  const signOut = useSignOut();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Layout.Header className="app-header">
        <Typography.Text strong className="app-title">
          {t('app.title')}
        </Typography.Text>
        {session && (
          <nav aria-label={t('app.navigation')} className="app-nav">
            {screensFor(session.role).map((screen) => (
              <NavLink key={screen.key} to={screen.path}>
                {t(`screens.${screen.key}`)}
              </NavLink>
            ))}
          </nav>
        )}
        <Space className="app-tools" wrap>
          <LanguageSwitch />
          {session && (
            <>
              <Typography.Text className="app-user">
                {t('app.signedInAs', { name: session.name, role: t(`roles.${session.role}`) })}
              </Typography.Text>
              <Button size="small" onClick={() => signOut.mutate()} loading={signOut.isPending}>
                {t('app.signOut')}
              </Button>
            </>
          )}
        </Space>
      </Layout.Header>
      <Layout.Content id="main" tabIndex={-1} className="app-content">
        {children}
      </Layout.Content>
    </Layout>
  );
}
