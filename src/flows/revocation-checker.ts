/**
 * Revocation of partner certificates (TLS client and document signing) by the CRLs their CAs publish at
 * the certificates' CRL distribution points. A CRL is fetched over HTTP, accepted only when the partner's
 * own CA signed it, kept until its nextUpdate and fetched again on a schedule. Beside the fetched CRLs, the
 * CRLs an administrator uploaded for the partner (kept in the partner directory, checked at upload) count
 * for certificates of the CA that signed them: of a current fetched and a current uploaded CRL, the newer
 * (thisUpdate) decides; a certificate with no distribution point is checked against uploaded CRLs alone.
 * When no current CRL can be had, the configured policy decides: `hard-fail` refuses
 * (CERT_REVOCATION_UNKNOWN, a transient error, so a partner's gateway retries), `soft-fail` lets the
 * request through and raises an alert. A certificate with neither a distribution point nor an uploaded CRL
 * of its CA is not checked.
 */
import type { X509Certificate } from 'node:crypto';
import type { AlertStore } from '../domain/alerts/alert';
import { GatewayError } from '../domain/errors';
import type { InboundDenial } from '../domain/exchange/inbound-authority';
import type { UploadedCrl } from '../domain/partners/partner-crl';
import { normalizeFingerprint } from '../domain/pki/certificate-info';
import { crlDistributionUrls, findCrlIssuer, findRevocation, isCrlCurrent, readCrl } from '../domain/pki/crl';
import { x509 } from '../domain/pki/x509';
import type { Clock } from '../domain/ports';
import type { Logger } from '../logging/logger';

/** Fetches a CRL's bytes (HttpCrlFetcher in production). */
export interface CrlFetcher {
  fetch(url: string): Promise<Buffer>;
}

export type RevocationPolicy = 'hard-fail' | 'soft-fail';

interface CachedCrl {
  crl: x509.X509Crl;
  issuerFingerprint: string;
  issuers: readonly X509Certificate[];
}

type CrlLookup = { ok: true; crl: x509.X509Crl } | { ok: false; problem: string };

