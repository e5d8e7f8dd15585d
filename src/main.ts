/**
 * Composition root: load config, build adapters, start them in order, stop them in reverse order.
 * Only this file (and the CLI's wiring) imports every layer.
 */
import { createServer } from 'node:http';
import type { Connection } from 'mongoose';
import { loadOwnIdentity, type OwnIdentity } from './config/identity';
import type { GatewayConfig } from './config/schema';
import { systemClock, type Clock } from './domain/ports';
import { TokenAuthenticator } from './flows/authenticate-token';
import { PartnerDirectory } from './flows/partner-directory';
import { createLogger, type Logger } from './logging/logger';
import { AmqpConnection } from './messaging/amqp-connection';
import { AmqpDirectoryBus } from './messaging/amqp-directory-bus';
import { connectMongo, pingMongo } from './storage/mongo-connection';
import { MongoPartnerRepository } from './storage/mongo-partner-repository';
import { MongoTokenRepository } from './storage/mongo-token-repository';
import { createApiApp, type ApiRoutes } from './transport/api-app';
import { createExchangeApp, type ExchangeRoute } from './transport/exchange-app';
import { ExchangeServer } from './transport/exchange-server';
import { ListeningServer } from './transport/http-server';
import { GatewayMetrics } from './transport/metrics';
import { PartnerClient } from './transport/partner-client';
import { partnerPingRoutes } from './transport/partner-ping-routes';
import { tokenRoutes } from './transport/token-routes';
import { MongoAuditLog } from './storage/mongo-audit-log';
import { MongoAlertStore } from './storage/mongo-alert-store';
import { auditTokenCreation } from './flows/audit-token-creation';
import type { PartnerAdminDeps } from './flows/partner-admin';
import {
  CertificateExpiryWatcher,
  certificateExpiryAlertsNow,
  ownWatchedCertificates,
  type CertificateExpiryDeps,
} from './flows/watch-certificate-expiry';
import { alertRoutes } from './transport/alert-routes';
import { auditRoutes } from './transport/audit-routes';
import { identityRoutes } from './transport/identity-routes';
import { partnerRoutes } from './transport/partner-routes';

export interface GatewayOptions {
  logger?: Logger;
  clock?: Clock;
  /** Extra routes on the mutual-TLS exchange endpoint (added after those the gateway builds itself). */
  exchangeRoutes?: ExchangeRoute[];
}

interface Component {
  name: string;
  close(): Promise<void>;
}

export class Gateway {
  readonly logger: Logger;
  readonly clock: Clock;
  readonly metrics: GatewayMetrics;
  readonly identity: OwnIdentity;
  private readonly started: Component[] = [];
  private apiServer: ListeningServer | undefined;
  mongo!: Connection;
  amqp!: AmqpConnection;
  partners!: MongoPartnerRepository;
  /** The partner directory in memory; admin flows call `directory.changed(code)` after each write. */
  directory!: PartnerDirectory;
  exchangeServer!: ExchangeServer;
  partnerClient!: PartnerClient;
  alerts!: MongoAlertStore;
  /** Hash-chained log of admin actions (partners, certificates, tokens). */
  audit!: MongoAuditLog;

  constructor(
    readonly config: GatewayConfig,
    private readonly options: GatewayOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? createLogger({ level: config.logLevel, country: config.country });
    this.identity = loadOwnIdentity(config, this.clock.now());
    this.metrics = new GatewayMetrics({ country: config.country });
  }

  get apiUrl(): string {
    if (!this.apiServer) throw new Error('gateway not started');
    const { host, port } = this.apiServer.address;
    return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  }

  /** https URL of our mutual-TLS exchange endpoint as it listens (not `exchange.publicUrl`). */
  get exchangeUrl(): string {
    if (!this.exchangeServer) throw new Error('gateway not started');
    return this.exchangeServer.url;
  }

