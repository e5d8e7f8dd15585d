/**
 * The operating metrics of issue 18, registered in the gateway's registry beside the HTTP ones: delivery
 * outcomes and attempts per partner, submit-to-receipt latency, message counts by state (the queue
 * depths), inbound decisions, verification latency, certificate days to expiry and alert deliveries.
 * Gauges that mirror the database are read when Prometheus scrapes.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { DeliveryAttempt } from '../domain/exchange/message';
import type { InboundMessage, OutboundMessage } from '../domain/exchange/records';
import type { WatchedCertificate } from '../domain/alerts/certificate-expiry';

export interface OperationsMetricsSources {
  /** Message counts by state, per direction. */
  countByState(direction: 'outbound' | 'inbound'): Promise<Record<string, number>>;
  /** Every certificate we watch (ours and the partners' non-revoked ones). */
  certificates(): Promise<WatchedCertificate[]>;
  now(): Date;
}

const DAY_MS = 86_400_000;

/** Outbound delivery: outcomes, attempts, latency and message counts by state. */
function createDeliveryMetrics(
  registers: Registry[],
  sources: OperationsMetricsSources,
): Pick<OperationsMetrics, 'deliveries' | 'deliveryAttempts' | 'deliveryLatency' | 'messages'> {
  const deliveries = new Counter({
    name: 'epix_deliveries_total',
    help: 'Outbound messages finished, by partner, outcome (delivered, rejected, failed) and code',
    labelNames: ['partner', 'outcome', 'code'],
    registers,
  });
  const deliveryAttempts = new Counter({
    name: 'epix_delivery_attempts_total',
    help: 'Delivery attempts, by partner and outcome (delivered, rejected, transient-failure, permanent-failure)',
    labelNames: ['partner', 'outcome'],
    registers,
  });
  const deliveryLatency = new Histogram({
    name: 'epix_delivery_latency_seconds',
    help: 'From submission (message record created) to the signed receipt, for delivered messages',
    labelNames: ['partner'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400],
    registers,
  });
  const messages = new Gauge({
    name: 'epix_messages',
    help: 'Message records by direction and state (QUEUED, SENDING, RETRY_WAIT are the outbound queue depth)',
    labelNames: ['direction', 'state'],
    registers,
    async collect() {
      this.reset();
      for (const direction of ['outbound', 'inbound'] as const) {
        const counts = await sources.countByState(direction).catch(() => ({}));
        for (const [state, n] of Object.entries(counts)) this.set({ direction, state }, n);
      }
    },
  });
  return { deliveries, deliveryAttempts, deliveryLatency, messages };
}

/** Inbound decisions, verification latency, certificate expiry and alert deliveries. */
function createInboundMetrics(
  registers: Registry[],
  sources: OperationsMetricsSources,
): Pick<
  OperationsMetrics,
  'inboundDecisions' | 'verificationDuration' | 'certificateDaysToExpiry' | 'alertDeliveries'
> {
  const inboundDecisions = new Counter({
    name: 'epix_inbound_decisions_total',
    help: 'Receipts we gave partners, by partner, status and code (OK, a warning or the rejection code)',
    labelNames: ['partner', 'status', 'code'],
    registers,
  });
  const verificationDuration = new Histogram({
    name: 'epix_verification_duration_seconds',
    help: 'Customs verification requests, by verdict (ACCEPTED, REJECTED, or error)',
    labelNames: ['verdict'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  const certificateDaysToExpiry = new Gauge({
    name: 'epix_certificate_days_to_expiry',
    help: "Days until each certificate we hold (ours and partners') expires; negative once expired",
    labelNames: ['owner', 'role', 'fingerprint'],
    registers,
    async collect() {
      const certificates = await sources.certificates().catch(() => null);
      if (!certificates) return;
      this.reset();
      const now = sources.now().getTime();
      for (const cert of certificates) {
        const days = Math.floor((cert.notAfter.getTime() - now) / DAY_MS);
        this.set({ owner: cert.owner, role: cert.role, fingerprint: cert.fingerprint }, days);
      }
    },
  });
  const alertDeliveries = new Counter({
    name: 'epix_alert_deliveries_total',
    help: 'Alert delivery attempts, by channel and outcome (delivered, retry, failed, lost)',
    labelNames: ['channel', 'outcome'],
    registers,
  });
  return { inboundDecisions, verificationDuration, certificateDaysToExpiry, alertDeliveries };
}

export class OperationsMetrics {
  readonly deliveries: Counter<'partner' | 'outcome' | 'code'>;
  readonly deliveryAttempts: Counter<'partner' | 'outcome'>;
  readonly deliveryLatency: Histogram<'partner'>;
  readonly messages: Gauge<'direction' | 'state'>;
  readonly inboundDecisions: Counter<'partner' | 'status' | 'code'>;
  readonly verificationDuration: Histogram<'verdict'>;
  readonly certificateDaysToExpiry: Gauge<'owner' | 'role' | 'fingerprint'>;
  readonly alertDeliveries: Counter<'channel' | 'outcome'>;

  constructor(registry: Registry, sources: OperationsMetricsSources) {
    const registers = [registry];
    const delivery = createDeliveryMetrics(registers, sources);
    this.deliveries = delivery.deliveries;
    this.deliveryAttempts = delivery.deliveryAttempts;
    this.deliveryLatency = delivery.deliveryLatency;
    this.messages = delivery.messages;
    const inbound = createInboundMetrics(registers, sources);
    this.inboundDecisions = inbound.inboundDecisions;
    this.verificationDuration = inbound.verificationDuration;
    this.certificateDaysToExpiry = inbound.certificateDaysToExpiry;
    this.alertDeliveries = inbound.alertDeliveries;
  }

  /** The delivery worker's `onOutcome`: attempts, final outcomes and the latency of delivered ones. */
  recordDeliveryOutcome(
    outcome: DeliveryAttempt['outcome'],
    message: OutboundMessage,
    finished: { code?: string; at: Date },
  ): void {
    const partner = message.partner;
    this.deliveryAttempts.inc({ partner, outcome });
    if (outcome === 'transient-failure' || outcome === 'in-progress') return;
    const final = outcome === 'delivered' ? 'delivered' : outcome === 'rejected' ? 'rejected' : 'failed';
    this.deliveries.inc({ partner, outcome: final, code: finished.code ?? 'OK' });
    if (outcome === 'delivered') {
      this.deliveryLatency.observe({ partner }, (finished.at.getTime() - message.createdAt.getTime()) / 1000);
    }
  }

  /** One receipt given to a partner (a new inbound record). */
  recordInboundDecision(message: InboundMessage): void {
    const code = message.failure?.code ?? message.receipt.warnings[0]?.code ?? 'OK';
    this.inboundDecisions.inc({ partner: message.partner, status: message.receipt.status, code });
  }
}
