/** Permit officers: issue, replace and cancel permits; follow each one's delivery and use at import. */
import { Alert, Button, Col, Row, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CursorPager, useCursorPages } from '../components/cursor-pages';
import { ErrorAlert } from '../components/error-alert';
import { NativeSelect } from '../components/native-select';
import { CancelDialog } from './cancel-dialog';
import { countryName } from './code-options';
import { usePermitColumns } from './permit-columns';
import { PermitForm } from './permit-form';
import { newPermitValues, replacementValues } from './permit-values';
import {
  useIdentity,
  useIssuePermit,
  usePermits,
  useReplacePermit,
  type IssuedPermitRow,
} from './use-permits';
import { ScrollRegion } from './scroll-region';

const STATUSES = ['ISSUED', 'USED', 'CANCELLED', 'REPLACED'] as const;

type Editing = { mode: 'new' } | { mode: 'replace'; row: IssuedPermitRow } | null;

function useEditor(setNotice: (text: string) => void) {
  const { t, i18n } = useTranslation();
  const issue = useIssuePermit();
  const replace = useReplacePermit();
  const [editing, setEditing] = useState<Editing>(null);
  const identity = useIdentity();
  if (!editing) return { editing, setEditing, form: null };
  const close = () => setEditing(null);
  const form =
    editing.mode === 'new' ? (
      <PermitForm
        key="new"
        title={t('permits.issueTitle')}
        submitLabel={t('permits.submit')}
        initialValues={newPermitValues(identity.data?.country ?? '', new Date())}
        pending={issue.isPending}
        onSubmit={async (permit) => {
          const sent = await issue.mutateAsync(permit);
          const country = countryName(permit.importer.address.country, i18n.language);
          setNotice(
            t(sent.created === false ? 'permits.again' : 'permits.sent', { key: sent.permitKey, country }),
          );
          close();
        }}
        onClose={close}
      />
    ) : (
      <PermitForm
        key={editing.row.permitKey}
        title={t('permits.replaceTitle', { key: editing.row.permitKey })}
        submitLabel={t('permits.replaceSubmit')}
        initialValues={replacementValues(editing.row.permit)}
        pending={replace.isPending}
        onSubmit={async (permit) => {
          const sent = await replace.mutateAsync({ key: editing.row.permitKey, permit });
          setNotice(t('permits.replaced', { key: editing.row.permitKey, replacement: sent.permitKey }));
          close();
        }}
        onClose={close}
      />
    );
  return { editing, setEditing, form };
}

/** The list's heading with its status filter and refresh. */
function ListToolbar(props: { status: string; onStatus: (status: string) => void; onRefresh: () => void }) {
  const { t } = useTranslation();
  return (
    <Row justify="space-between" align="bottom" gutter={16}>
      <Col>
        <h2 id="permits-list" className="section-heading">
          {t('permits.listTitle')}
        </h2>
      </Col>
      <Col>
        <Space>
          <label htmlFor="permit-status">{t('permits.filterStatus')}</label>
          <NativeSelect
            id="permit-status"
            value={props.status}
            onChange={(e) => props.onStatus(e.target.value)}
            options={[
              { value: '', label: t('permits.any') },
              ...STATUSES.map((s) => ({ value: s, label: t(`permits.statuses.${s}`) })),
            ]}
            style={{ width: 160 }}
          />
          <Button onClick={props.onRefresh}>{t('permits.refresh')}</Button>
        </Space>
      </Col>
    </Row>
  );
}

/** The last action's notice, and the permit form while one is open (else the button that opens it). */
function EditorArea({ notice, editor }: { notice: string; editor: ReturnType<typeof useEditor> }) {
  const { t } = useTranslation();
  return (
    <>
      <div aria-live="polite">
        {notice && <Alert type="success" showIcon title={notice} style={{ marginBottom: 16 }} />}
      </div>
      {editor.form ?? (
        <Button
          type="primary"
          onClick={() => editor.setEditing({ mode: 'new' })}
          style={{ marginBottom: 16 }}
        >
          {t('permits.newPermit')}
        </Button>
      )}
    </>
  );
}

export function PermitsPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState('');
  const [notice, setNotice] = useState('');
  const [cancelling, setCancelling] = useState<string | null>(null);
  const pages = useCursorPages();
  const permits = usePermits(status, pages.cursor);
  const editor = useEditor(setNotice);
  const columns = usePermitColumns({
    onCancel: (row) => setCancelling(row.permitKey),
    onReplace: (row) => editor.setEditing({ mode: 'replace', row }),
  });
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('permits.title')}
      </Typography.Title>
      <EditorArea notice={notice} editor={editor} />
      <section aria-labelledby="permits-list">
        <ListToolbar
          status={status}
          onStatus={(value) => {
            setStatus(value);
            pages.first();
          }}
          onRefresh={() => void permits.refetch()}
        />
        {permits.isError && <ErrorAlert error={permits.error} />}
        <ScrollRegion label={t('permits.table')} minWidth={1000}>
          <Table<IssuedPermitRow>
            style={{ marginTop: 12 }}
            aria-label={t('permits.table')}
            rowKey="permitKey"
            columns={columns}
            dataSource={permits.data?.items ?? []}
            loading={permits.isFetching && !permits.data}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            size="small"
            locale={{ emptyText: <span className="empty-text">{t('permits.empty')}</span> }}
          />
        </ScrollRegion>
        <CursorPager
          pages={pages}
          next={permits.data?.next}
          labels={{ first: t('permits.newest'), previous: t('permits.newer'), next: t('permits.older') }}
        />
      </section>
      <CancelDialog
        permitKey={cancelling}
        onDone={(key) => {
          setCancelling(null);
          if (key) setNotice(t('permits.cancelled', { key }));
        }}
      />
    </>
  );
}
