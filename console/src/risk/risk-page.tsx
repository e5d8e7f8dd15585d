/**
 * Risk analysts: rule profiles with their hit statistics, created and edited here (each change a new
 * version), their history, and the trained models. Auditors read the same, without the edit actions.
 */
import { Alert, Button, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/error-alert';
import { useFormat } from '../i18n/use-format';
import { StateTag } from '../permits/state-tag';
import { useSession } from '../session/use-session';
import { criteriaText } from './criteria';
import { ModelsTable } from './models-table';
import { ProfileForm } from './profile-form';
import { useProfiles, type ProfileRow } from './use-risk';
import { VersionsDialog } from './versions-dialog';
import { ScrollRegion } from '../permits/scroll-region';

function useColumns(
  canEdit: boolean,
  actions: { edit: (p: ProfileRow) => void; history: (p: ProfileRow) => void },
) {
  const { t } = useTranslation();
  const format = useFormat();
  const c = (key: string) => t(`riskProfiles.columns.${key}`);
  const percent = (n: number | null) =>
    n === null
      ? '—'
      : new Intl.NumberFormat(format.locale, { style: 'percent', maximumFractionDigits: 1 }).format(n);
  return [
    {
      title: c('name'),
      key: 'name',
      render: (_: unknown, p: ProfileRow) => <strong>{p.definition.name}</strong>,
    },
    {
      title: c('criteria'),
      key: 'criteria',
      render: (_: unknown, p: ProfileRow) => criteriaText(p.definition.criteria, t),
    },
    {
      title: c('lane'),
      key: 'lane',
      render: (_: unknown, p: ProfileRow) => (
        <StateTag
          kind={p.definition.lane === 'RED' ? 'failed' : 'open'}
          label={t(`riskProfiles.lanes.${p.definition.lane}`)}
        />
      ),
    },
    {
      title: c('rate'),
      key: 'rate',
      render: (_: unknown, p: ProfileRow) => `${format.number(p.definition.selectionRate)} %`,
    },
    {
      title: c('validity'),
      key: 'validity',
      render: (_: unknown, p: ProfileRow) => {
        const { validFrom, validTo } = p.definition;
        const parts = [
          validFrom && t('riskProfiles.from', { date: format.date(validFrom) }),
          validTo && t('riskProfiles.to', { date: format.date(validTo) }),
        ];
        return parts.filter(Boolean).join(' ') || t('riskProfiles.always');
      },
    },
    {
      title: c('flags'),
      key: 'flags',
      render: (_: unknown, p: ProfileRow) =>
        [
          !p.definition.active && t('riskProfiles.inactive'),
          p.definition.sensitive && `${t('riskProfiles.sensitive')} → ${p.definition.notify.join(', ')}`,
        ]
          .filter(Boolean)
          .join('; ') || '—',
    },
    { title: c('version'), key: 'version', render: (_: unknown, p: ProfileRow) => format.number(p.version) },
    {
      title: c('hits'),
      key: 'hits',
      render: (_: unknown, p: ProfileRow) =>
        `${format.number(p.statistics.matches)} / ${format.number(p.statistics.selected)}`,
    },
    {
      title: c('inspections'),
      key: 'inspections',
      render: (_: unknown, p: ProfileRow) =>
        `${format.number(p.statistics.inspections)} / ${format.number(p.statistics.findings)}`,
    },
    {
      title: c('hitRate'),
      key: 'hitRate',
      render: (_: unknown, p: ProfileRow) => percent(p.statistics.hitRate),
    },
    {
      title: c('actions'),
      key: 'actions',
      render: (_: unknown, p: ProfileRow) => (
        <Space wrap>
          {canEdit && (
            <Button
              size="small"
              onClick={() => actions.edit(p)}
              aria-label={t('riskProfiles.editLabel', { name: p.definition.name })}
            >
              {t('riskProfiles.edit')}
            </Button>
          )}
          <Button
            size="small"
            onClick={() => actions.history(p)}
            aria-label={t('riskProfiles.historyLabel', { name: p.definition.name })}
          >
            {t('riskProfiles.history')}
          </Button>
        </Space>
      ),
    },
  ];
}

export function RiskPage() {
  const { t } = useTranslation();
  const session = useSession();
  const canEdit = session.data?.role === 'risk';
  const profiles = useProfiles();
  const [editing, setEditing] = useState<ProfileRow | 'new' | null>(null);
  const [history, setHistory] = useState<ProfileRow | null>(null);
  const [notice, setNotice] = useState('');
  const columns = useColumns(canEdit, { edit: setEditing, history: setHistory });
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('riskProfiles.title')}
      </Typography.Title>
      <Typography.Paragraph>{t('riskProfiles.intro')}</Typography.Paragraph>
      {!canEdit && (
        <Alert type="info" showIcon title={t('riskProfiles.readOnly')} style={{ marginBottom: 16 }} />
      )}
      <div aria-live="polite">
        {notice && <Alert type="success" showIcon title={notice} style={{ marginBottom: 16 }} />}
      </div>
      {canEdit &&
        (editing ? (
          <ProfileForm
            key={editing === 'new' ? 'new' : `${editing.id}:${editing.version}`}
            profile={editing === 'new' ? null : editing}
            onDone={(saved) => {
              setEditing(null);
              if (saved)
                setNotice(t('riskProfiles.saved', { name: saved.definition.name, version: saved.version }));
            }}
          />
        ) : (
          <Button type="primary" onClick={() => setEditing('new')} style={{ marginBottom: 16 }}>
            {t('riskProfiles.create')}
          </Button>
        ))}
      {profiles.isError && <ErrorAlert error={profiles.error} />}
      <ScrollRegion label={t('riskProfiles.table')} minWidth={1100}>
        <Table<ProfileRow>
          size="small"
          aria-label={t('riskProfiles.table')}
          rowKey="id"
          columns={columns}
          dataSource={profiles.data?.items ?? []}
          loading={profiles.isFetching && !profiles.data}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <span className="empty-text">{t('riskProfiles.empty')}</span> }}
        />
      </ScrollRegion>
      <VersionsDialog profile={history} onClose={() => setHistory(null)} />
      <ModelsTable />
    </>
  );
}
