/**
 * One operation of the internal API as the OpenAPI document describes it. Each operation names the zod
 * schemas the route itself validates with (params, query, body) and the JSON its answers carry; its
 * error answers are the catalogue codes it can give, grouped by their catalogue status. See document.ts.
 */
import { z } from 'zod';
import type { Role } from '../../domain/auth/token';
import type { ErrorCode } from '../../domain/errors';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who may call: these roles (bearer token or console session), anyone, or a console session only. */
export type Access = readonly Role[] | 'public' | 'session';

export interface ApiAnswer {
  description: string;
  /** JSON body; absent for an answer without one (204) or with `content`. */
  schema?: z.ZodType;
  /** Other media types, described by name only (CSV, XLSX, Prometheus text). */
  content?: readonly string[];
}

export interface ApiOperation {
  method: HttpMethod;
  /** The path as Express registers it, e.g. `/api/v1/permits/:key`. */
  path: string;
  id: string;
  tag: string;
  summary: string;
  description?: string;
  access: Access;
  params?: z.ZodObject;
  query?: z.ZodType;
  /** The request body as JSON, and other media types it accepts (e.g. unsigned XML). */
  body?: { schema: z.ZodType; alsoAccepts?: readonly string[]; required?: boolean };
  answers: Partial<Record<200 | 201 | 202 | 204 | 302, ApiAnswer>>;
  /** The catalogue codes this operation answers with, beyond those every operation of its kind has. */
  errors?: readonly ErrorCode[];
}

/** Shared schemas get a component name here, so the document refers to them instead of repeating them. */
const NAMES = new Map<z.ZodType, string>();

export function named<T extends z.ZodType>(name: string, schema: T): T {
  NAMES.set(schema, name);
  return schema;
}

export function namedSchemas(): ReadonlyMap<z.ZodType, string> {
  return NAMES;
}

/** Route parameters are strings; this describes them for the document. */
export function pathParams<K extends string>(...names: K[]): z.ZodObject<Record<K, z.ZodString>> {
  return z.object(Object.fromEntries(names.map((n) => [n, z.string()])) as Record<K, z.ZodString>);
}
