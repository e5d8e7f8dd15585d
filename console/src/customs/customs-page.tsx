/**
 * Customs: verify a presented permit, browse the permits received, read one as the paper form. The tab and
 * the permit shown are in the address (?tab=received, ?permit=KEY), so each view can be linked and reloaded.
 */
import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PaperView } from './paper-view';
import { ReceivedPermits } from './received-permits';
import { VerifyPage } from './verify-page';

export function CustomsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const permit = params.get('permit') ?? '';
  const tab = permit ? 'paper' : (params.get('tab') ?? 'verify');
  const items = [
    { key: 'verify', label: t('customsTabs.verify'), children: <VerifyPage /> },
    { key: 'received', label: t('customsTabs.received'), children: <ReceivedPermits /> },
    ...(permit
      ? [
          {
            key: 'paper',
            label: t('customsTabs.paper'),
            children: <PaperView permitKey={permit} onBack={() => setParams({ tab: 'received' })} />,
          },
        ]
      : []),
  ];
  return (
    <Tabs
      className="customs-tabs"
      activeKey={tab}
      items={items}
      onChange={(key) => setParams(key === 'verify' ? {} : key === 'paper' ? { permit } : { tab: key })}
    />
  );
}
