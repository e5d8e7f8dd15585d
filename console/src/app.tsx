/** Routes: sign-in when signed out; otherwise the screens of the session's role, nothing else. */
import { Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import { AppLayout } from './components/app-layout';
import { ErrorAlert } from './components/error-alert';
import { AlertsPage } from './alerts/alerts-page';
import { AuditPage } from './audit/audit-page';
import { MessagesScreen } from './messages/detail/messages-screen';
import { OverviewScreen } from './overview/overview-screen';
import { PartnersScreen } from './partners/partners-screen';
import { UsersPage } from './users/users-page';
import { CustomsPage } from './customs/customs-page';
import { PermitsPage } from './permits/permits-page';
import { ReportsPage } from './reports/reports-page';
import { RiskPage } from './risk/risk-page';
import { screensFor, type ScreenKey } from './screens';
import { SignInPage } from './session/sign-in-page';
import { useSession } from './session/use-session';

const PAGES: Record<ScreenKey, () => React.JSX.Element> = {
  customs: CustomsPage,
  permits: PermitsPage,
  reports: ReportsPage,
  risk: RiskPage,
  messages: MessagesScreen,
  overview: OverviewScreen,
  partners: PartnersScreen,
  alerts: AlertsPage,
  audit: AuditPage,
  users: UsersPage,
};

export function App() {
  const { t } = useTranslation();
  const session = useSession();
  if (session.isPending)
    return (
      <AppLayout session={null}>
        <Spin description={t('app.loading')} />
      </AppLayout>
    );
  if (session.isError)
    return (
      <AppLayout session={null}>
        <ErrorAlert error={session.error} />
      </AppLayout>
    );
  if (!session.data)
    return (
      <AppLayout session={null}>
        <SignInPage />
      </AppLayout>
    );
  const screens = screensFor(session.data.role);
  const home = screens[0];
  return (
    <AppLayout session={session.data}>
      <Routes>
        {screens.map((screen) => {
          const Page = PAGES[screen.key];
          return <Route key={screen.key} path={`${screen.path}/*`} element={<Page />} />;
        })}
        <Route
          path="/"
          element={
            home ? (
              <Navigate to={home.path} replace />
            ) : (
              <Result status="info" title={<h1 className="result-title">{t('app.nothingForRole')}</h1>} />
            )
          }
        />
        <Route
          path="*"
          element={<Result status="404" title={<h1 className="result-title">{t('app.notFound')}</h1>} />}
        />
      </Routes>
    </AppLayout>
  );
}
