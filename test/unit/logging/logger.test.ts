import { generateKeyPairSync } from 'node:crypto';
import { PassThrough } from 'node:stream';
import winston from 'winston';
import { withContext } from '../../../src/logging/context';
import { createLogger } from '../../../src/logging/logger';

function captured(): {
  logger: winston.Logger;
  lines: () => Array<Record<string, unknown>>;
  text: () => string;
} {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  const logger = createLogger({ level: 'debug', transports: [new winston.transports.Stream({ stream })] });
  const text = (): string => chunks.join('');
  return {
    logger,
    text,
    lines: () =>
      text()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

// Generated per run: no key material is kept in the repository.
const PRIVATE_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString()
  .trim();
const TOKEN = 'epx_' + 'A'.repeat(43);

describe('logging', () => {
  test('when a message is logged inside a correlation context, then the line carries the correlation id', () => {
    const { logger, lines } = captured();
    withContext({ correlationId: 'req-123', messageId: 'm-1' }, () =>
      logger.info('hello', { permit: 'KE/2026/1' }),
    );
    expect(lines()[0]).toMatchObject({
      message: 'hello',
      correlationId: 'req-123',
      messageId: 'm-1',
      permit: 'KE/2026/1',
      level: 'info',
    });
  });

  test('when nested async work runs, then the context follows it', async () => {
    const { logger, lines } = captured();
    await withContext({ correlationId: 'outer' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.warn('later');
    });
    expect(lines()[0]?.correlationId).toBe('outer');
  });

  test('when keys, tokens and passwords are logged in any shape, then none of them reaches the output', () => {
    const { logger, text, lines } = captured();
    logger.info('config loaded', {
      signing: { keyPem: PRIVATE_KEY },
      password: 'hunter2',
      pkcs12: 'MIIJ...',
    });
    logger.warn(`request with Authorization: Bearer ${TOKEN}`);
    logger.info('token created', { token: TOKEN, name: 'customs-desk' });
    logger.error(new Error(`failed to parse ${PRIVATE_KEY}`));
    logger.info('headers', { headers: { authorization: `Bearer ${TOKEN}` } });
    const output = text();
    expect(output).not.toContain('MIGHAgEAMBMGByqGSM49');
    expect(output).not.toContain('hunter2');
    expect(output).not.toContain('AAAAAAAAAAAAAAAA');
    expect(output).not.toContain('MIIJ');
    expect(lines()).toHaveLength(5);
    expect(lines()[2]).toMatchObject({ name: 'customs-desk', token: '[REDACTED]' });
  });
});
