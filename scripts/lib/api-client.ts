/**
 * A JSON client for a gateway's internal API over keep-alive HTTP (node:http, not fetch: the benches send
 * thousands of requests per second from the same two cores the gateways use, so the client must be cheap).
 */
import { Agent, request } from 'node:http';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  /** Round trip in milliseconds, from request start to the last byte. */
  ms: number;
}

/** The error body every API error has. */
export interface ApiErrorBody {
  error?: { code?: string; message?: string; details?: unknown };
}

/** A non-expected HTTP status, carrying the API's error code and message so scripts can print why. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    const err = (body as ApiErrorBody | undefined)?.error;
    super(
      `${what}: HTTP ${status}${err?.code ? ` ${err.code}` : ''}${err?.message ? `: ${err.message}` : ''}`,
    );
  }
}

/** A kept-alive socket the server had closed: the request never reached it. */
class StaleSocketError extends Error {
  constructor(cause: Error) {
    super(cause.message, { cause });
  }
}

/** A JSON answer parsed, anything else (or unparsable JSON) as text. */
function parseBody<T>(contentType: string | undefined, text: string): T {
  if (!(contentType ?? '').includes('json') || !text.length) return text as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    return text as T;
  }
}

/** One gateway's internal API with one bearer token; `as(token)` shares the sockets under another role. */
export class ApiClient {
  private readonly agent: Agent;
  private readonly base: URL;

  constructor(
    baseUrl: string,
    private readonly options: { token?: string; maxSockets?: number; timeoutMs?: number } = {},
  ) {
    this.base = new URL(baseUrl);
    if (this.base.protocol !== 'http:') throw new Error(`ApiClient: only http:// URLs, got ${baseUrl}`);
    this.agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 });
  }

  /** The same server and sockets with another bearer token. */
  as(token: string): ApiClient {
    const client = Object.create(ApiClient.prototype) as ApiClient;
    Object.assign(client, this, { options: { ...this.options, token } });
    return client;
  }

  /**
   * Sends one request; never throws for an HTTP status (see `expect`), only for network failures. A request
   * written to a kept-alive socket that the server closed as idle at that moment fails with ECONNRESET before
   * the server read it: it is sent once more on a fresh socket, as Node's documentation advises.
   */
  async send<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    timeoutMs?: number,
  ): Promise<ApiResponse<T>> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(payload.length);
    }
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    const timeout = timeoutMs ?? this.options.timeoutMs ?? 30_000;
    try {
      return await this.sendOnce<T>({ method, path, headers, timeout }, payload);
    } catch (error) {
      if (!(error instanceof StaleSocketError)) throw error;
      return this.sendOnce<T>({ method, path, headers, timeout }, payload);
    }
  }

  private sendOnce<T>(
    o: { method: string; path: string; headers: Record<string, string>; timeout: number },
    payload: Buffer | undefined,
  ): Promise<ApiResponse<T>> {
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = request(
        {
          protocol: 'http:',
          hostname: this.base.hostname,
          port: this.base.port,
          method: o.method,
          path: o.path,
          headers: o.headers,
          agent: this.agent,
          timeout: o.timeout,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({
              status: res.statusCode ?? 0,
              body: parseBody<T>(res.headers['content-type'], text),
              ms: performance.now() - started,
            });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${o.method} ${o.path}: timed out`)));
      req.on('error', (error: NodeJS.ErrnoException) =>
        reject(req.reusedSocket && error.code === 'ECONNRESET' ? new StaleSocketError(error) : error),
      );
      req.end(payload);
    });
  }

  /** Sends and throws ApiError unless the status is one of `ok`. */
  async expect<T = unknown>(ok: number | number[], method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.send<T>(method, path, body);
    const allowed = Array.isArray(ok) ? ok : [ok];
    if (!allowed.includes(res.status)) throw new ApiError(res.status, res.body, `${method} ${path}`);
    return res.body;
  }

  get<T = unknown>(path: string): Promise<T> {
    return this.expect<T>(200, 'GET', path);
  }

  close(): void {
    this.agent.destroy();
  }
}

/** A permit key as a path segment (KE/2026/N has slashes). */
export function keyPath(permitKey: string): string {
  return encodeURIComponent(permitKey);
}
