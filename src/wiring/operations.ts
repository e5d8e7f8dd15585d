/**
 * Composition of the operating features (issue 18): alert delivery, operating metrics and their hooks.
 * Part of the composition root: main.ts calls these, so its own edits stay a few lines.
 */
import type { Request, Response, NextFunction, Router } from 'express';
import type { Connection } from 'mongoose';
import type { AlertDeliveryConfig } from '../config/alert-delivery-schema';
import type { RetentionConfig } from '../config/retention-schema';
import { RetentionJob } from '../flows/retention/retention-job';
import { MongoRetentionStore } from '../storage/mongo-retention-store';
import type { Alert } from '../domain/alerts/alert';
import type { AlertChannel } from '../domain/alerts/alert-channel';
import type { AuditLog } from '../domain/audit/audit-entry';
import type { DeliveryAttempt } from '../domain/exchange/message';
import type { MessageRepository } from '../domain/exchange/message-repository';
import type { OutboundMessage } from '../domain/exchange/records';
import type { Clock } from '../domain/ports';
import type { PartnerRepository } from '../domain/partners/partner';
import type { WatchedCertificate } from '../domain/alerts/certificate-expiry';
import { AlertDispatcher } from '../flows/alerts/alert-dispatcher';
import type { TokenAuthenticator } from '../flows/authenticate-token';
import type { Logger } from '../logging/logger';
import { MongoAlertAcknowledgements } from '../storage/mongo-alert-acknowledgements';
import { MongoAlertDeliveryStore } from '../storage/mongo-alert-delivery-store';
import type { MongoAlertStore } from '../storage/mongo-alert-store';
import { alertDeliveryRoutes } from '../transport/alert-delivery-routes';
import type { OperationsMetrics } from '../transport/operations-metrics';
import { SmtpAlertChannel } from '../transport/smtp-alert-channel';
import { WebhookAlertChannel } from '../transport/webhook-alert-channel';

export interface AlertDeliveryWiring {
  mongo: Connection;
  config: AlertDeliveryConfig;
  country: string;
  owner: string;
  alerts: MongoAlertStore;
  certificateExpiry: () => Promise<Alert[]>;
  audit: AuditLog;
  authenticator: TokenAuthenticator;
  metrics: OperationsMetrics;
  clock: Clock;
  logger: Logger;
}

export function alertChannelsOf(config: AlertDeliveryConfig, country: string): Map<string, AlertChannel> {
  const channels = new Map<string, AlertChannel>();
  for (const channel of config.channels) {
    const common = { name: channel.name, timeoutMs: config.requestTimeoutMs, country };
    channels.set(
      channel.name,
      channel.type === 'webhook'
        ? new WebhookAlertChannel({ ...common, url: channel.url, secret: channel.secret })
        : new SmtpAlertChannel({
            ...common,
            host: channel.host,
            port: channel.port,
            secure: channel.secure,
            requireTls: channel.requireTls,
            ...(channel.user !== undefined && { user: channel.user }),
            ...(channel.password !== undefined && { password: channel.password }),
            from: channel.from,
            to: channel.to,
          }),
    );
  }
  return channels;
}

/** Stores, the dispatcher (started) and the API routes of alert delivery and acknowledgement. */
export async function startAlertDelivery(deps: AlertDeliveryWiring) {
  const deliveries = new MongoAlertDeliveryStore(deps.mongo);
  const acknowledgements = new MongoAlertAcknowledgements(deps.mongo);
  await deliveries.init();
  const findAlert = async (id: string): Promise<Alert | null> =>
    (await deps.alerts.find(id)) ?? (await deps.certificateExpiry()).find((alert) => alert.id === id) ?? null;
  const dispatcher = new AlertDispatcher(
    {
      alerts: deps.alerts,
      certificateExpiry: deps.certificateExpiry,
      acknowledgements,
      deliveries,
      routes: deps.config.routes,
      repeat: deps.config.repeat,
      lookbackMs: deps.config.lookbackMs,
      scanLimit: 1000,
      channels: alertChannelsOf(deps.config, deps.country),
      owner: deps.owner,
      retry: deps.config.retry,
      leaseMs: deps.config.leaseMs,
      clock: deps.clock,
      logger: deps.logger,
      onOutcome: (channel, outcome) => deps.metrics.alertDeliveries.inc({ channel, outcome }),
    },
    { intervalMs: deps.config.sweepIntervalMs, batchSize: deps.config.batchSize },
  );
  dispatcher.start();
  const routes = alertDeliveryRoutes({
    authenticator: deps.authenticator,
    acknowledgements,
    deliveries,
    findAlert,
    clock: deps.clock,
    onAcknowledged: async (alertId, by, note) => {
      await deps.audit.append({
        actor: by,
        action: 'alert.acknowledged',
        target: `alert:${alertId}`,
        before: null,
        after: { note: note ?? null },
      });
    },
  });
  return { dispatcher, deliveries, acknowledgements, routes };
}

