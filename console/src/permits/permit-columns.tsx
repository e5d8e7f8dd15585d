/** The columns of the issued-permits table: status, delivery to the importing country, what was cleared. */
import { Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/use-format';
import { countryName, unitName } from './code-options';
import { StateTag, type TagKind } from './state-tag';
import type { IssuedPermitRow } from './use-permits';

const STATUS_KIND: Record<IssuedPermitRow['status'], TagKind> = {
  ISSUED: 'open',
  USED: 'done',
  CANCELLED: 'closed',
  REPLACED: 'closed',
};

function deliveryKind(state: string): TagKind {
  return state === 'DELIVERED' ? 'done' : state === 'FAILED' ? 'failed' : 'open';
}

function Delivery({ row }: { row: IssuedPermitRow }) {
  const { t } = useTranslation();
  const d = row.delivery;
  if (!d) return <>—</>;
  const c = row.cancellationDelivery;
  return (
    <Space orientation="vertical" size={2}>
      <StateTag kind={deliveryKind(d.state)} label={t(`permits.deliveryStates.${d.state}`)} state={d.state} />
      <span>{t('permits.attempts', { count: d.attempts })}</span>
      {c && (
        <span>{t('permits.cancellationDelivery', { state: t(`permits.deliveryStates.${c.state}`) })}</span>
      )}
    </Space>
  );
}

function Used({ row }: { row: IssuedPermitRow }) {
  const { t } = useTranslation();
  const format = useFormat();
  const usage = row.usage;
  if (!usage) return <>—</>;
  return (
    <div data-testid="usage">
      {usage.lines.map((line) => (
        <div key={line.lineId}>
          {t('permits.usedLine', {
            block: line.lineId,
            quantity: format.number(line.quantity),
            unit: unitName(t, line.unit),
          })}
        </div>
      ))}
      <div>
        {t('permits.usedOn', {
          declaration: usage.declarationNumber,
          date: format.dateTime(usage.clearedAt),
        })}
      </div>
    </div>
  );
}

export function usePermitColumns(actions: {
  onCancel: (row: IssuedPermitRow) => void;
  onReplace: (row: IssuedPermitRow) => void;
}) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  return [
    {
      title: t('permits.columns.key'),
      key: 'key',
      render: (_: unknown, p: IssuedPermitRow) => <code>{p.permitKey}</code>,
    },
    {
      title: t('permits.columns.destination'),
      key: 'destination',
      render: (_: unknown, p: IssuedPermitRow) => countryName(p.destination, i18n.language),
    },
    {
      title: t('permits.columns.species'),
      key: 'species',
      render: (_: unknown, p: IssuedPermitRow) =>
        p.permit.lines.map((l) => (
          <div key={l.id}>
            {l.id}: {format.number(l.quantity)} {unitName(t, l.unit)} <i>{l.scientificName}</i>
          </div>
        )),
    },
    {
      title: t('permits.columns.status'),
      key: 'status',
      render: (_: unknown, p: IssuedPermitRow) => (
        <StateTag kind={STATUS_KIND[p.status]} label={t(`permits.statuses.${p.status}`)} state={p.status} />
      ),
    },
    {
      title: t('permits.columns.delivery'),
      key: 'delivery',
      render: (_: unknown, p: IssuedPermitRow) => <Delivery row={p} />,
    },
    {
      title: t('permits.columns.used'),
      key: 'used',
      render: (_: unknown, p: IssuedPermitRow) => <Used row={p} />,
    },
    {
      title: t('permits.columns.created'),
      key: 'created',
      render: (_: unknown, p: IssuedPermitRow) => format.dateTime(p.createdAt),
    },
    {
      title: t('permits.columns.actions'),
      key: 'actions',
      render: (_: unknown, p: IssuedPermitRow) =>
        p.status === 'ISSUED' ? (
          <Space wrap>
            <Button
              size="small"
              onClick={() => actions.onReplace(p)}
              aria-label={`${t('permits.replace')} ${p.permitKey}`}
            >
              {t('permits.replace')}
            </Button>
            <Button
              size="small"
              danger
              onClick={() => actions.onCancel(p)}
              aria-label={`${t('permits.cancel')} ${p.permitKey}`}
            >
              {t('permits.cancel')}
            </Button>
          </Space>
        ) : null,
    },
  ];
}
