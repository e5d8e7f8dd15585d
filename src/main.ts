/**
 * Composition root: load config, build adapters, start them in order, stop them in reverse order.
 * Only this file (and the CLI's wiring) imports every layer.
 */
import type { Express } from 'express';
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
import { MongoPartnerCrlStore } from './storage/mongo-partner-crl-store';
import { partnerCrlRoutes } from './transport/partner-crl-routes';
import { MongoTokenRepository } from './storage/mongo-token-repository';
import { createApiApp, type ApiRoutes } from './transport/api-app';
import { createExchangeApp, type ExchangeRoute } from './transport/exchange-app';
import { ExchangeServer } from './transport/exchange-server';
import { ListeningServer } from './transport/http-server';
import { GatewayMetrics } from './transport/metrics';
import { PartnerClient } from './transport/partner-client';
import { partnerPingRoutes } from './transport/partner-ping-routes';
import { tokenRoutes } from './transport/token-routes';
import { cachedSignatureVerifier } from './flows/cached-signature-verifier';
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
import { MongoReportSource } from './storage/mongo-report-source';
import { MongoStoredTradeRecords } from './storage/mongo-stored-trade-records';
import { MongoTradeLedger } from './storage/mongo-trade-ledger';
import { tradeLedgerReadiness } from './flows/reports/backfill-trade-ledger';
import { reportRoutes } from './transport/report-routes';
import { auditTokenRevocation } from './flows/audit-token-revocation';
import { RequestAuditLog } from './transport/request-audit-log';
import { createApiServer } from './transport/api-server';
import { AuditCheckpointer } from './flows/audit-checkpointer';
import { MongoAuditCheckpointStore } from './storage/mongo-audit-checkpoint-store';
import { auditCheckpointRoutes } from './transport/audit-checkpoint-routes';
import { consoleAccessRoutes } from './console-access';
import { consoleAdminRoutes } from './console-admin';
import { MongoAlertAcknowledgements } from './storage/mongo-alert-acknowledgements';
import { consoleApp } from './transport/console-app';
import { apiDocs } from './transport/api-docs';
import { buildRateLimits } from './transport/gateway-rate-limits';
import { LiveInstanceCount } from './messaging/live-instance-count';
import { RevocationChecker } from './flows/revocation-checker';
import { HttpCrlFetcher } from './transport/http-crl-fetcher';
import { revokedClientGuard } from './transport/revoked-client-guard';
import { withCrlRevocation } from './flows/crl-checked-signature-verifier';
import { OperationsMetrics } from './transport/operations-metrics';
import {
  deliveryOutcomeHook,
  observeInboundDecisions,
  startAlertDelivery,
  startRetention,
  verificationTiming,
  watchedCertificatesNow,
} from './wiring/operations';
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
  /** The reports' facts, recorded by the exchange and customs flows (issue 17). */
  ledger: MongoTradeLedger;
  /** Resolves once permits stored before the ledger existed are in it (started with the gateway). */
  ledgerReady: () => Promise<void>;
}

interface Component {
  name: string;
  close(): Promise<void>;
}

export class Gateway {
  readonly logger: Logger;
  readonly clock: Clock;
  readonly metrics: GatewayMetrics;
  /** Delivery, inbound, verification, certificate and alert-delivery metrics (issue 18). */
  readonly ops: OperationsMetrics;
  readonly identity: OwnIdentity;
  private readonly started: Component[] = [];
  /** Aborted when the gateway closes (stops background work such as the ledger backfill). */
  private readonly closing = new AbortController();
  private apiServer: ListeningServer | undefined;
  mongo!: Connection;
  amqp!: AmqpConnection;
  partners!: MongoPartnerRepository;
  /** CRLs administrators uploaded for partners (issue 13); the directory keeps them with their partners. */
  partnerCrls!: MongoPartnerCrlStore;
  /** The partner directory in memory; admin flows call `directory.changed(code)` after each write. */
  directory!: PartnerDirectory;
  exchangeServer!: ExchangeServer;
  partnerClient!: PartnerClient;
  alerts!: MongoAlertStore;
  /** Hash-chained log of admin actions (partners, certificates, tokens). */
  audit!: MongoAuditLog;
  exchange!: ExchangeComponents;
  /** The internal API's Express app (tests walk its routes). */
  apiApp: Express | undefined;
  private rateLimits!: ReturnType<typeof buildRateLimits>;

