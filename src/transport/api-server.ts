/** The internal API's node server: plain HTTP, or HTTPS with the configured certificate (`api.tls`). */
import { readFileSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { GatewayError } from '../domain/errors';

export interface ApiTlsFiles {
  certFile: string;
  keyFile: string;
}

export function createApiServer(app: RequestListener, tls: ApiTlsFiles | undefined): Server {
  if (!tls) return createServer(app);
  let cert: string;
  let key: string;
  try {
    cert = readFileSync(tls.certFile, 'utf8');
    key = readFileSync(tls.keyFile, 'utf8');
  } catch (error) {
    throw new GatewayError('IDENTITY_INVALID', `api.tls: ${(error as Error).message}`);
  }
  try {
    return createHttpsServer({ cert, key, minVersion: 'TLSv1.2' }, app);
  } catch (error) {
    throw new GatewayError(
      'IDENTITY_INVALID',
      `api.tls: the certificate or key is not usable: ${(error as Error).message}`,
    );
  }
}
