/**
 * The OpenAPI 3.1 document of the internal API, generated from the operations' zod schemas (the ones the
 * routes validate with), so the document cannot describe another API than the one that runs.
 *
 * Request schemas are converted as zod *input* (what a caller sends: defaults optional, coercions loose),
 * answers as *output*. Schemas given a name with `named()` become components and are referred to.
 */
import { z } from 'zod';
import { ERROR_CATALOGUE, type ErrorCode } from '../../domain/errors';
import type { ApiOperation } from './operation';
import { namedSchemas } from './operation';
import { errorCodesOf } from './error-codes';

type Json = Record<string, unknown>;

export interface DocumentInfo {
  title: string;
  version: string;
  description: string;
}

const COMPONENTS = '#/components/schemas/';

/** Express `/permits/:key` → OpenAPI `/permits/{key}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z_]\w*)/g, '{$1}');
}

export function buildOpenApiDocument(operations: readonly ApiOperation[], info: DocumentInfo): Json {
  const inputs = z.registry<{ id: string }>();
  const outputs = z.registry<{ id: string }>();
  for (const [schema, name] of namedSchemas()) {
    inputs.add(schema, { id: `${name}Input` });
    outputs.add(schema, { id: name });
  }
  const paths: Record<string, Record<string, Json>> = {};
  for (const op of operations) {
    (paths[openApiPath(op.path)] ??= {})[op.method] = describeOperation(op, inputs, outputs);
  }
  const schemas = {
    ...convert(inputs, 'input'),
    ...convert(outputs, 'output'),
    ErrorBody: ERROR_BODY,
  };
  return {
    openapi: '3.1.0',
    info,
    tags: [...new Set(operations.map((op) => op.tag))].map((name) => ({ name })),
    paths,
    components: { schemas: withoutUnused(schemas, paths), securitySchemes: SECURITY_SCHEMES },
  };
}

function describeOperation(op: ApiOperation, inputs: Registry, outputs: Registry): Json {
  return {
    operationId: op.id,
    tags: [op.tag],
    summary: op.summary,
    description: [op.description, accessText(op)].filter(Boolean).join('\n\n'),
    'x-access': op.access,
    security: securityOf(op),
    parameters: [...parametersOf(op.params, 'path'), ...parametersOf(op.query, 'query')],
    ...(op.body && { requestBody: requestBodyOf(op.body, idIn(inputs, op.body.schema, `${op.id}.body`)) }),
    responses: { ...successesOf(op, outputs), ...errorsOf(errorCodesOf(op)) },
  };
}

type Registry = ReturnType<typeof z.registry<{ id: string }>>;

/** The schema's component id: its name when it has one (or was met before), else `id`. */
function idIn(registry: Registry, schema: z.ZodType, id: string): string {
  const known = registry.get(schema)?.id;
  if (known) return known;
  registry.add(schema, { id });
  return id;
}

function convert(registry: Registry, io: 'input' | 'output'): Record<string, Json> {
  const converted = z.toJSONSchema(registry, {
    io,
    uri: (id) => `${COMPONENTS}${id}`,
    unrepresentable: 'any',
  }) as { schemas: Record<string, Json> };
  return Object.fromEntries(
    Object.entries(converted.schemas).map(([id, schema]) => {
      const { $schema: _dialect, $id: _id, ...rest } = schema;
      return [id, rest];
    }),
  );
}

const ref = (id: string): Json => ({ $ref: `${COMPONENTS}${id}` });

function accessText(op: ApiOperation): string {
  if (op.access === 'public') return 'Access: anyone (no token).';
  if (op.access === 'session') return 'Access: a console session only (cookie), never a bearer token.';
  return `Access: role ${op.access.join(', ')} (bearer token or console session).`;
}

function securityOf(op: ApiOperation): Json[] {
  if (op.access === 'public') return [];
  if (op.access === 'session') return [{ consoleSession: [] }];
  return [{ bearerToken: [] }, { consoleSession: [] }];
}

const SECURITY_SCHEMES = {
  bearerToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token (`epix token create`); its role decides what it may call.',
  },
  consoleSession: {
    type: 'apiKey',
    in: 'cookie',
    name: 'epix_session',
    description: 'The console session cookie; state-changing calls also need the X-CSRF-Token header.',
  },
};

function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query'): Json[] {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  const properties = (json.properties ?? {}) as Record<string, Json>;
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: property,
    ...(typeof property.description === 'string' && { description: property.description }),
  }));
}

function requestBodyOf(body: NonNullable<ApiOperation['body']>, id: string): Json {
  const others = Object.fromEntries(
    (body.alsoAccepts ?? []).map((type) => [type, { schema: { type: 'string' } }]),
  );
  return {
    required: body.required ?? true,
    content: { 'application/json': { schema: ref(id) }, ...others },
  };
}

function successesOf(op: ApiOperation, outputs: Registry): Record<string, Json> {
  return Object.fromEntries(
    Object.entries(op.answers).map(([status, answer]) => {
      const content: Record<string, Json> = {};
      if (answer.schema)
        content['application/json'] = { schema: ref(idIn(outputs, answer.schema, `${op.id}.${status}`)) };
      for (const type of answer.content ?? []) content[type] = { schema: { type: 'string' } };
      return [
        status,
        { description: answer.description, ...(Object.keys(content).length > 0 && { content }) },
      ];
    }),
  );
}

function errorsOf(codes: readonly ErrorCode[]): Record<string, Json> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = ERROR_CATALOGUE[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      String(status),
      {
        description: list.map((code) => `${code}: ${ERROR_CATALOGUE[code].text}`).join('; '),
        content: {
          'application/json': {
            schema: {
              allOf: [ref('ErrorBody'), { properties: { error: { properties: { code: { enum: list } } } } }],
            },
          },
        },
      },
    ]),
  );
}

const ERROR_BODY: Json = {
  type: 'object',
  description: 'Every error answer: a stable code from the catalogue, a message, and details for some codes.',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      additionalProperties: false,
      properties: {
        code: { type: 'string', enum: Object.keys(ERROR_CATALOGUE) },
        message: { type: 'string' },
        details: {},
      },
    },
  },
};

/** Components no path refers to (directly or through other components) are left out. */
function withoutUnused(schemas: Record<string, Json>, paths: Json): Record<string, Json> {
  const used = new Set<string>();
  const pending = [JSON.stringify(paths)];
  while (pending.length > 0) {
    for (const match of pending.pop()!.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
      const id = match[1]!;
      if (used.has(id) || !schemas[id]) continue;
      used.add(id);
      pending.push(JSON.stringify(schemas[id]));
    }
  }
  return Object.fromEntries(Object.entries(schemas).filter(([id]) => used.has(id)));
}
