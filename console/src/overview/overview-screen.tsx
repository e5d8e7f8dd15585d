/**
 * The overview, loaded on first use: its chart library (recharts) is a separate chunk, so roles that
 * never see the overview (customs, issuers) do not download it.
 */
import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';

const OverviewPage = lazy(() => import('./overview-page').then((m) => ({ default: m.OverviewPage })));

export function OverviewScreen() {
  const { t } = useTranslation();
  return (
    <Suspense fallback={<Spin description={t('app.loading')} />}>
      <OverviewPage />
    </Suspense>
  );
}