  constructor(
    readonly config: GatewayConfig,
    private readonly options: GatewayOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? createLogger({ level: config.logLevel, country: config.country });
    this.identity = loadOwnIdentity(config, this.clock.now());
    this.metrics = new GatewayMetrics({ country: config.country });
    this.ops = new OperationsMetrics(this.metrics.registry, {
      countByState: async (direction) => this.exchange.messages.countByState(direction),
      certificates: async () => watchedCertificatesNow(this.partners, ownWatchedCertificates(this.identity)),
      now: () => this.clock.now(),
    });
  }

  get apiUrl(): string {
    if (!this.apiServer) throw new Error('gateway not started');
    const { host, port } = this.apiServer.address;
    const scheme = this.config.api.tls ? 'https' : 'http';
    return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  }

  /** https URL of our mutual-TLS exchange endpoint as it listens (not `exchange.publicUrl`). */
  get exchangeUrl(): string {
    if (!this.exchangeServer) throw new Error('gateway not started');
    return this.exchangeServer.url;
  }

  /** Starts every component in order; on a failure, closes those already started and throws. */
  async start(): Promise<void> {
    try {
      await this.startStores();
      await this.startDirectory();
      this.exchange = await this.buildExchange();
      this.rateLimits = await this.startRateLimits();
      await this.startExchangeServer();
      await this.startApi();
      await this.startExchangeWorkers();
      this.startLedgerBackfill();
      this.logger.info('gateway started', { api: this.apiUrl, exchange: this.exchangeUrl });
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  /** Remembers a started component; close() stops them in reverse order. */
  private own(name: string, close: () => Promise<void>): void {
    this.started.push({ name, close });
  }

  /** MongoDB and RabbitMQ connections, and the stores shared by several features. */
  private async startStores(): Promise<void> {
    this.mongo = await connectMongo(this.config.mongodbUri, {
      logger: this.logger,
      onCommand: (command, collection) => this.metrics.dbCommands.inc({ command, collection }),
    });
    this.own('mongodb', () => this.mongo.close());
    this.amqp = new AmqpConnection(this.config.amqpUrl, this.logger);
    await this.amqp.start();
    this.own('amqp', () => this.amqp.close());
    this.partners = new MongoPartnerRepository(this.mongo);
    this.partnerCrls = new MongoPartnerCrlStore(this.mongo);
    this.audit = new MongoAuditLog(this.mongo, this.clock);
    this.alerts = new MongoAlertStore(this.mongo, this.clock);
    await this.partners.init();
    await this.partnerCrls.init();
    await this.audit.init();
    await this.alerts.init();
  }

  /** The partner directory (kept in step across instances over AMQP) and the client that calls partners. */
  private async startDirectory(): Promise<void> {
    const broadcast = new AmqpDirectoryBus(
      { connection: this.amqp, logger: this.logger },
      { prefix: this.config.amqpPrefix },
    );
    this.directory = new PartnerDirectory(
      { partners: this.partners, crls: this.partnerCrls, broadcast, clock: this.clock, logger: this.logger },
      { reconcileIntervalMs: this.config.directory.reconcileIntervalMs },
    );
    await this.directory.start();
    this.own('directory', () => this.directory.close());
    this.partnerClient = new PartnerClient({
      tlsClient: this.identity.tlsClient,
      logger: this.logger,
      directory: this.directory,
    });
    this.own('partner client', () => this.partnerClient.close());
  }

  /** The mutual-TLS exchange endpoint; features that receive from partners add their routes here. */
  private async startExchangeServer(): Promise<void> {
    const routes: ExchangeRoute[] = [
      this.rateLimits.exchange,
      revokedClientGuard(this.exchange.receive.revocation!),
      exchangeMessageRoutes({ ...this.exchange.receive, bodyLimitBytes: this.config.bodyLimitBytes }),
      ...(this.options.exchangeRoutes ?? []),
    ];
    const app = createExchangeApp({
      country: this.config.country,
      directory: this.directory,
      clock: this.clock,
      logger: this.logger,
      metrics: this.metrics,
      routes,
    });
    this.exchangeServer = new ExchangeServer(
      {
        app,
        directory: this.directory,
        tlsServer: this.identity.tlsServer,
        clock: this.clock,
        logger: this.logger,
      },
      { host: this.config.exchange.host, port: this.config.exchange.port },
    );
    await this.exchangeServer.start();
    this.own('exchange server', () => this.exchangeServer.close());
  }

  /** The internal API; features add their routes here. */
  private async startApi(): Promise<void> {
    const tokens = new MongoTokenRepository(this.mongo);
    await tokens.init();
    const authenticator = new TokenAuthenticator(
      { tokens, clock: this.clock },
      { lastUseWriteIntervalMs: this.config.tokens.lastUseWriteIntervalMs },
    );
    const apiRoutes = await this.apiRoutes(authenticator, tokens);
    const app = this.buildApiApp(apiRoutes);
    this.apiApp = app;
    await this.listenApi(app);
  }

  /** Every route group of the internal API, in the order they are mounted. */
  private async apiRoutes(
    authenticator: TokenAuthenticator,
    tokens: MongoTokenRepository,
  ): Promise<ApiRoutes[]> {
    const requestAudit = new RequestAuditLog(this.audit);
    return [
      ...(await consoleAccessRoutes({
        mongo: this.mongo,
        audit: this.audit,
        clock: this.clock,
        config: this.config.console,
      })),
      tokenRoutes({
        authenticator,
        tokens,
        clock: this.clock,
        lifetime: {
          defaultDays: this.config.tokens.defaultLifetimeDays,
          maxDays: this.config.tokens.maxLifetimeDays,
        },
        onCreated: auditTokenCreation(requestAudit),
        onRevoked: auditTokenRevocation(requestAudit),
      }),
      ...this.adminRoutes(authenticator),
      partnerPingRoutes({
        authenticator,
        directory: this.directory,
        transport: this.partnerClient,
        clock: this.clock,
      }),
      ...this.exchangeRoutes(authenticator),
      ...(await this.customsRoutes(authenticator)),
      reportRoutes({
        authenticator,
        source: new MongoReportSource(this.mongo, {
          ledger: this.exchange.ledger,
          ready: this.exchange.ledgerReady,
        }),
        clock: this.clock,
        logger: this.logger,
      }),
      await this.auditCheckpoints(authenticator),
      await this.alertDeliveryRoutes(authenticator),
      ...consoleAdminRoutes({
        ...{ mongo: this.mongo, config: this.config, identity: this.identity, audit: this.audit },
        ...{ alerts: this.alerts, partners: this.partners, messages: this.exchange.messages },
        ...{ authenticator, clock: this.clock },
      }),
    ];
  }

  private buildApiApp(routes: ApiRoutes[]): Express {
    return createApiApp({
      logger: this.logger,
      metrics: this.metrics,
      bodyLimitBytes: this.config.bodyLimitBytes,
      readiness: {
        mongodb: () => pingMongo(this.mongo),
        rabbitmq: () => Promise.resolve(this.amqp.isConnected()),
      },
      routes,
      audit: this.audit,
      apps: [apiDocs(), consoleApp()],
      rateLimit: this.rateLimits.api,
    });
  }

  private async listenApi(app: Express): Promise<void> {
    const server = new ListeningServer(
      createApiServer(app, this.config.api.tls),
      this.config.api.host,
      this.config.api.port,
    );
    await server.start();
    this.apiServer = server;
    this.own('api', () => server.close());
  }

  /** Issued and received permits, and the exchanged messages (issue 5). */
  private exchangeRoutes(authenticator: TokenAuthenticator): ApiRoutes[] {
    return [
      permitRoutes({
        authenticator,
        issue: this.exchange.issue,
        issued: this.exchange.issued,
        received: this.exchange.received,
        messages: this.exchange.messages,
        bodyLimitBytes: this.config.bodyLimitBytes,
      }),
      messageRoutes({
        authenticator,
        messages: this.exchange.messages,
        outbox: this.exchange.outbox,
        clock: this.clock,
        archive: this.exchange.archive,
      }),
    ];
  }

  /**
   * Partner administration, audit, alerts and our identity (issue 4); also starts the daily
   * certificate-expiry watcher.
   */
  private adminRoutes(authenticator: TokenAuthenticator): ApiRoutes[] {
    const { config, clock, logger } = this;
    const admin: PartnerAdminDeps = {
      partners: this.partners,
      audit: new RequestAuditLog(this.audit),
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
      partnerCrlRoutes({
        authenticator,
        partners: this.partners,
        crls: this.partnerCrls,
        directory: this.directory,
        clock,
        logger,
      }),
      auditRoutes({ authenticator, audit: this.audit }),
      alertRoutes({
        authenticator,
        store: this.alerts,
        certificateExpiry: () => certificateExpiryAlertsNow(expiry),
        acknowledgements: new MongoAlertAcknowledgements(this.mongo),
      }),
      identityRoutes({
        authenticator,
        identity: this.identity,
        about: { country: config.country, name: config.name, exchangeUrl: config.exchange.publicUrl },
      }),
    ];
  }

  /** Alert delivery to webhooks and e-mail, acknowledgement and the delivery log (issue 18). */
  private async alertDeliveryRoutes(authenticator: TokenAuthenticator): Promise<ApiRoutes> {
    const { config, clock, logger } = this;
    const expiry: CertificateExpiryDeps = {
      partners: this.partners,
      own: ownWatchedCertificates(this.identity),
      clock,
      windowDays: config.alerts.certificateExpiryDays,
    };
    const delivery = await startAlertDelivery({
      mongo: this.mongo,
      config: config.alertDelivery,
      country: config.country,
      owner: `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
      alerts: this.alerts,
      certificateExpiry: () => certificateExpiryAlertsNow(expiry),
      audit: this.audit,
      authenticator,
      metrics: this.ops,
      clock,
      logger,
    });
    this.own('alert delivery', () => delivery.dispatcher.close());
    const retention = startRetention({
      mongo: this.mongo,
      config: config.retention,
      pendingAlertIds: (ids) => delivery.deliveries.pendingAlertIds(ids),
      audit: this.audit,
      owner: `${hostname()}:${process.pid}`,
      clock,
      logger,
    });
    this.own('retention', () => retention.close());
    return delivery.routes;
  }

  /** Signed checkpoints of the audit chain (issue 14): periodic, and on demand over the API. */
  private async auditCheckpoints(authenticator: TokenAuthenticator): Promise<ApiRoutes> {
    const checkpoints = new MongoAuditCheckpointStore(this.mongo);
    await checkpoints.init();
    const signer = await XmlSigner.create({
      keyPem: this.identity.signing.keyPem,
      certPem: this.identity.signing.certPem,
      chainPems: this.identity.signing.chainPems,
    });
    const deps = {
      audit: this.audit,
      checkpoints,
      sign: (xml: string) => signer.sign(xml),
      country: this.config.country,
      clock: this.clock,
    };
    const checkpointer = new AuditCheckpointer(
      { ...deps, logger: this.logger },
      this.config.audit.checkpointIntervalMs,
    );
    checkpointer.start();
    this.own('audit checkpointer', () => checkpointer.close());
    return auditCheckpointRoutes({ ...deps, authenticator });
  }

  /** CRL checks of partner TLS client and signing certificates (issue 13). */
  private startRevocation(): RevocationChecker {
    const { revocation } = this.config;
    const checker = new RevocationChecker(
      {
        fetcher: new HttpCrlFetcher({ timeoutMs: revocation.fetchTimeoutMs }),
        clock: this.clock,
        logger: this.logger,
        alerts: this.alerts,
      },
      { policy: revocation.unavailablePolicy, refreshIntervalMs: revocation.refreshIntervalMs },
    );
    checker.start();
    this.own('revocation', () => checker.close());
    return checker;
  }

  /** Rate limits per partner and per token, split between the live instances (issue 13). */
  private async startRateLimits(): Promise<ReturnType<typeof buildRateLimits>> {
    const queue = this.exchange.queue;
    const instances = new LiveInstanceCount(
      { countInstances: () => queue.countInstances(), logger: this.logger },
      { refreshMs: this.config.rateLimits.instanceRefreshMs },
    );
    await instances.start();
    this.own('instance count', () => instances.close());
    return buildRateLimits(this.config.rateLimits, {
      clock: this.clock,
      instances: () => instances.current(),
    });
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
      verificationTiming(this.ops),
      ...risk.routes,
      verificationRoutes({
        assessRisk: risk.assessVerification,
        authenticator,
        ownCountry: config.country,
        received: this.exchange.received,
        importPermits,
        verifications,
        partners: directoryPartnerStatus(this.directory),
        signatures: withCrlRevocation(
          cachedSignatureVerifier(directorySignatureVerifier(this.directory), this.directory),
          this.exchange.receive.revocation!,
          this.directory,
        ),
        usageConfirmations: this.exchange,
        ledger: this.exchange.ledger,
        alerts: this.alerts,
        metrics: verificationMetrics(this.metrics),
        clock,
        logger,
      }),
      importPermitRoutes({ authenticator, ownCountry: config.country, importPermits, clock }),
    ];
  }

  /** The exchange's records: messages, issued and received permits, the archive of raw requests. */
  private async openExchangeStores() {
    const messages = new MongoMessageRepository(this.mongo);
    const issued = new MongoIssuedPermitRepository(this.mongo);
    const received = new MongoReceivedPermitRepository(this.mongo);
    const archive = new MongoArchiveRepository(this.mongo);
    await Promise.all([messages.init(), issued.init(), received.init(), archive.init()]);
    return { messages, issued, received, archive };
  }

  /** Signs outbound permits and envelopes with our own signing key and chain. */
  private ownSigner(): Promise<XmlSigner> {
    const { keyPem, certPem, chainPems } = this.identity.signing;
    return XmlSigner.create({ keyPem, certPem, chainPems });
  }

  /** How long a message may sit unclaimed before the sweeper hands it back (5 to 30 s, within the lease). */
  private sweepStaleAfterMs(): number {
    return Math.max(5_000, Math.min(this.config.delivery.leaseMs, 30_000));
  }

  /** The reports' trade ledger, and its back-fill from permits stored before it existed. */
  private openTradeLedger() {
    const ledger = new MongoTradeLedger(this.mongo);
    const { clock, logger } = this;
    const backfill = tradeLedgerReadiness(
      { stored: new MongoStoredTradeRecords(this.mongo), ledger, clock, signal: this.closing.signal },
      (counts) => {
        if (counts) logger.info('trade ledger filled from the stored permits', { ...counts });
      },
    );
    return { ledger, backfill };
  }

  /** Repositories, queue and flows of the exchange (issue 5); nothing consumes yet. */
  private async buildExchange(): Promise<ExchangeComponents> {
    const { config, clock, logger, directory } = this;
    const stores = await this.openExchangeStores();
    const { messages, issued, received, archive } = stores;
    const queue = new AmqpExchangeQueue(
      { connection: this.amqp, logger },
      { prefix: config.amqpPrefix, retry: config.retry },
    );
    await queue.start();
    const signer = await this.ownSigner();
    const outbox = new Outbox({ country: config.country, signer, messages, queue, clock, logger });
    const envelopeSchema = await SchemaValidator.load(schemaFilePath('exchange.xsd'));
    const staleAfterMs = this.sweepStaleAfterMs();
    const sweeper = new MessageSweeper({ messages, queue, clock, logger, staleAfterMs });
    const { ledger, backfill } = this.openTradeLedger();
    const issue: IssuePermitDeps = {
      country: config.country,
      signer,
      issued,
      outbox,
      directory,
      ledger,
      clock,
    };
    const receive: ReceiveMessageDeps = {
      country: config.country,
      signer,
      archive,
      messages: observeInboundDecisions(messages, this.ops),
      received,
      issued,
      ledger,
      directory,
      envelopeSchema,
      queue,
      alerts: this.alerts,
      clock,
      logger,
      revocation: this.startRevocation(),
    };
    return {
      ...stores,
      ...{ queue, outbox, sweeper, issue, receive, ledger },
      ledgerReady: () => backfill.ready(),
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
          partnerTimeoutCapMs: config.delivery.partnerTimeoutCapMs,
          onOutcome: deliveryOutcomeHook(this.ops, exchange.messages, clock, logger),
        },
        id,
      ),
    );
    await exchange.queue.consume('inbound', 8, (id) =>
      processInboundMessage(
        {
          messages: exchange.messages,
          received: exchange.received,
          issued: exchange.issued,
          ledger: exchange.ledger,
          clock,
          logger,
        },
        id,
      ),
    );
    this.own('exchange consumers', () => exchange.queue.close());
    this.startSweeping(exchange.sweeper);
  }

  /**
   * Fills the trade ledger with the permits stored before it existed, once per ledger version (any
   * instance's completed run counts), in the background: reports wait for it, the exchange does not.
   * Closing the gateway stops it between two batches; the next start resumes (recording is once-only).
   */
  private startLedgerBackfill(): void {
    const run = this.exchange.ledgerReady().catch((error: unknown) => {
      if (this.closing.signal.aborted) return;
      this.logger.error('trade ledger backfill failed; the next report retries it', {
        error: (error as Error).message,
      });
    });
    this.own('trade ledger backfill', async () => {
      this.closing.abort();
      await run;
    });
  }

  /** The sweeper runs on a timer on every instance; it stops before the consumers and the connections. */
  private startSweeping(sweeper: MessageSweeper): void {
    const timer = setInterval(() => {
      sweeper
        .sweep()
        .catch((error: unknown) => this.logger.warn('sweep failed', { error: (error as Error).message }));
    }, this.config.delivery.sweepIntervalMs);
    timer.unref();
    this.own('sweeper', () => {
      clearInterval(timer);
      return Promise.resolve();
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