export class RevocationChecker {
  private readonly cache = new Map<string, CachedCrl>();
  /** Distribution points and issuer name by certificate fingerprint: parsing one per request is not free. */
  private readonly leafFacts = new Map<string, { urls: string[]; issuer: string }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: {
      fetcher: CrlFetcher;
      clock: Clock;
      logger: Logger;
      alerts: Pick<AlertStore, 'raise'>;
    },
    private readonly options: { policy: RevocationPolicy; refreshIntervalMs: number },
  ) {}

  /**
   * Null when `leaf` is not revoked (or, under soft-fail, when its status cannot be known); a CERT_REVOKED
   * denial when its CA's current CRL lists it. Throws CERT_REVOCATION_UNKNOWN under hard-fail.
   * `issuers`: the partner's CA certificates for that role; `what` names the certificate in messages;
   * `uploaded`: the CRLs an administrator uploaded for the partner (DirectoryPartner.crls).
   */
  async denialFor(
    leaf: X509Certificate,
    issuers: readonly X509Certificate[],
    what: string,
    uploaded: readonly UploadedCrl[] = [],
  ): Promise<InboundDenial | null> {
    const { urls, issuer } = this.factsOf(leaf);
    const anchors = new Set(issuers.map((c) => normalizeFingerprint(c.fingerprint256)));
    const ofItsCa = uploaded.filter((u) => u.crl.issuer === issuer && anchors.has(u.issuerFingerprint));
    if (urls.length === 0 && ofItsCa.length === 0) return null;
    const now = this.deps.clock.now();
    const upload = newest(ofItsCa.filter((u) => isCrlCurrent(u.crl, now)));
    const fetched: CrlLookup =
      urls.length > 0
        ? await this.currentCrl(urls, issuers)
        : {
            ok: false,
            problem: `the CRL uploaded for ${issuer} is stale (nextUpdate ${staleSince(ofItsCa)})`,
          };
    const crl = newer(fetched.ok ? fetched.crl : undefined, upload?.crl);
    if (!crl)
      return this.unknown(
        what,
        urls[0] ?? `uploaded CRL of ${issuer}`,
        urls,
        fetched.ok ? '' : fetched.problem,
      );
    const revoked = findRevocation(crl, leaf);
    if (!revoked) return null;
    return {
      code: 'CERT_REVOKED',
      message: `${what} (serial ${revoked.serialNumber}) was revoked on ${revoked.revokedAt.toISOString()}`,
    };
  }

  private factsOf(leaf: X509Certificate): { urls: string[]; issuer: string } {
    let facts = this.leafFacts.get(leaf.fingerprint256);
    if (!facts) {
      facts = { urls: crlDistributionUrls(leaf), issuer: new x509.X509Certificate(leaf.raw).issuer };
      if (this.leafFacts.size >= 1_000) this.leafFacts.clear();
      this.leafFacts.set(leaf.fingerprint256, facts);
    }
    return facts;
  }

  /** Fetches every cached CRL again, on a timer (a CA may publish before nextUpdate). */
  start(): void {
    this.timer = setInterval(() => void this.refreshAll(), this.options.refreshIntervalMs);
    this.timer.unref();
  }

  close(): Promise<void> {
    clearInterval(this.timer);
    return Promise.resolve();
  }

  async refreshAll(): Promise<void> {
    for (const [url, cached] of this.cache) await this.fetchCrl(url, cached.issuers);
  }

  private async currentCrl(urls: readonly string[], issuers: readonly X509Certificate[]): Promise<CrlLookup> {
    const now = this.deps.clock.now();
    let problem = 'no CRL distribution point answered';
    for (const url of urls) {
      const cached = this.cache.get(url);
      const trusted = cached && issuers.some((c) => c.fingerprint256 === cached.issuerFingerprint);
      if (cached && trusted && isCrlCurrent(cached.crl, now)) return { ok: true, crl: cached.crl };
      const fetched = await this.fetchCrl(url, issuers);
      if (fetched.ok) return fetched;
      problem = fetched.problem;
    }
    return { ok: false, problem };
  }

  private async fetchCrl(url: string, issuers: readonly X509Certificate[]): Promise<CrlLookup> {
    try {
      const crl = readCrl(await this.deps.fetcher.fetch(url));
      const issuer = await findCrlIssuer(crl, issuers);
      if (!issuer) return { ok: false, problem: `the CRL at ${url} is not signed by the partner's CA` };
      if (!isCrlCurrent(crl, this.deps.clock.now())) {
        return {
          ok: false,
          problem: `the CRL at ${url} is stale (nextUpdate ${crl.nextUpdate?.toISOString()})`,
        };
      }
      this.cache.set(url, { crl, issuerFingerprint: issuer.fingerprint256, issuers });
      return { ok: true, crl };
    } catch (error) {
      return { ok: false, problem: `the CRL at ${url} could not be read: ${(error as Error).message}` };
    }
  }

  private async unknown(
    what: string,
    source: string,
    urls: readonly string[],
    problem: string,
  ): Promise<null> {
    if (this.options.policy === 'hard-fail') {
      throw new GatewayError('CERT_REVOCATION_UNKNOWN', `${what}: revocation status unknown (${problem})`);
    }
    this.deps.logger.warn('revocation status unknown; accepted (soft-fail)', { what, problem });
    const hour = this.deps.clock.now().toISOString().slice(0, 13);
    await this.deps.alerts.raise({
      kind: 'crl-unavailable',
      severity: 'warning',
      subject: source,
      message: `revocation status unknown, accepted under soft-fail: ${problem}`,
      key: `crl-unavailable:${source}:${hour}`,
      details: { urls, problem, what },
    });
    return null;
  }
}

/** The newest of the uploaded CRLs (by thisUpdate, then upload time), if any. */
function newest(crls: readonly UploadedCrl[]): UploadedCrl | undefined {
  return [...crls].sort(
    (a, b) =>
      b.crl.thisUpdate.getTime() - a.crl.thisUpdate.getTime() ||
      b.uploadedAt.getTime() - a.uploadedAt.getTime(),
  )[0];
}

/** Of a fetched and an uploaded CRL, the one issued later; the uploaded one on a tie (an administrator chose it). */
function newer(
  fetched: x509.X509Crl | undefined,
  uploaded: x509.X509Crl | undefined,
): x509.X509Crl | undefined {
  if (!fetched || !uploaded) return fetched ?? uploaded;
  return fetched.thisUpdate > uploaded.thisUpdate ? fetched : uploaded;
}

function staleSince(crls: readonly UploadedCrl[]): string {
  const latest = newest(crls)?.crl.nextUpdate;
  return latest ? latest.toISOString() : 'unknown';
}
