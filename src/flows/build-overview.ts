/**
 * The overview of the exchange over a recent window (console issue 16): messages per partner and state,
 * failed deliveries, open (unacknowledged) alerts, partner certificates expiring soon, customs verdicts
 * by reason. Every count comes from the database or from short lists; nothing loads all messages.
 */
import type { AlertAcknowledgements } from '../domain/alerts/alert-acknowledgement';
import type { Alert, AlertSeverity } from '../domain/alerts/alert';
import type { MessageRepository } from '../domain/exchange/message-repository';
import type { CertificateRole, PartnerRepository } from '../domain/partners/partner';
import {
  OVERVIEW_WINDOWS,
  type MessageCount,
  type OverviewCounts,
  type OverviewWindow,
  type VerdictCounts,
} from '../domain/overview/overview';
import type { Clock } from '../domain/ports';
import { listAlerts, type ListAlertsDeps } from './list-alerts';

const DAY_MS = 86_400_000;
/** Certificates expiring within this many days are listed. */
export const CERTIFICATE_HORIZON_DAYS = 60;
const RECENT = 10;
const ALERT_SCAN = 1000;

export interface OverviewDeps {
  counts: OverviewCounts;
  messages: Pick<MessageRepository, 'search'>;
  alerts: ListAlertsDeps;
  acknowledgements: Pick<AlertAcknowledgements, 'find'>;
  partners: Pick<PartnerRepository, 'listCertificates'>;
  clock: Clock;
}

export interface Overview {
  window: OverviewWindow;
  since: Date;
  generatedAt: Date;
  messages: MessageCount[];
  failedDeliveries: {
    count: number;
    recent: Array<{
      messageId: string;
      partner: string;
      permitKey: string;
      createdAt: Date;
      failure?: string;
    }>;
  };
  openAlerts: { count: number; bySeverity: Record<AlertSeverity, number>; recent: Alert[] };
  expiringCertificates: Array<{
    partner: string;
    role: CertificateRole;
    subject: string;
    fingerprint: string;
    notAfter: Date;
    daysLeft: number;
  }>;
  verdicts: VerdictCounts;
}

export async function buildOverview(deps: OverviewDeps, window: OverviewWindow): Promise<Overview> {
  const now = deps.clock.now();
  const since = new Date(now.getTime() - OVERVIEW_WINDOWS[window]);
  const [messages, failed, openAlerts, expiringCertificates, verdicts] = await Promise.all([
    deps.counts.messagesByPartnerAndState(since),
    deps.messages.search({ direction: 'outbound', state: 'FAILED', from: since, limit: RECENT }),
    findOpenAlerts(deps),
    findExpiringCertificates(deps, now),
    deps.counts.verdictsByReason(since),
  ]);
  const failedCount = messages
    .filter((m) => m.direction === 'outbound' && m.state === 'FAILED')
    .reduce((sum, m) => sum + m.count, 0);
  return {
    window,
    since,
    generatedAt: now,
    messages,
    failedDeliveries: {
      count: failedCount,
      recent: failed.flatMap((m) =>
        m.direction === 'outbound'
          ? [
              {
                messageId: m.messageId,
                partner: m.partner,
                permitKey: m.permitKey,
                createdAt: m.createdAt,
                ...(m.failure && { failure: m.failure.code }),
              },
            ]
          : [],
      ),
    },
    openAlerts,
    expiringCertificates,
    verdicts,
  };
}

async function findOpenAlerts(deps: OverviewDeps): Promise<Overview['openAlerts']> {
  const alerts = await listAlerts(deps.alerts, { limit: ALERT_SCAN });
  const acknowledged = await deps.acknowledgements.find(alerts.map((a) => a.id));
  const open = alerts.filter((a) => !acknowledged.has(a.id));
  const bySeverity: Record<AlertSeverity, number> = { critical: 0, warning: 0, info: 0 };
  for (const alert of open) bySeverity[alert.severity] += 1;
  return { count: open.length, bySeverity, recent: open.slice(0, 5) };
}

async function findExpiringCertificates(
  deps: OverviewDeps,
  now: Date,
): Promise<Overview['expiringCertificates']> {
  const horizon = now.getTime() + CERTIFICATE_HORIZON_DAYS * DAY_MS;
  return (await deps.partners.listCertificates())
    .filter((c) => !c.revoked && c.notAfter.getTime() <= horizon)
    .sort((a, b) => a.notAfter.getTime() - b.notAfter.getTime())
    .map((c) => ({
      partner: c.partnerCode,
      role: c.role,
      subject: c.subject,
      fingerprint: c.fingerprint,
      notAfter: c.notAfter,
      daysLeft: Math.floor((c.notAfter.getTime() - now.getTime()) / DAY_MS),
    }));
}
