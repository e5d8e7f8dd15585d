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
import { directoryPartnerStatus, directorySignatureVerifier } from './flows/verify-presented-permit';
import { MongoImportPermitRepository } from './storage/mongo-import-permit-repository';
import { MongoVerificationRepository } from './storage/mongo-verification-repository';
import { importPermitRoutes } from './transport/import-permit-routes';
import { verificationMetrics, verificationRoutes } from './transport/verification-routes';
import { MongoAuditLog } from './storage/mongo-audit-log';
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
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { XmlSigner } from './domain/signing/xml-signer';
import { SchemaValidator, schemaFilePath } from './domain/xml/schema-validator';
import type { UsageConfirmation } from './domain/exchange/permit-records';
import { deliverMessage } from './flows/deliver-message';
import type { IssuePermitDeps } from './flows/issue-permit';
import { Outbox } from './flows/outbox';
import { processInboundMessage } from './flows/process-inbound-message';
import type { ReceiveMessageDeps } from './flows/receive-message';
import { sendUsageConfirmation, type UsageConfirmationSender } from './flows/send-usage-confirmation';
import { MessageSweeper } from './flows/sweep-messages';
import { AmqpExchangeQueue } from './messaging/exchange-queues';
import { MongoAlertStore } from './storage/mongo-alert-store';
import { MongoArchiveRepository } from './storage/mongo-archive-repository';
import { MongoMessageRepository } from './storage/mongo-message-repository';
import {
  MongoIssuedPermitRepository,
  MongoReceivedPermitRepository,
} from './storage/mongo-permit-repository';
import { exchangeMessageRoutes } from './transport/exchange-message-routes';
import { messageRoutes } from './transport/message-routes';
import { permitRoutes } from './transport/permit-routes';
import { buildRisk } from './risk-wiring';

export interface GatewayOptions {
  logger?: Logger;
  clock?: Clock;
  /** Extra routes on the mutual-TLS exchange endpoint (added after those the gateway builds itself). */
  exchangeRoutes?: ExchangeRoute[];
}

/** The exchange's parts, reachable from tests, the demo and the customs flows. */
export interface ExchangeComponents extends UsageConfirmationSender {
  messages: MongoMessageRepository;
  issued: MongoIssuedPermitRepository;
  received: MongoReceivedPermitRepository;
  archive: MongoArchiveRepository;
  queue: AmqpExchangeQueue;
  outbox: Outbox;
  sweeper: MessageSweeper;
  issue: IssuePermitDeps;
  receive: ReceiveMessageDeps;
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
  exchange!: ExchangeComponents;

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
      this.mongo = await connectMongo(this.config.mongodbUri, { logger: this.logger });
      this.started.push({ name: 'mongodb', close: () => this.mongo.close() });

      this.amqp = new AmqpConnection(this.config.amqpUrl, this.logger);
      await this.amqp.start();
      this.started.push({ name: 'amqp', close: () => this.amqp.close() });

      this.partners = new MongoPartnerRepository(this.mongo);
      await this.partners.init();
      this.audit = new MongoAuditLog(this.mongo, this.clock);
      await this.audit.init();
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

      this.partnerClient = new PartnerClient({
        tlsClient: this.identity.tlsClient,
        logger: this.logger,
        directory: this.directory,
      });
      this.started.push({ name: 'partner client', close: () => this.partnerClient.close() });

      // Routes of the mutual-TLS exchange endpoint; features that receive from partners add theirs here.
      this.alerts = new MongoAlertStore(this.mongo, this.clock);
      await this.alerts.init();
      this.exchange = await this.buildExchange();
      const exchangeRoutes: ExchangeRoute[] = [
        exchangeMessageRoutes({ ...this.exchange.receive, bodyLimitBytes: this.config.bodyLimitBytes }),
        ...(this.options.exchangeRoutes ?? []),
      ];
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
        permitRoutes({
          authenticator,
          issue: this.exchange.issue,
          issued: this.exchange.issued,
          received: this.exchange.received,
          bodyLimitBytes: this.config.bodyLimitBytes,
        }),
        messageRoutes({
          authenticator,
          messages: this.exchange.messages,
          outbox: this.exchange.outbox,
          clock: this.clock,
        }),
        ...(await this.customsRoutes(authenticator)),
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
      await this.startExchangeWorkers();
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

