/** Alerts, newest first, with their acknowledgement; administrators acknowledge open ones (with a note). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Form, Input, Modal, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Alert } from '../../../src/domain/alerts/alert';
import type { AlertAcknowledgement } from '../../../src/domain/alerts/alert-acknowledgement';
import { api } from '../api/client';
import type { Json } from '../api/json';
import { ErrorAlert } from '../components/error-alert';
import { useFormat } from '../i18n/use-format';
import { useSession } from '../session/use-session';

type Row = Json<Alert & { acknowledgement: AlertAcknowledgement | null }>;

function useAlerts() {
  return useQuery({ queryKey: ['alerts'], queryFn: () => api<{ items: Row[] }>('GET', '/alerts') });
}

function useAcknowledge() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, note }: { id: string; note?: string }) =>
      api('POST', `/alerts/${encodeURIComponent(id)}/acknowledge`, { body: note ? { note } : {} }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['alerts'] }),
  });
}

function AcknowledgeDialog({ alert, onClose }: { alert: Row | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note?: string }>();
  const acknowledge = useAcknowledge();
  const submit = (values: { note?: string }) =>
    alert &&
    acknowledge.mutate(
      { id: alert.id, ...(values.note && { note: values.note }) },
      {
        onSuccess: () => {
          void message.success(t('alerts.acknowledged'));
          form.resetFields();
          onClose();
        },
      },
    );
  return (
    <Modal
      open={alert !== null}
      title={t('alerts.acknowledgeTitle')}
      okText={t('alerts.confirm')}
      cancelText={t('alerts.cancel')}
      confirmLoading={acknowledge.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>{alert?.message}</Typography.Paragraph>
      <Form form={form} name="acknowledge-alert" layout="vertical" onFinish={submit}>
        <Form.Item label={t('alerts.note')} name="note">
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
      {acknowledge.isError && <ErrorAlert error={acknowledge.error} />}
    </Modal>
  );
}

const SEVERITY_CLASS = { critical: 'severity-critical', warning: 'severity-warning', info: 'severity-info' };

export function AlertsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const session = useSession();
  const alerts = useAlerts();
  const [onlyOpen, setOnlyOpen] = useState(false);
  const [acknowledging, setAcknowledging] = useState<Row | null>(null);
  const isAdmin = session.data?.role === 'admin';
  const rows = (alerts.data?.items ?? []).filter((a) => !onlyOpen || !a.acknowledgement);
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('alerts.title')}
      </Typography.Title>
      <Checkbox
        checked={onlyOpen}
        onChange={(e) => setOnlyOpen(e.target.checked)}
        style={{ marginBottom: 12 }}
      >
        {t('alerts.onlyOpen')}
      </Checkbox>
      {alerts.isError && <ErrorAlert error={alerts.error} />}
      <Table<Row>
        aria-label={t('alerts.table')}
        size="small"
        rowKey="id"
        loading={alerts.isPending}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: <span className="empty-text">{t('alerts.empty')}</span> }}
        scroll={{ x: 900 }}
        columns={[
          { title: t('alerts.at'), key: 'at', render: (_: unknown, a: Row) => format.dateTime(a.at) },
          {
            title: t('alerts.severity'),
            key: 'severity',
            render: (_: unknown, a: Row) => (
              <Tag className={SEVERITY_CLASS[a.severity]}>{t(`alerts.severities.${a.severity}`)}</Tag>
            ),
          },
          { title: t('alerts.kind'), key: 'kind', render: (_: unknown, a: Row) => <code>{a.kind}</code> },
          { title: t('alerts.message'), dataIndex: 'message', key: 'message' },
          {
            title: t('alerts.status'),
            key: 'status',
            render: (_: unknown, a: Row) =>
              a.acknowledgement ? (
                t('alerts.acknowledgedBy', {
                  by: a.acknowledgement.by,
                  at: format.dateTime(a.acknowledgement.at),
                })
              ) : isAdmin ? (
                <Button
                  size="small"
                  onClick={() => setAcknowledging(a)}
                  aria-label={`${t('alerts.acknowledge')}: ${a.message}`}
                >
                  {t('alerts.acknowledge')}
                </Button>
              ) : (
                t('alerts.open')
              ),
          },
        ]}
      />
      <AcknowledgeDialog alert={acknowledging} onClose={() => setAcknowledging(null)} />
    </>
  );
}
