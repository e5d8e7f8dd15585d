/** The verdict as the API gave it: every reason in plain words, and the permit actually received. */
import { Alert, Card, Descriptions, List, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../i18n/use-format';
import { RiskPanel } from './risk-panel';
import type { VerificationAnswer } from './use-verify';

function Reasons({ answer }: { answer: VerificationAnswer }) {
  const { t } = useTranslation();
  if (answer.reasons.length === 0) return null;
  return (
    <section aria-labelledby="reasons-title">
      <Typography.Title level={3} id="reasons-title" style={{ fontSize: 18 }}>
        {t('customs.reasonsTitle')}
      </Typography.Title>
      <List
        bordered
        dataSource={answer.reasons}
        renderItem={(reason) => (
          <List.Item>
            <div>
              <Typography.Text strong>{t(`reasons.${reason.code}`)}</Typography.Text>{' '}
              <Typography.Text code>{reason.code}</Typography.Text>
              {reason.declarationLine !== undefined && (
                <div>{t('customs.reasonLine', { line: reason.declarationLine + 1 })}</div>
              )}
              {reason.block !== undefined && <div>{t('customs.reasonBlock', { block: reason.block })}</div>}
            </div>
          </List.Item>
        )}
      />
    </section>
  );
}

function ReceivedPermit({ permit }: { permit: NonNullable<VerificationAnswer['permit']> }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Descriptions title={t('customs.receivedPermit')} bordered size="small" column={1}>
      <Descriptions.Item label={t('customs.permitKey')}>{permit.permitKey}</Descriptions.Item>
      <Descriptions.Item label={t('customs.exporter')}>
        {permit.exporter.name} ({permit.exporter.country})
      </Descriptions.Item>
      <Descriptions.Item label={t('customs.importer')}>
        {permit.importer.name} ({permit.importer.country})
      </Descriptions.Item>
      <Descriptions.Item label={t('customs.validUntil')}>{format.date(permit.validUntil)}</Descriptions.Item>
      <Descriptions.Item label={t('customs.receivedAt')}>
        {format.dateTime(permit.receivedAt)}
      </Descriptions.Item>
      {permit.lines.map((line) => (
        <Descriptions.Item key={line.block} label={line.block}>
          {t('customs.specimens', {
            quantity: format.number(line.quantity),
            unit: line.unit ?? '',
            name: line.scientificName,
          })}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

export function VerdictCard({ answer }: { answer: VerificationAnswer }) {
  const { t } = useTranslation();
  const format = useFormat();
  const accepted = answer.verdict === 'ACCEPTED';
  const section = useRef<HTMLElement>(null);
  // The officer's next look goes to the verdict, below the form. The braces matter: Chromium's scrollIntoView
  // now returns a promise, and an effect must return nothing or a clean-up function.
  useEffect(() => {
    void section.current?.scrollIntoView({ block: 'start' });
  }, [answer.id]);
  return (
    <section aria-labelledby="verdict-title" ref={section}>
      <Card style={{ marginTop: 24 }}>
        <Typography.Title level={2} id="verdict-title" style={{ fontSize: 20 }}>
          {t('customs.result')}
        </Typography.Title>
        <Alert
          role="status"
          type={accepted ? 'success' : 'error'}
          showIcon
          title={<span data-verdict={answer.verdict}>{t(`customs.verdict.${answer.verdict}`)}</span>}
          description={
            <>
              <div>{t('customs.declarationOf', { number: answer.declarationNumber })}</div>
              <div>{t('customs.verifiedAt', { at: format.dateTime(answer.verifiedAt) })}</div>
              {answer.replayed && <div>{t('customs.replayed')}</div>}
            </>
          }
        />
        <Reasons answer={answer} />
        {answer.assessment && <RiskPanel assessment={answer.assessment} />}
        {answer.permit && <ReceivedPermit permit={answer.permit} />}
        {answer.permit && (
          <p style={{ marginTop: 12 }}>
            <Link to={`?permit=${encodeURIComponent(answer.permit.permitKey)}`}>
              {t('presented.showPaper')}
            </Link>
          </p>
        )}
      </Card>
    </section>
  );
}
