import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeConfig, loadConfig } from '../../../src/config/loader';
import { GatewayError } from '../../../src/domain/errors';

const minimal = {
  country: 'KE',
  signing: { keyFile: '/k', certFile: '/c' },
  tls: { keyFile: '/tk', certFile: '/tc', clientCertFile: '/tcc' },
  mongodbUri: 'mongodb://127.0.0.1:27017/epix',
};

function configFile(content: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'epix-cfg-')), 'c.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

function loadError(fn: () => unknown): GatewayError {
  try {
    fn();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}

describe('configuration loader', () => {
  test('when only required keys are given, then every other key has its default', () => {
    const config = loadConfig({ files: [configFile(minimal)], env: {} });
    expect(config.country).toBe('KE');
    expect(config.amqpUrl).toBe('amqp://guest:guest@127.0.0.1:5672');
    expect(config.retry.maxAttempts).toBe(12);
    expect(config.bodyLimitBytes).toBe(2 * 1024 * 1024);
    expect(config.alerts.certificateExpiryDays).toBe(60);
  });

  test('when a key is in a file and in the environment, then the environment wins', () => {
    const config = loadConfig({
      files: [configFile({ ...minimal, exchange: { port: 9443 } })],
      env: { EPIX_EXCHANGE_PORT: '10443', MONGODB_URI: 'mongodb://db:27017/x', EPIX_RETRY_MAX_ATTEMPTS: '3' },
    });
    expect(config.exchange.port).toBe(10443);
    expect(config.mongodbUri).toBe('mongodb://db:27017/x');
    expect(config.retry.maxAttempts).toBe(3);
  });

  test('when later files repeat a key, then the later file wins and nested keys merge', () => {
    const config = loadConfig({
      files: [
        configFile({ ...minimal, api: { host: '0.0.0.0', port: 1 } }),
        configFile({ api: { port: 2 } }),
      ],
      env: {},
    });
    expect(config.api).toEqual({ host: '0.0.0.0', port: 2 });
  });

  test('when several keys are wrong or missing, then start-up fails listing every problem with its variable', () => {
    const error = loadError(() =>
      loadConfig({
        files: [configFile({ country: 'Kenya', exchange: { port: 70000 }, retry: { jitter: 2 } })],
        env: { EPIX_LOG_LEVEL: 'loud' },
      }),
    );
    expect(error.code).toBe('CONFIG_INVALID');
    const keys = (error.details as Array<{ key: string }>).map((p) => p.key).sort();
    expect(keys).toEqual(
      ['country', 'exchange.port', 'logLevel', 'mongodbUri', 'retry.jitter', 'signing', 'tls'].sort(),
    );
    expect(error.message).toContain('country (EPIX_COUNTRY)');
    expect(error.message).toContain('exchange.port (EPIX_EXCHANGE_PORT)');
    expect(error.message).toContain('retry.jitter (EPIX_RETRY_JITTER)');
  });

  test('when a config file is not JSON, then the error names the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'epix-cfg-'));
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, '{ nope');
    const error = loadError(() => loadConfig({ files: [file], env: {} }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(file);
  });

  test('when the country code is not ISO 3166-1 alpha-2, then it is rejected', () => {
    const error = loadError(() =>
      loadConfig({ files: [configFile({ ...minimal, country: 'QQ' })], env: {} }),
    );
    expect((error.details as Array<{ key: string }>).map((p) => p.key)).toEqual(['country']);
  });

  test('when the keys are described, then every key has a variable and a description', () => {
    const described = describeConfig();
    expect(described.length).toBeGreaterThan(20);
    for (const entry of described) {
      expect(entry.env).toMatch(/^EPIX_[A-Z0-9_]+$/);
      expect(entry.description.length).toBeGreaterThan(5);
    }
    expect(described.find((d) => d.key === 'retry.maxAttempts')?.env).toBe('EPIX_RETRY_MAX_ATTEMPTS');
  });
});
