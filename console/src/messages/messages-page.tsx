/** Administrators and auditors: exchanged messages, filtered and paged by the API (newest first). */
import { Card, Space, Table, Tag, Typography } from 'antd';
import { NativeSelect } from '../components/native-select';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../components/error-alert';
import { useFormat } from '../i18n/use-format';
import { MessageFilters } from './message-filters';
import { CursorPager, useCursorPages } from '../components/cursor-pages';
import { useMessages, type MessageFilters as Filters, type MessagePage } from './use-messages';

type Row = MessagePage['items'][number];

/** Tag colours with at least 4.5:1 contrast (antd's preset green and red tags fall short). */
const TAG_STYLES = {
  done: { color: '#135200', background: '#f6ffed', borderColor: '#95de64' },
  failed: { color: '#820014', background: '#fff1f0', borderColor: '#ffa39e' },
  open: { color: '#003eb3', background: '#e6f4ff', borderColor: '#91caff' },
};

export function StateTag({ state, label }: { state: Row['state']; label: string }) {
  const kind =
    state === 'DELIVERED' || state === 'RECEIVED'
      ? 'done'
      : state === 'FAILED' || state === 'REJECTED'
        ? 'failed'
        : 'open';
  return <Tag style={TAG_STYLES[kind]}>{label}</Tag>;
}
const PAGE_SIZES = [25, 50, 100, 200];

function useColumns() {
  const { t } = useTranslation();
  const format = useFormat();
  return [
    {
      title: t('messages.time'),
      key: 'time',
      render: (_: unknown, m: Row) =>
        format.dateTime(m.direction === 'outbound' ? m.createdAt : m.receivedAt),
    },
    {
      title: t('messages.direction'),
      key: 'direction',
      render: (_: unknown, m: Row) => t(`messages.directions.${m.direction}`),
    },
    { title: t('messages.partner'), dataIndex: 'partner', key: 'partner' },
    {
      title: t('messages.documentType'),
      key: 'documentType',
      render: (_: unknown, m: Row) => (m.documentType ? t(`messages.documentTypes.${m.documentType}`) : '—'),
    },
    { title: t('messages.permitKey'), key: 'permitKey', render: (_: unknown, m: Row) => m.permitKey ?? '—' },
    {
      title: t('messages.state'),
      key: 'state',
      render: (_: unknown, m: Row) => <StateTag state={m.state} label={t(`messages.states.${m.state}`)} />,
    },
    {
      title: t('messages.messageId'),
      dataIndex: 'messageId',
      key: 'messageId',
      render: (id: string) => (
        <Link to={`/messages/${encodeURIComponent(id)}`}>
          <code>{id}</code>
        </Link>
      ),
    },
  ];
}

export function MessagesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [filters, setFilters] = useState<Filters>({});
  const pages = useCursorPages();
  const [limit, setLimit] = useState(50);
  const page = useMessages(filters, pages.cursor, limit);
  const columns = useColumns();
  const items = page.data?.items ?? [];
  const restart = pages.first;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('messages.title')}
      </Typography.Title>
      <Card title={<h2 className="card-heading">{t('messages.filters')}</h2>} size="small">
        <MessageFilters
          onApply={(next) => {
            setFilters(next);
            restart();
          }}
        />
      </Card>
      {page.isError && <ErrorAlert error={page.error} />}
      <Table<Row>
        style={{ marginTop: 16 }}
        aria-label={t('messages.table')}
        rowKey={(m) => `${m.direction}:${m.direction === 'inbound' ? m.id : m.messageId}`}
        columns={columns}
        dataSource={items}
        loading={page.isFetching}
        pagination={false}
        size="small"
        locale={{ emptyText: <span className="empty-text">{t('messages.empty')}</span> }}
        scroll={{ x: 900 }}
      />
      <Space style={{ marginTop: 16 }} wrap>
        <Typography.Text aria-live="polite">
          {t('messages.shown', { count: items.length, formatted: format.number(items.length) })}
        </Typography.Text>
        <CursorPager
          pages={pages}
          next={page.data?.next}
          labels={{ first: t('messages.first'), previous: t('messages.previous'), next: t('messages.next') }}
        />
        <label htmlFor="page-size">{t('messages.pageSize')}</label>
        <NativeSelect
          id="page-size"
          value={limit}
          onChange={(event) => {
            setLimit(Number(event.target.value));
            restart();
          }}
          options={PAGE_SIZES.map((n) => ({ value: n, label: format.number(n) }))}
          style={{ width: 90 }}
        />
      </Space>
    </>
  );
}
