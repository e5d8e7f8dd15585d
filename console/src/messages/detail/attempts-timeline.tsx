/** The delivery attempts of an outbound message, oldest first, as a timeline. */
import { Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/use-format';
import type { MessageRecord } from './use-message';

type Attempt = Extract<MessageRecord, { direction: 'outbound' }>['attempts'][number];

const COLORS: Record<Attempt['outcome'], string> = {
  delivered: '#1e7e34',
  rejected: '#b3261e',
  'permanent-failure': '#b3261e',
  'transient-failure': '#8a5300',
  'in-progress': '#0b57d0',
};

export function AttemptsTimeline({ attempts }: { attempts: Attempt[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (attempts.length === 0) return <Typography.Text>{t('messageDetail.noAttempts')}</Typography.Text>;
  const sorted = [...attempts].sort((a, b) => a.attempt - b.attempt);
  return (
    <Timeline
      items={sorted.map((a) => ({
        key: a.attempt,
        color: COLORS[a.outcome],
        children: (
          <div className="attempt">
            <strong>
              {t('messageDetail.attempt', {
                n: format.number(a.attempt),
                outcome: t(`messageDetail.outcomes.${a.outcome}`),
              })}
            </strong>
            {a.httpStatus !== undefined && <span> · HTTP {a.httpStatus}</span>}
            {a.code && (
              <span>
                {' '}
                · <code>{a.code}</code>
              </span>
            )}
            <div>
              {a.endedAt
                ? t('messageDetail.attemptTimes', {
                    start: format.dateTime(a.startedAt),
                    end: format.dateTime(a.endedAt),
                  })
                : t('messageDetail.attemptStarted', { start: format.dateTime(a.startedAt) })}
            </div>
            {a.error && <div>{a.error}</div>}
          </div>
        ),
      }))}
    />
  );
}
