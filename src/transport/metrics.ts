/** Prometheus metrics, one registry per gateway so that several gateways can live in one process (tests). */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class GatewayMetrics {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'server' | 'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'server' | 'route'>;
  readonly certificatesExpiring: Gauge<'owner' | 'role'>;
  /** Customs verifications by verdict (ACCEPTED, REJECTED). */
  readonly verifications: Counter<'verdict'>;
  /** Rejected customs verifications by reason code (one count per reason, several per verification). */
  readonly verificationRejections: Counter<'reason'>;
  /** Commands sent to the database, by command and collection (what a permit costs the database). */
  readonly dbCommands: Counter<'command' | 'collection'>;

  constructor(labels: { country: string }, options: { defaultMetrics?: boolean } = {}) {
    this.registry.setDefaultLabels({ country: labels.country });
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry });
    this.httpRequests = new Counter({
      name: 'epix_http_requests_total',
      help: 'HTTP requests handled, by server (api, exchange), route and status',
      labelNames: ['server', 'method', 'route', 'status'],
      registers: [this.registry],
    });
    this.httpDuration = new Histogram({
      name: 'epix_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['server', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
    this.certificatesExpiring = new Gauge({
      name: 'epix_certificates_expiring',
      help: "Certificates (ours and partners') that expire within the alert window",
      labelNames: ['owner', 'role'],
      registers: [this.registry],
    });
    this.verifications = new Counter({
      name: 'epix_verifications_total',
      help: 'Customs verifications of presented permits, by verdict',
      labelNames: ['verdict'],
      registers: [this.registry],
    });
    this.verificationRejections = new Counter({
      name: 'epix_verification_rejections_total',
      help: 'Reasons of rejected customs verifications (possible forgeries, re-use ...), by reason code',
      labelNames: ['reason'],
      registers: [this.registry],
    });
    this.dbCommands = new Counter({
      name: 'epix_db_commands_total',
      help: 'Commands sent to the database (insert, find, update, delete, aggregate ...), by collection',
      labelNames: ['command', 'collection'],
      registers: [this.registry],
    });
  }
}
