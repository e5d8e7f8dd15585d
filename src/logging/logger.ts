/** winston JSON logger with the correlation context first and secrets redacted last. */
import winston from 'winston';
import type Transport from 'winston-transport';
import { currentContext } from './context';
import { redact } from './redact';

export type Logger = winston.Logger;

const addContext = winston.format((info) => Object.assign(info, currentContext()));

const redactSecrets = winston.format((info) => {
  const cleaned = redact({ ...info }) as Record<string, unknown>;
  for (const key of Object.keys(info)) delete (info as Record<string, unknown>)[key];
  return Object.assign(info, cleaned);
});

export interface LoggerOptions {
  level?: string;
  service?: string;
  country?: string;
  /** Defaults to the console (stdout). Tests pass a stream transport to read the lines. */
  transports?: Transport[];
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return winston.createLogger({
    level: options.level ?? process.env.EPIX_LOG_LEVEL ?? 'info',
    defaultMeta: {
      service: options.service ?? 'epix-gateway',
      ...(options.country ? { country: options.country } : {}),
    },
    format: winston.format.combine(
      addContext(),
      winston.format.timestamp(),
      winston.format.errors({ stack: true }),
      redactSecrets(),
      winston.format.json(),
    ),
    transports: options.transports ?? [new winston.transports.Console({ stderrLevels: [] })],
  });
}

/** A logger that writes nothing, for tests and CLI commands that print their own output. */
export function createSilentLogger(): Logger {
  return winston.createLogger({
    silent: true,
    transports: [new winston.transports.Console({ silent: true })],
  });
}

/** Flushes the logger before the process exits, so the last lines are not lost. */
export async function closeLogger(logger: Logger): Promise<void> {
  await new Promise<void>((resolve) => {
    logger.on('finish', () => resolve());
    logger.end();
    setTimeout(resolve, 500).unref();
  });
}
