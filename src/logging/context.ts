/** The request/message correlation context, carried through async work with AsyncLocalStorage. */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface LogContext {
  correlationId: string;
  messageId?: string;
  actor?: string;
  /** The actor's role (an API token's role). */
  actorRole?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

export function currentContext(): LogContext | undefined {
  return storage.getStore();
}

/** Runs `fn` with a correlation context; a missing id is generated. */
export function withContext<T>(context: Partial<LogContext>, fn: () => T): T {
  const parent = storage.getStore();
  return storage.run(
    { ...parent, ...context, correlationId: context.correlationId ?? parent?.correlationId ?? randomUUID() },
    fn,
  );
}

/** Accepts a caller-supplied correlation id only if it is short and plain. */
export function sanitizeCorrelationId(value: unknown): string | undefined {
  return typeof value === 'string' && /^[\w.:-]{1,64}$/.test(value) ? value : undefined;
}
