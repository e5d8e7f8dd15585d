/** Customs: the permits exporting countries sent, with their status; each opens as the paper form. */
import { Button, Col, Row, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { RECEIVED_PERMIT_STATUSES } from '../../../src/domain/exchange/permit-records';
import { CursorPager, useCursorPages } from '../components/cursor-pages';
import { ErrorAlert } from '../components/error-alert';
import { NativeSelect } from '../components/native-select';
import { useFormat } from '../i18n/use-format';
import { countryName, unitName } from '../permits/code-options';
import { StateTag } from '../permits/state-tag';
import { useReceivedPermits, type ReceivedPermitRecord } from './use-received';
import { ScrollRegion } from '../permits/scroll-region';

type Row = ReceivedPermitRecord;

function useColumns() {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  return [
    { title: t('received.key'), key: 'key', render: (_: unknown, r: Row) => <code>{r.permitKey}</code> },
    {
      title: t('received.from'),
      key: 'from',
      render: (_: unknown, r: Row) => countryName(r.issuingCountry, i18n.language),
    },
    {
      title: t('received.importer'),
      key: 'importer',
      render: (_: unknown, r: Row) => r.permit.importer.name,
    },
    {
      title: t('received.species'),
      key: 'species',
      render: (_: unknown, r: Row) =>
        r.permit.lines.map((l) => (
          <div key={l.id}>
            {l.id}: {format.number(l.quantity)} {unitName(t, l.unit)} <i>{l.scientificName}</i>
          </div>
        )),
    },
    {
      title: t('received.status'),
      key: 'status',
      render: (_: unknown, r: Row) => (
        <StateTag
          kind={r.status === 'VALID' ? 'done' : 'closed'}
          label={t(`received.statuses.${r.status}`)}
          state={r.status}
        />
      ),
    },
    {
      title: t('received.validUntil'),
      key: 'validUntil',
      render: (_: unknown, r: Row) => format.date(r.permit.validUntil),
    },
    {
      title: t('received.receivedAt'),
      key: 'receivedAt',
      render: (_: unknown, r: Row) => format.dateTime(r.receivedAt),
    },
    {
      title: t('received.open'),
      key: 'open',
      render: (_: unknown, r: Row) => (
        <Link
          to={`?permit=${encodeURIComponent(r.permitKey)}`}
          aria-label={t('received.openLabel', { key: r.permitKey })}
        >
          {t('received.open')}
        </Link>
      ),
    },
  ];
}

export function ReceivedPermits() {
  const { t } = useTranslation();
  const [status, setStatus] = useState('');
  const pages = useCursorPages();
  const list = useReceivedPermits(status, pages.cursor);
  const columns = useColumns();
  return (
    <section aria-labelledby="received-title">
      <Row justify="space-between" align="bottom" gutter={16}>
        <Col>
          <Typography.Title level={1} id="received-title" style={{ fontSize: 26 }}>
            {t('received.title')}
          </Typography.Title>
        </Col>
        <Col>
          <Space>
            <label htmlFor="received-status">{t('received.status')}</label>
            <NativeSelect
              id="received-status"
              value={status}
              onChange={(e) => {
                setStatus(e.target.value);
                pages.first();
              }}
              options={[
                { value: '', label: t('received.any') },
                ...RECEIVED_PERMIT_STATUSES.map((s) => ({ value: s, label: t(`received.statuses.${s}`) })),
              ]}
              style={{ width: 160 }}
            />
            <Button onClick={() => void list.refetch()}>{t('received.refresh')}</Button>
          </Space>
        </Col>
      </Row>
      {list.isError && <ErrorAlert error={list.error} />}
      <ScrollRegion label={t('received.table')} minWidth={1000}>
        <Table<Row>
          aria-label={t('received.table')}
          rowKey="permitKey"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching && !list.data}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          size="small"
          locale={{ emptyText: <span className="empty-text">{t('received.empty')}</span> }}
        />
      </ScrollRegion>
      <CursorPager
        pages={pages}
        next={list.data?.next}
        labels={{ first: t('received.newest'), previous: t('received.newer'), next: t('received.older') }}
      />
    </section>
  );
}