  /**
   * Customs verification of presented permits and our import permits (issue 6). Received permits come
   * from the exchange; an ACCEPTED verification sends the usage confirmation through it.
   */
  private async customsRoutes(authenticator: TokenAuthenticator): Promise<ApiRoutes[]> {
    const { config, clock, logger } = this;
    const verifications = new MongoVerificationRepository(this.mongo);
    const importPermits = new MongoImportPermitRepository(this.mongo);
    await Promise.all([verifications.init(), importPermits.init()]);
    const risk = await buildRisk({
      ...{ config, clock, logger, mongo: this.mongo, alerts: this.alerts, audit: this.audit },
      ...{ received: this.exchange.received, authenticator },
    });
    this.started.push({ name: 'risk model trainer', close: () => risk.close() });
    return [
      ...risk.routes,
      verificationRoutes({
        assessRisk: risk.assessVerification,
        authenticator,
        ownCountry: config.country,
        received: this.exchange.received,
        importPermits,
        verifications,
        partners: directoryPartnerStatus(this.directory),
        signatures: directorySignatureVerifier(this.directory),
        usageConfirmations: this.exchange,
        alerts: this.alerts,
        metrics: verificationMetrics(this.metrics),
        clock,
        logger,
      }),
      importPermitRoutes({ authenticator, ownCountry: config.country, importPermits, clock }),
    ];
  }

  /** Repositories, queue and flows of the exchange (issue 5); nothing consumes yet. */
  private async buildExchange(): Promise<ExchangeComponents> {
    const { config, clock, logger } = this;
    const messages = new MongoMessageRepository(this.mongo);
    const issued = new MongoIssuedPermitRepository(this.mongo);
    const received = new MongoReceivedPermitRepository(this.mongo);
    const archive = new MongoArchiveRepository(this.mongo);
    await Promise.all([messages.init(), issued.init(), received.init(), archive.init()]);

    const queue = new AmqpExchangeQueue(
      { connection: this.amqp, logger },
      { prefix: config.amqpPrefix, retry: config.retry },
    );
    await queue.start();
    const signer = await XmlSigner.create({
      keyPem: this.identity.signing.keyPem,
      certPem: this.identity.signing.certPem,
      chainPems: this.identity.signing.chainPems,
    });
    const outbox = new Outbox({ country: config.country, signer, messages, queue, clock, logger });
    const directory = this.directory;
    const envelopeSchema = await SchemaValidator.load(schemaFilePath('exchange.xsd'));
    const sweeper = new MessageSweeper({
      messages,
      queue,
      clock,
      logger,
      staleAfterMs: Math.max(5_000, Math.min(config.delivery.leaseMs, 30_000)),
    });
    const issue: IssuePermitDeps = { country: config.country, signer, issued, outbox, directory, clock };
    const receive: ReceiveMessageDeps = {
      country: config.country,
      signer,
      archive,
      messages,
      received,
      issued,
      directory,
      envelopeSchema,
      queue,
      alerts: this.alerts,
      clock,
      logger,
    };
    return {
      messages,
      issued,
      received,
      archive,
      queue,
      outbox,
      sweeper,
      issue,
      receive,
      sendUsageConfirmation: (permitKey: string, usage: UsageConfirmation) =>
        sendUsageConfirmation({ outbox, received }, permitKey, usage),
    };
  }

  /** Delivery workers, inbound processors and the sweeper; they stop first on close. */
  private async startExchangeWorkers(): Promise<void> {
    const { config, clock, logger, exchange } = this;
    const owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    const directory = this.directory;
    await exchange.queue.consume('outbound', config.delivery.concurrency, (id) =>
      deliverMessage(
        {
          country: config.country,
          owner,
          messages: exchange.messages,
          directory,
          transport: this.partnerClient,
          queue: exchange.queue,
          alerts: this.alerts,
          clock,
          logger,
          retry: config.retry,
          leaseMs: config.delivery.leaseMs,
        },
        id,
      ),
    );
    await exchange.queue.consume('inbound', 8, (id) =>
      processInboundMessage(
        { messages: exchange.messages, received: exchange.received, issued: exchange.issued, clock, logger },
        id,
      ),
    );
    const timer = setInterval(() => {
      exchange.sweeper
        .sweep()
        .catch((error: unknown) => logger.warn('sweep failed', { error: (error as Error).message }));
    }, config.delivery.sweepIntervalMs);
    timer.unref();
    this.started.push({
      name: 'exchange workers',
      close: async () => {
        clearInterval(timer);
        await exchange.queue.close();
      },
    });
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
