/** Builds a gateway configuration for tests: own PKI, a fresh database, fresh queue names, free ports. */
import { parseConfig } from '../../src/config/loader';
import type { GatewayConfig } from '../../src/config/schema';
import { AMQP_URL, freshAmqpPrefix, freshMongoUri } from './services';
import { testPki } from './pki';

export async function testGatewayConfig(
  country: string,
  overrides: Record<string, unknown> = {},
): Promise<GatewayConfig> {
  const { files } = await testPki(country);
  return parseConfig({
    country,
    exchange: { host: '127.0.0.1', port: 0 },
    api: { host: '127.0.0.1', port: 0 },
    signing: { keyFile: files.signingKey, certFile: files.signingCert },
    tls: {
      keyFile: files.tlsServerKey,
      certFile: files.tlsServerCert,
      clientKeyFile: files.tlsClientKey,
      clientCertFile: files.tlsClientCert,
    },
    mongodbUri: freshMongoUri(country),
    amqpUrl: AMQP_URL,
    amqpPrefix: freshAmqpPrefix(country),
    logLevel: 'warn',
    ...overrides,
  });
}
