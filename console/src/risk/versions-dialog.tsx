/** Every version of a profile, oldest first: who changed what, when. */
import { Modal, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/error-alert';
import { useFormat } from '../i18n/use-format';
import { criteriaText } from './criteria';
import { useProfileVersions, type ProfileRow } from './use-risk';

export function VersionsDialog({ profile, onClose }: { profile: ProfileRow | null; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const versions = useProfileVersions(profile?.id ?? null);
  const c = (key: string) => t(`riskProfiles.columns.${key}`);
  type Version = NonNullable<typeof versions.data>['items'][number];
  return (
    <Modal
      open={profile !== null}
      title={t('riskProfiles.historyTitle', { name: profile?.definition.name ?? '' })}
      onCancel={onClose}
      footer={null}
      width={900}
      destroyOnHidden
    >
      {versions.isError && <ErrorAlert error={versions.error} />}
      <Table<Version>
        size="small"
        aria-label={t('riskProfiles.historyTitle', { name: profile?.definition.name ?? '' })}
        rowKey="version"
        dataSource={versions.data?.items ?? []}
        loading={versions.isFetching}
        pagination={false}
        columns={[
          { title: c('version'), key: 'version', render: (_, v) => format.number(v.version) },
          { title: c('changed'), key: 'changed', render: (_, v) => format.dateTime(v.changedAt) },
          { title: c('by'), dataIndex: 'changedBy', key: 'by' },
          { title: c('lane'), key: 'lane', render: (_, v) => t(`riskProfiles.lanes.${v.definition.lane}`) },
          {
            title: c('rate'),
            key: 'rate',
            render: (_, v) => `${format.number(v.definition.selectionRate)} %`,
          },
          { title: c('criteria'), key: 'criteria', render: (_, v) => criteriaText(v.definition.criteria, t) },
        ]}
      />
    </Modal>
  );
}