  async start(): Promise<void> {
    try {
      this.mongo = await connectMongo(this.config.mongodbUri);
      this.started.push({ name: 'mongodb', close: () => this.mongo.close() });

      this.amqp = new AmqpConnection(this.config.amqpUrl, this.logger);
      await this.amqp.start();
      this.started.push({ name: 'amqp', close: () => this.amqp.close() });

      this.partners = new MongoPartnerRepository(this.mongo);
      await this.partners.init();
      this.audit = new MongoAuditLog(this.mongo, this.clock);
      await this.audit.init();
      this.alerts = new MongoAlertStore(this.mongo, this.clock);
      await this.alerts.init();
      this.directory = new PartnerDirectory(
        {
          partners: this.partners,
          broadcast: new AmqpDirectoryBus(
            { connection: this.amqp, logger: this.logger },
            { prefix: this.config.amqpPrefix },
          ),
          clock: this.clock,
          logger: this.logger,
        },
        { reconcileIntervalMs: this.config.directory.reconcileIntervalMs },
      );
      await this.directory.start();
      this.started.push({ name: 'directory', close: () => this.directory.close() });

      this.partnerClient = new PartnerClient({ tlsClient: this.identity.tlsClient, logger: this.logger });
      this.started.push({ name: 'partner client', close: () => this.partnerClient.close() });

      // Routes of the mutual-TLS exchange endpoint; features that receive from partners add theirs here.
      const exchangeRoutes: ExchangeRoute[] = [...(this.options.exchangeRoutes ?? [])];
      const exchangeApp = createExchangeApp({
        country: this.config.country,
        directory: this.directory,
        clock: this.clock,
        logger: this.logger,
        metrics: this.metrics,
        routes: exchangeRoutes,
      });
      this.exchangeServer = new ExchangeServer(
        {
          app: exchangeApp,
          directory: this.directory,
          tlsServer: this.identity.tlsServer,
          clock: this.clock,
          logger: this.logger,
        },
        { host: this.config.exchange.host, port: this.config.exchange.port },
      );
      await this.exchangeServer.start();
      this.started.push({ name: 'exchange server', close: () => this.exchangeServer.close() });

      const tokens = new MongoTokenRepository(this.mongo);
      await tokens.init();
      const authenticator = new TokenAuthenticator({ tokens, clock: this.clock });
      // Routes of the internal API; features add theirs here.
      const apiRoutes: ApiRoutes[] = [
        tokenRoutes({ authenticator, tokens, clock: this.clock, onCreated: auditTokenCreation(this.audit) }),
        ...this.adminRoutes(authenticator),
        partnerPingRoutes({
          authenticator,
          directory: this.directory,
          transport: this.partnerClient,
          clock: this.clock,
        }),
      ];

      const app = createApiApp({
        logger: this.logger,
        metrics: this.metrics,
        bodyLimitBytes: this.config.bodyLimitBytes,
        readiness: {
          mongodb: () => pingMongo(this.mongo),
          rabbitmq: () => Promise.resolve(this.amqp.isConnected()),
        },
        routes: apiRoutes,
      });
      this.apiServer = new ListeningServer(createServer(app), this.config.api.host, this.config.api.port);
      await this.apiServer.start();
      this.started.push({ name: 'api', close: () => this.apiServer!.close() });
      this.logger.info('gateway started', { api: this.apiUrl, exchange: this.exchangeUrl });
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  /**
   * Partner administration, audit, alerts and our identity (issue 4); also starts the daily
   * certificate-expiry watcher.
   */
  private adminRoutes(authenticator: TokenAuthenticator): ApiRoutes[] {
    const { config, clock, logger } = this;
    const admin: PartnerAdminDeps = {
      partners: this.partners,
      audit: this.audit,
      directory: this.directory,
      clock,
      logger,
      ownCountry: config.country,
    };
    const expiry: CertificateExpiryDeps = {
      partners: this.partners,
      own: ownWatchedCertificates(this.identity),
      clock,
      windowDays: config.alerts.certificateExpiryDays,
    };
    const watcher = new CertificateExpiryWatcher({
      ...expiry,
      logger,
      gauge: this.metrics.certificatesExpiring,
    });
    watcher.start();
    this.started.push({ name: 'certificate expiry watcher', close: () => watcher.close() });
    return [
      partnerRoutes({ ...admin, authenticator }),
      auditRoutes({ authenticator, audit: this.audit }),
      alertRoutes({
        authenticator,
        store: this.alerts,
        certificateExpiry: () => certificateExpiryAlertsNow(expiry),
      }),
      identityRoutes({
        authenticator,
        identity: this.identity,
        about: { country: config.country, name: config.name, exchangeUrl: config.exchange.publicUrl },
      }),
    ];
  }

  async close(): Promise<void> {
    while (this.started.length) {
      const component = this.started.pop()!;
      try {
        await component.close();
      } catch (error) {
        this.logger.warn('component failed to close', {
          component: component.name,
          error: (error as Error).message,
        });
      }
    }
  }
}
