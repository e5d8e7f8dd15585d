/** Fetches CRLs over HTTP(S) with a time limit and a size limit. */
import { GatewayError } from '../domain/errors';
import type { CrlFetcher } from '../flows/revocation-checker';

const MAX_CRL_BYTES = 10 * 1024 * 1024;

export class HttpCrlFetcher implements CrlFetcher {
  constructor(private readonly options: { timeoutMs: number }) {}

  async fetch(url: string): Promise<Buffer> {
    const response = await fetch(url, { signal: AbortSignal.timeout(this.options.timeoutMs) });
    if (!response.ok) throw new GatewayError('PARTNER_UNREACHABLE', `GET ${url} answered ${response.status}`);
    const body = Buffer.from(await response.arrayBuffer());
    if (body.length > MAX_CRL_BYTES)
      throw new GatewayError('PAYLOAD_TOO_LARGE', `the CRL at ${url} is too large`);
    return body;
  }
}
