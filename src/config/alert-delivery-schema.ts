/**
 * Configuration of alert delivery (`alertDelivery.*`): channels (webhooks and SMTP mailboxes), routes per
 * alert kind and severity, the retry policy and the repeat policy of certificate-expiry notifications.
 * Lists may be given as JSON in their environment variable (e.g. `EPIX_ALERT_DELIVERY_CHANNELS`).
 */
import { z } from 'zod';
import { ALERT_SEVERITIES } from '../domain/alerts/alert';

const positiveInt = z.coerce.number().int().positive();
const channelName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'kebab-case, e.g. ops-webhook');

/** A list given as a JSON string (environment variables) is parsed first. */
const jsonList = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? (JSON.parse(value) as unknown) : value),
    z.array(item),
  );

const webhookChannel = z
  .object({
    type: z.literal('webhook'),
    name: channelName,
    url: z.url({ protocol: /^https?$/ }).describe('Where the signed JSON is POSTed'),
    secret: z.string().min(16, 'at least 16 characters').describe('HMAC-SHA256 key shared with the receiver'),
  })
  .strict();

const smtpChannel = z
  .object({
    type: z.literal('smtp'),
    name: channelName,
    host: z.string().min(1),
    port: z.coerce.number().int().min(1).max(65535).default(587),
    secure: z
      .boolean()
      .default(false)
      .describe('TLS from the first byte (port 465); else STARTTLS if offered'),
    requireTls: z.boolean().default(false).describe('Refuse to send unless STARTTLS succeeds'),
    user: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    from: z.string().min(3),
    to: z.array(z.email()).min(1),
  })
  .strict();

export const alertChannelSchema = z.discriminatedUnion('type', [webhookChannel, smtpChannel]);
export type AlertChannelConfig = z.infer<typeof alertChannelSchema>;

const alertRoute = z
  .object({
    kinds: z.array(z.string().min(1)).optional(),
    minSeverity: z.enum(ALERT_SEVERITIES).default('warning'),
    channels: z.array(channelName).min(1),
  })
  .strict();

export const alertDeliverySchema = z
  .object({
    channels: jsonList(alertChannelSchema)
      .default([])
      .describe(
        'Alert channels: {type:"webhook",name,url,secret} or {type:"smtp",name,host,port,from,to[],...}',
      ),
    routes: jsonList(alertRoute)
      .default([])
      .describe(
        'Which alerts go where: {kinds?:[...], minSeverity, channels:[names]}; no route, no delivery',
      ),
    sweepIntervalMs: positiveInt
      .default(5_000)
      .describe('How often alerts are routed and due deliveries sent'),
    batchSize: positiveInt.default(50).describe('Deliveries sent per sweep at most'),
    lookbackMs: positiveInt
      .default(86_400_000)
      .describe(
        'Stored alerts older than this when first seen are not delivered (e.g. before a route existed)',
      ),
    requestTimeoutMs: positiveInt.default(10_000).describe('Timeout of one webhook request or SMTP session'),
    leaseMs: positiveInt
      .default(120_000)
      .describe('An attempt claimed longer ago than this by an instance that died counts as failed'),
    retry: z
      .object({
        maxAttempts: positiveInt.default(100).describe('Attempts of one delivery before it is FAILED'),
        initialDelayMs: positiveInt.default(5_000).describe('Delay before the first retry'),
        maxDelayMs: positiveInt.default(600_000).describe('Upper bound of the backoff delay'),
        multiplier: z.coerce.number().min(1).default(2).describe('Backoff growth factor per attempt'),
        jitter: z.coerce.number().min(0).max(1).default(0.2).describe('Random spread of each delay (0..1)'),
        windowMs: positiveInt
          .default(3 * 86_400_000)
          .describe('Give up (FAILED) this long after the first attempt'),
      })
      .prefault({})
      .describe('Retry of a failed delivery: exponential backoff, then FAILED in the delivery log'),
    repeat: z
      .object({
        warnEveryDays: positiveInt
          .default(14)
          .describe('Repeat an imminent-expiry notification every this many days'),
        expiredEveryDays: positiveInt
          .default(7)
          .describe('Repeat an expired-certificate notification every this many days'),
        expiredForDays: positiveInt
          .default(90)
          .describe('Stop notifying an expired certificate this many days after expiry'),
      })
      .prefault({})
      .describe(
        'Certificate expiry: notified on entering the window, then every 14 days; expired weekly for 90 days',
      ),
  })
  .prefault({})
  .superRefine((value, ctx) => {
    const names = new Set<string>();
    for (const channel of value.channels) {
      if (names.has(channel.name))
        ctx.addIssue({
          code: 'custom',
          message: `channel ${channel.name} is named twice`,
          path: ['channels'],
        });
      names.add(channel.name);
    }
    value.routes.forEach((route, index) => {
      for (const name of route.channels) {
        if (!names.has(name))
          ctx.addIssue({
            code: 'custom',
            message: `route names unknown channel ${name}`,
            path: ['routes', index, 'channels'],
          });
      }
    });
  });

export type AlertDeliveryConfig = z.infer<typeof alertDeliverySchema>;
