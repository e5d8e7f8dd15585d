/**
 * Wiring of the console's administrator and auditor API (issue 16), kept out of main.ts so the composition
 * root changes by a few lines: console users (list, create, disable), the overview's counts and the audit
 * chain's verification status.
 */
import type { Connection } from 'mongoose';
import type { OwnIdentity } from './config/identity';
import type { GatewayConfig } from './config/schema';
import type { AlertStore } from './domain/alerts/alert';
import type { AuditLog } from './domain/audit/audit-entry';
import type { MessageRepository } from './domain/exchange/message-repository';
import type { PartnerRepository } from './domain/partners/partner';
import { TrustAnchors } from './domain/pki/trust-anchors';
import type { Clock } from './domain/ports';
import type { TokenAuthenticator } from './flows/authenticate-token';
import { certificateExpiryAlertsNow, ownWatchedCertificates } from './flows/watch-certificate-expiry';
import { MongoAlertAcknowledgements } from './storage/mongo-alert-acknowledgements';
import { MongoAuditCheckpointStore } from './storage/mongo-audit-checkpoint-store';
import { MongoOverviewCounts } from './storage/mongo-overview-counts';
import { MongoSessionRepository } from './storage/mongo-session-repository';
import { MongoUserRepository } from './storage/mongo-user-repository';
import type { ApiRoutes } from './transport/api-app';
import { auditVerificationRoutes } from './transport/audit-verification-routes';
import { overviewRoutes } from './transport/overview-routes';
import { RequestAuditLog } from './transport/request-audit-log';
import { userRoutes } from './transport/user-routes';

export function consoleAdminRoutes(deps: {
  mongo: Connection;
  config: GatewayConfig;
  identity: OwnIdentity;
  authenticator: TokenAuthenticator;
  audit: AuditLog;
  alerts: Pick<AlertStore, 'list'>;
  partners: PartnerRepository;
  messages: Pick<MessageRepository, 'search'>;
  clock: Clock;
}): ApiRoutes[] {
  const { mongo, config, identity, authenticator, clock, partners } = deps;
  const certificateExpiry = () =>
    certificateExpiryAlertsNow({
      partners,
      own: ownWatchedCertificates(identity),
      clock,
      windowDays: config.alerts.certificateExpiryDays,
    });
  return [
    userRoutes({
      authenticator,
      users: new MongoUserRepository(mongo),
      sessions: new MongoSessionRepository(mongo),
      audit: new RequestAuditLog(deps.audit),
      clock,
    }),
    overviewRoutes({
      authenticator,
      counts: new MongoOverviewCounts(mongo),
      messages: deps.messages,
      alerts: { store: deps.alerts, certificateExpiry },
      acknowledgements: new MongoAlertAcknowledgements(mongo),
      partners,
      clock,
    }),
    auditVerificationRoutes({
      authenticator,
      audit: deps.audit,
      checkpoints: new MongoAuditCheckpointStore(mongo),
      checkpointTrust: {
        trust: TrustAnchors.from({
          anchors: identity.signing.chainPems.length
            ? identity.signing.chainPems
            : [identity.signing.certPem],
        }),
        country: config.country,
      },
      clock,
    }),
  ];
}
