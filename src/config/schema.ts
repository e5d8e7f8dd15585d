/**
 * The gateway's configuration: every key typed, described, and either defaulted or required.
 *
 * Files under config/ and environment variables feed this schema (see loader.ts). Each leaf's environment
 * variable is derived from its path: `exchange.port` is `EPIX_EXCHANGE_PORT`, `retry.maxAttempts` is
 * `EPIX_RETRY_MAX_ATTEMPTS`. `MONGODB_URI` and `AMQP_URL` are also accepted, as every tool expects them.
 */
import { z } from 'zod';
import { isCountryCode } from '../domain/countries';
import { alertDeliverySchema } from './alert-delivery-schema';
import { retentionSchema } from './retention-schema';
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
      tls: z
        .object({
          certFile: filePath.describe('PEM server certificate (and chain) of the internal API'),
          keyFile: filePath.describe('PEM private key of api.tls.certFile'),
        })
        .optional()
        .describe('When set, the internal API is served over HTTPS with this certificate'),
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
      partnerTimeoutCapMs: positiveInt
        .default(20_000)
        .describe('Longest a delivery waits for a partner; a longer partner timeout is capped to it'),
      leaseMarginMs: positiveInt
        .default(5_000)
        .describe('How much delivery.leaseMs must exceed delivery.partnerTimeoutCapMs (checked at start-up)'),
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
  rateLimits: z
    .object({
      exchangePerPartnerPerMinute: positiveInt
        .default(12_000)
        .describe('Exchange requests one partner may make per minute (all instances together); then 429'),
      exchangeBurst: positiveInt.default(400).describe('Exchange requests one partner may make at once'),
      apiPerTokenPerMinute: positiveInt
        .default(30_000)
        .describe('Internal API requests one bearer token may make per minute (all instances together)'),
      apiBurst: positiveInt.default(500).describe('Internal API requests one bearer token may make at once'),
      instanceRefreshMs: positiveInt
        .default(5_000)
        .describe('How often the live instance count (which splits the limits) is read from RabbitMQ'),
    })
    .prefault({})
    .describe('Rate limits, shared by every instance of the gateway'),
  revocation: z
    .object({
      unavailablePolicy: z
        .enum(['hard-fail', 'soft-fail'])
        .default('soft-fail')
        .describe(
          'When a certificate names a CRL that cannot be fetched or is stale: refuse (hard-fail) or accept with an alert (soft-fail)',
        ),
      refreshIntervalMs: positiveInt
        .default(3_600_000)
        .describe(
          'How often every CRL in the cache is fetched again (each is also refetched at its nextUpdate)',
        ),
      fetchTimeoutMs: positiveInt.default(5_000).describe('Time limit of one CRL download'),
    })
    .prefault({})
    .describe('Revocation checks of partner certificates by their CRL distribution points'),
  bodyLimitBytes: positiveInt.default(2 * 1024 * 1024).describe('Largest accepted request body'),
  alerts: z
    .object({
      certificateExpiryDays: positiveInt
        .default(60)
        .describe('Warn about certificates expiring within this window'),
    })
    .prefault({}),
  tokens: z
    .object({
      defaultLifetimeDays: positiveInt
        .default(90)
        .describe('Lifetime of a new API token when its creator gives no expiry'),
      maxLifetimeDays: positiveInt.default(366).describe('Longest lifetime an API token may be given'),
      lastUseWriteIntervalMs: positiveInt
        .default(60_000)
        .describe("How often one instance writes a token's last use (at most once per token per interval)"),
    })
    .prefault({})
    .describe('API token lifecycle'),
  audit: z
    .object({
      checkpointIntervalMs: z.coerce
        .number()
        .int()
        .min(0)
        .default(3_600_000)
        .describe(
          'How often the audit chain head is signed as a checkpoint when it moved (0: only on demand)',
        ),
    })
    .prefault({})
    .describe('Audit trail'),
  console: z
    .object({
      sessionIdleMinutes: positiveInt
        .default(30)
        .describe('Console sessions end after this many minutes without a request'),
      sessionMaxHours: positiveInt
        .default(12)
        .describe('Console sessions end this many hours after sign-in, however busy'),
      lockoutAttempts: positiveInt
        .default(5)
        .describe('Failed console sign-ins in a row that lock the account'),
      lockoutMinutes: positiveInt.default(15).describe('How long a locked console account refuses sign-in'),
      secureCookie: z
        .union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')])
        .default(true)
        .describe(
          'Mark the session cookie Secure: browsers then send it only over HTTPS, or over plain HTTP to localhost/127.0.0.1 (false only for plain-HTTP access from another host in development)',
        ),
    })
    .prefault({})
    .describe('The web console at /console/ (users, sessions)'),
  alertDelivery: alertDeliverySchema.describe(
    'Delivery of alerts to webhooks and e-mail (see the README, Monitoring)',
  ),
  retention: retentionSchema.describe(
    'Retention per collection and the purge job (see the README, Retention and backup)',
  ),
  risk: riskConfigSchema.prefault({}).describe('Customs risk targeting (issue 15)'),
  logLevel: z
    .enum(['error', 'warn', 'info', 'debug'])
    .default('info')
    .describe('Lowest level written to the log'),
});

export type GatewayConfig = z.infer<typeof configSchema>;
