/** Cancelling a permit asks for the reason the importing country will read. */
import { Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/error-alert';
import { useCancelPermit } from './use-permits';

export function CancelDialog({
  permitKey,
  onDone,
}: {
  permitKey: string | null;
  onDone: (key?: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const cancel = useCancelPermit();
  return (
    <Modal
      open={permitKey !== null}
      title={t('permits.cancelTitle', { key: permitKey ?? '' })}
      okText={t('permits.cancelConfirm')}
      cancelText={t('permits.cancelKeep')}
      okButtonProps={{ danger: true, loading: cancel.isPending }}
      onOk={() => form.submit()}
      onCancel={() => onDone()}
      destroyOnHidden
    >
      <Form
        form={form}
        name="cancel-permit"
        layout="vertical"
        preserve={false}
        onFinish={({ reason }) =>
          permitKey && cancel.mutate({ key: permitKey, reason }, { onSuccess: () => onDone(permitKey) })
        }
      >
        <Form.Item
          label={t('permits.cancelReason')}
          name="reason"
          rules={[{ required: true, whitespace: true, message: t('permits.required') }]}
        >
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
      {cancel.isError && <ErrorAlert error={cancel.error} />}
    </Modal>
  );
}
