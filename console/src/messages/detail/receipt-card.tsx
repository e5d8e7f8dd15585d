/** The signed receipt of a message (ours for an inbound one, the partner's for an outbound one). */
import { Button, Card, Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/use-format';
import { saveText, type MessageRecord } from './use-message';

export function ReceiptCard({ message }: { message: MessageRecord }) {
  const { t } = useTranslation();
  const format = useFormat();
  const receipt = message.receipt;
  return (
    <Card title={<h2 className="card-heading">{t('messageDetail.receipt')}</h2>} size="small">
      {!receipt ? (
        <Typography.Text>{t('messageDetail.noReceipt')}</Typography.Text>
      ) : (
        <>
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, md: 2 }}
            items={[
              { key: 'id', label: t('messageDetail.receiptId'), children: <code>{receipt.receiptId}</code> },
              {
                key: 'status',
                label: t('messageDetail.receiptStatus'),
                children: t(`messageDetail.receiptStatuses.${receipt.status}`),
              },
              {
                key: 'at',
                label: t('messageDetail.receiptAt'),
                children: format.dateTime(receipt.receivedAt),
              },
              ...(receipt.code
                ? [
                    {
                      key: 'code',
                      label: t('messageDetail.receiptCode'),
                      children: `${receipt.code}${receipt.reason ? `: ${receipt.reason}` : ''}`,
                    },
                  ]
                : []),
              ...(receipt.warnings.length
                ? [
                    {
                      key: 'warnings',
                      label: t('messageDetail.warnings'),
                      children: receipt.warnings.map((w) => `${w.code}: ${w.message}`).join('; '),
                    },
                  ]
                : []),
            ]}
          />
          {receipt.signedXml && (
            <>
              <pre className="xml-block" tabIndex={0} aria-label={t('messageDetail.receipt')}>
                {receipt.signedXml}
              </pre>
              <Button onClick={() => saveText(receipt.signedXml ?? '', `receipt-${receipt.receiptId}.xml`)}>
                {t('messageDetail.downloadReceipt')}
              </Button>
            </>
          )}
        </>
      )}
    </Card>
  );
}
