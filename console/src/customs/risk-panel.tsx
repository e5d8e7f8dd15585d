/** The lane the risk engine gave the declaration, and every source that had a say, in words. */
import { List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AssessmentReason } from '../../../src/domain/risk/risk-assessment';
import type { Lane, LaneSource } from '../../../src/domain/risk/lane';
import { useFormat } from '../i18n/use-format';
import { StateTag } from '../permits/state-tag';

export interface VerificationAssessment {
  id: string;
  lane: Lane;
  decidedBy: LaneSource | null;
  reasons: AssessmentReason[];
}

const LANE_KIND = { GREEN: 'done', YELLOW: 'open', RED: 'failed' } as const;

function useReasonText() {
  const { t } = useTranslation();
  const format = useFormat();
  return (r: AssessmentReason): string => {
    const lane = t(`risk.lanes.${r.lane}`);
    switch (r.source) {
      case 'PROFILE':
        return t('risk.reasonProfile', {
          name: r.profileName ?? r.profileId,
          version: r.profileVersion,
          lane,
        });
      case 'MODEL':
        return t('risk.reasonModel', {
          version: r.modelVersion,
          score: format.number(r.score ?? 0),
          threshold: format.number(r.threshold ?? 0),
        });
      case 'VERIFICATION':
        return t('risk.reasonVerification');
      default:
        return t('risk.reasonDrawn', {
          source: t(`risk.sources.${r.source}`),
          rate: format.number(r.ratePercent ?? 0),
        });
    }
  };
}

export function RiskPanel({ assessment }: { assessment: VerificationAssessment }) {
  const { t } = useTranslation();
  const text = useReasonText();
  return (
    <section aria-labelledby="risk-title" style={{ marginTop: 16 }}>
      <Typography.Title level={3} id="risk-title" style={{ fontSize: 18 }}>
        {t('risk.title')}
      </Typography.Title>
      <p>
        <StateTag
          kind={LANE_KIND[assessment.lane]}
          label={t('risk.lane', { lane: t(`risk.lanes.${assessment.lane}`) })}
          state={assessment.lane}
        />{' '}
        {assessment.decidedBy && t('risk.decidedBy', { source: t(`risk.sources.${assessment.decidedBy}`) })}
      </p>
      {assessment.reasons.length === 0 ? (
        <p>{t('risk.noReason')}</p>
      ) : (
        <List
          size="small"
          bordered
          dataSource={assessment.reasons}
          renderItem={(r) => (
            <List.Item>
              {text(r)}: {t(r.selected ? 'risk.selected' : 'risk.notSelected')}
            </List.Item>
          )}
        />
      )}
    </section>
  );
}
