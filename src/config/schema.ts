/**
 * The gateway's configuration: every key typed, described, and either defaulted or required.
 *
 * Files under config/ and environment variables feed this schema (see loader.ts). Each leaf's environment
 * variable is derived from its path: `exchange.port` is `EPIX_EXCHANGE_PORT`, `retry.maxAttempts` is
 * `EPIX_RETRY_MAX_ATTEMPTS`. `MONGODB_URI` and `AMQP_URL` are also accepted, as every tool expects them.
 */
import { z } from 'zod';
import { isCountryCode } from '../domain/countries';
import { riskConfigSchema } from './risk-config';

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const filePath = z.string().min(1);

export const configSchema = z.object({
  country: z
    .string()
    .refine(isCountryCode, { message: 'must be an ISO 3166-1 alpha-2 code in upper case, e.g. KE' })
    .describe('Our own country (ISO 3166-1 alpha-2); the Management Authority this gateway speaks for'),
  name: z.string().default('').describe('Human-readable name of this gateway, shown to partners'),
  exchange: z
    .object({
      host: z
        .string()
        .default('127.0.0.1')
        .describe('Listen address of the public mutual-TLS exchange endpoint'),
      port: port.default(8443).describe('Listen port of the exchange endpoint (0 picks a free port)'),
      publicUrl: z
        .url({ protocol: /^https$/ })
        .optional()
        .describe('The https URL partners use to reach our exchange endpoint, shown in /api/v1/identity'),
    })
    .prefault({}),
  api: z
    .object({
      host: z
        .string()
        .default('127.0.0.1')
        .describe('Listen address of the internal API (officers, customs, admins)'),
      port: port.default(8080).describe('Listen port of the internal API (0 picks a free port)'),
    })
    .prefault({}),
  signing: z
    .object({
      keyFile: filePath.describe('PEM PKCS#8 private key used to sign outbound documents and receipts'),
      certFile: filePath.describe('PEM document-signing certificate matching signing.keyFile'),
      chainFile: filePath.optional().describe('PEM intermediate/root certificates sent with signatures'),
    })
    .describe('Our document-signing identity'),
  tls: z
    .object({
      keyFile: filePath.describe('PEM private key of our TLS server and client certificates'),
      certFile: filePath.describe('PEM TLS server certificate (serverAuth) for the exchange endpoint'),
      clientKeyFile: filePath
        .optional()
        .describe('PEM key of the TLS client certificate, if different from tls.keyFile'),
      clientCertFile: filePath.describe('PEM TLS client certificate (clientAuth, subject C= our country)'),
      chainFile: filePath.optional().describe('PEM intermediates sent with our TLS certificates'),
    })
    .describe('Our mutual-TLS identity'),
  mongodbUri: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URI')
    .describe('MongoDB connection URI'),
  amqpUrl: z
    .string()
    .regex(/^amqps?:\/\//, 'must be an amqp:// or amqps:// URL')
    .default('amqp://guest:guest@127.0.0.1:5672')
    .describe('RabbitMQ URL'),
  amqpPrefix: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, dot, dash, underscore')
    .default('epix')
    .describe('Prefix of every exchange and queue name (lets several gateways share one broker)'),
  retry: z
    .object({
      maxAttempts: positiveInt.default(12).describe('Delivery attempts before a message is FAILED'),
      initialDelayMs: positiveInt.default(1000).describe('Delay before the first retry'),
      maxDelayMs: positiveInt.default(300_000).describe('Upper bound of the backoff delay'),
      multiplier: z.coerce.number().min(1).default(2).describe('Backoff growth factor per attempt'),
      jitter: z.coerce
        .number()
        .min(0)
        .max(1)
        .default(0.2)
        .describe('Random spread applied to each delay (0..1)'),
      windowMs: positiveInt
        .default(86_400_000)
        .describe('Give up (FAILED) after this long since the first attempt'),
    })
    .prefault({})
    .describe('Outbound delivery retry policy'),
  delivery: z
    .object({
      leaseMs: positiveInt.default(30_000).describe('How long a worker owns a message it is sending'),
      sweepIntervalMs: positiveInt
        .default(15_000)
        .describe('How often due or orphaned messages are re-published'),
      concurrency: positiveInt.default(32).describe('Messages sent in parallel by one instance'),
    })
    .prefault({}),
  directory: z
    .object({
      reconcileIntervalMs: positiveInt
        .min(10)
        .default(30_000)
        .describe(
          'How often each instance re-reads the partner directory and compares digests (catches changes whose broadcast was lost)',
        ),
    })
    .prefault({}),
  bodyLimitBytes: positiveInt.default(2 * 1024 * 1024).describe('Largest accepted request body'),
  alerts: z
    .object({
      certificateExpiryDays: positiveInt
        .default(60)
        .describe('Warn about certificates expiring within this window'),
    })
    .prefault({}),
  risk: riskConfigSchema.prefault({}).describe('Customs risk targeting (issue 15)'),
  logLevel: z
    .enum(['error', 'warn', 'info', 'debug'])
    .default('info')
    .describe('Lowest level written to the log'),
});

export type GatewayConfig = z.infer<typeof configSchema>;