/**
 * The delivery worker's `onOutcome`: counts at once; for a failure, reads the record back for its code
 * (the worker has written it by then), so the flow itself needs no change.
 */
export function deliveryOutcomeHook(
  metrics: OperationsMetrics,
  messages: Pick<MessageRepository, 'findOutboundState'>,
  clock: Clock,
  logger: Logger,
): (outcome: DeliveryAttempt['outcome'], message: OutboundMessage) => void {
  return (outcome, message) => {
    const at = clock.now();
    if (outcome === 'delivered' || outcome === 'transient-failure') {
      metrics.recordDeliveryOutcome(outcome, message, { at });
      return;
    }
    messages
      .findOutboundState(message.messageId)
      .then((stored) =>
        metrics.recordDeliveryOutcome(outcome, message, { at, code: stored?.failure?.code ?? 'UNKNOWN' }),
      )
      .catch((error: unknown) =>
        logger.warn('delivery metric not recorded', { error: (error as Error).message }),
      );
  };
}

/** The message repository as the receiving flow sees it, counting each new inbound decision. */
export function observeInboundDecisions<T extends Pick<MessageRepository, 'insertInbound'>>(
  messages: T,
  metrics: OperationsMetrics,
): T {
  return new Proxy(messages, {
    get(target, property, receiver) {
      if (property !== 'insertInbound') return Reflect.get(target, property, receiver) as unknown;
      return async (message: Parameters<MessageRepository['insertInbound']>[0]) => {
        const inserted = await target.insertInbound(message);
        if (inserted) metrics.recordInboundDecision(message);
        return inserted;
      };
    },
  });
}

/** Times `POST /api/v1/verifications` by verdict; mounted before the verification routes. */
export function verificationTiming(metrics: OperationsMetrics) {
  return (router: Router): void => {
    router.post('/verifications', (_req: Request, res: Response, next: NextFunction) => {
      const started = process.hrtime.bigint();
      const json = res.json.bind(res);
      let verdict = 'error';
      res.json = (body: unknown) => {
        const given = (body as { verdict?: unknown } | null)?.verdict;
        if (given === 'ACCEPTED' || given === 'REJECTED') verdict = given;
        return json(body);
      };
      res.on('finish', () => {
        metrics.verificationDuration.observe({ verdict }, Number(process.hrtime.bigint() - started) / 1e9);
      });
      next();
    });
  };
}

/** Every certificate we watch: ours and the partners' non-revoked ones. */
export async function watchedCertificatesNow(
  partners: Pick<PartnerRepository, 'listCertificates'>,
  own: readonly WatchedCertificate[],
): Promise<WatchedCertificate[]> {
  const theirs = (await partners.listCertificates())
    .filter((cert) => !cert.revoked)
    .map((cert) => ({
      owner: cert.partnerCode,
      role: cert.role,
      fingerprint: cert.fingerprint,
      subject: cert.subject,
      notBefore: cert.notBefore,
      notAfter: cert.notAfter,
    }));
  return [...own, ...theirs];
}

/** The retention purge job (started; does nothing while no retention is configured). */
export function startRetention(deps: {
  mongo: Connection;
  config: RetentionConfig;
  pendingAlertIds: (ids: readonly string[]) => Promise<Set<string>>;
  audit: AuditLog;
  owner: string;
  clock: Clock;
  logger: Logger;
}): RetentionJob {
  const job = new RetentionJob({
    store: new MongoRetentionStore(deps.mongo),
    pendingAlertIds: deps.pendingAlertIds,
    audit: deps.audit,
    policy: deps.config,
    owner: deps.owner,
    clock: deps.clock,
    logger: deps.logger,
  });
  job.start();
  return job;
}
