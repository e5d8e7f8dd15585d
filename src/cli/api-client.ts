/**
 * The CLI's client of the internal API: `--api URL --token T` (or EPIX_API_URL / EPIX_TOKEN). An API
 * error comes back as the same GatewayError code, so the CLI prints `{"code": ...}` and exits 1 exactly
 * as for a local failure.
 */
import { ERROR_CATALOGUE, GatewayError, type ErrorCode } from '../domain/errors';

export interface ApiTarget {
  url: string;
  token: string;
}

export interface ApiOptions {
  api?: string;
  token?: string;
}

/** Where the API is and how to authenticate; throws VALIDATION_FAILED naming what is missing. */
export function apiTarget(options: ApiOptions, env: NodeJS.ProcessEnv = process.env): ApiTarget {
  const url = options.api ?? env.EPIX_API_URL;
  const token = options.token ?? env.EPIX_TOKEN;
  const missing = [!url && '--api (or EPIX_API_URL)', !token && '--token (or EPIX_TOKEN)'].filter(Boolean);
  if (!url || !token) throw new GatewayError('VALIDATION_FAILED', `missing ${missing.join(' and ')}`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new GatewayError(
      'VALIDATION_FAILED',
      `--api must be a URL, e.g. http://127.0.0.1:8080 (got ${url})`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new GatewayError('VALIDATION_FAILED', '--api must be an http or https URL');
  }
  return { url: url.replace(/\/+$/, ''), token };
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CATALOGUE, value);
}

/** Calls `/api/v1{path}` and returns the JSON body; non-2xx answers throw the API's GatewayError. */
export async function callApi<T>(
  target: ApiTarget,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${target.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${target.token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(60_000),
    });
  } catch (error) {
    throw new GatewayError(
      'SERVICE_UNAVAILABLE',
      `cannot reach the API at ${target.url}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const error = (json as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)
      ?.error;
    const code = isErrorCode(error?.code) ? error.code : 'INTERNAL_ERROR';
    const message =
      typeof error?.message === 'string' ? error.message : `the API answered ${response.status}`;
    throw new GatewayError(
      code,
      message,
      error?.details === undefined ? undefined : { details: error.details },
    );
  }
  return json as T;
}
