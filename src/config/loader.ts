/**
 * Loads the configuration from JSON files and the environment (environment wins), validates it against
 * the schema, and reports every problem at once.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { GatewayError } from '../domain/errors';
import { checkDeliveryLease } from './delivery-lease-rule';
import { configSchema, type GatewayConfig } from './schema';

/** The schema plus the rules that span several keys. */
const checkedConfigSchema = configSchema.superRefine(checkDeliveryLease);

/** Extra names accepted for a few keys, because every tool in this ecosystem uses them. */
const ENV_ALIASES: Record<string, string> = { MONGODB_URI: 'mongodbUri', AMQP_URL: 'amqpUrl' };

type Json = Record<string, unknown>;

export function envNameOf(path: readonly string[]): string {
  return 'EPIX_' + path.map((part) => part.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()).join('_');
}

/** Every leaf key of the schema as a path, e.g. ['retry', 'maxAttempts']. */
export function configKeys(): string[][] {
  const keys: string[][] = [];
  const walk = (schema: z.ZodType, path: string[]): void => {
    const inner = unwrap(schema);
    if (inner instanceof z.ZodObject) {
      for (const [key, child] of Object.entries((inner as z.ZodObject<Record<string, z.ZodType>>).shape))
        walk(child, [...path, key]);
    } else {
      keys.push(path);
    }
  };
  walk(configSchema, []);
  return keys;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  for (;;) {
    if (
      current instanceof z.ZodDefault ||
      current instanceof z.ZodOptional ||
      current instanceof z.ZodPrefault
    ) {
      current = current.unwrap() as z.ZodType;
    } else {
      return current;
    }
  }
}

/** A description of every key, for `epix config describe` and the README. */
export function describeConfig(): Array<{ key: string; env: string; description: string }> {
  return configKeys().map((path) => {
    let schema: z.ZodType = configSchema;
    for (const part of path) schema = (unwrap(schema) as z.ZodObject).shape[part] as z.ZodType;
    return { key: path.join('.'), env: envNameOf(path), description: schema.description ?? '' };
  });
}

function setPath(target: Json, path: readonly string[], value: unknown): void {
  let node = target;
  for (const part of path.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[part] = {};
    node = node[part] as Json;
  }
  node[path[path.length - 1]!] = value;
}

/** `over` merged into `base`: nested objects merge key by key, anything else in `over` replaces. */
export function deepMerge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readConfigFile(file: string): Json {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new GatewayError('CONFIG_INVALID', `cannot read config file ${file}: ${(error as Error).message}`);
  }
  if (!isPlainObject(parsed))
    throw new GatewayError('CONFIG_INVALID', `config file ${file} must hold a JSON object`);
  return parsed;
}

/** Builds the raw (unvalidated) configuration object from the environment alone. */
export function fromEnvironment(env: NodeJS.ProcessEnv): Json {
  const out: Json = {};
  for (const [name, key] of Object.entries(ENV_ALIASES)) {
    const value = env[name];
    if (value !== undefined && value !== '') setPath(out, [key], value);
  }
  for (const path of configKeys()) {
    const value = env[envNameOf(path)];
    if (value !== undefined && value !== '') setPath(out, path, value);
  }
  return out;
}

export interface LoadOptions {
  /** JSON files, applied in order (later wins). */
  files?: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** Values applied last, e.g. from command-line flags. */
  overrides?: Json;
}

/**
 * Loads and validates the configuration. Throws CONFIG_INVALID listing every problem, one per line,
 * each naming the key and its environment variable.
 */
export function loadConfig(options: LoadOptions = {}): GatewayConfig {
  const env = options.env ?? process.env;
  const files = options.files ?? (env.EPIX_CONFIG ? env.EPIX_CONFIG.split(',').filter(Boolean) : []);
  let raw: Json = {};
  for (const file of files) raw = deepMerge(raw, readConfigFile(file));
  raw = deepMerge(raw, fromEnvironment(env));
  if (options.overrides) raw = deepMerge(raw, options.overrides);
  return parseConfig(raw);
}

export function parseConfig(raw: unknown): GatewayConfig {
  const result = checkedConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.map(String);
    return {
      key: path.join('.') || '(root)',
      env: path.length ? envNameOf(path) : '',
      message: issue.message,
    };
  });
  const text = problems.map((p) => `- ${p.key}${p.env ? ` (${p.env})` : ''}: ${p.message}`).join('\n');
  throw new GatewayError('CONFIG_INVALID', `invalid configuration:\n${text}`, { details: problems });
}
