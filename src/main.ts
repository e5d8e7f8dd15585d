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
import { createLogger, type Logger } from './logging/logger';
import { AmqpConnection } from './messaging/amqp-connection';
import { connectMongo, pingMongo } from './storage/mongo-connection';
import { MongoTokenRepository } from './storage/mongo-token-repository';
import { createApiApp } from './transport/api-app';
import { ListeningServer } from './transport/http-server';
import { GatewayMetrics } from './transport/metrics';
import { tokenRoutes } from './transport/token-routes';

export interface GatewayOptions {
  logger?: Logger;
  clock?: Clock;
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

  constructor(
    readonly config: GatewayConfig,
    options: GatewayOptions = {},
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

  async start(): Promise<void> {
    try {
      this.mongo = await connectMongo(this.config.mongodbUri);
      this.started.push({ name: 'mongodb', close: () => this.mongo.close() });

      this.amqp = new AmqpConnection(this.config.amqpUrl, this.logger);
      await this.amqp.start();
      this.started.push({ name: 'amqp', close: () => this.amqp.close() });

      const tokens = new MongoTokenRepository(this.mongo);
      await tokens.init();
      const authenticator = new TokenAuthenticator({ tokens, clock: this.clock });

      const app = createApiApp({
        logger: this.logger,
        metrics: this.metrics,
        bodyLimitBytes: this.config.bodyLimitBytes,
        readiness: {
          mongodb: () => pingMongo(this.mongo),
          rabbitmq: () => Promise.resolve(this.amqp.isConnected()),
        },
        routes: [tokenRoutes({ authenticator, tokens, clock: this.clock })],
      });
      this.apiServer = new ListeningServer(createServer(app), this.config.api.host, this.config.api.port);
      await this.apiServer.start();
      this.started.push({ name: 'api', close: () => this.apiServer!.close() });
      this.logger.info('gateway started', { api: this.apiUrl });
    } catch (error) {
      await this.close();
      throw error;
    }
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
