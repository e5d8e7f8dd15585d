/**
 * Checks real HTTP answers against the gateway's own OpenAPI document: the operation must be documented,
 * the answer's status must be one of its documented answers, and a JSON body must validate against the
 * documented schema (JSON Schema 2020-12, the dialect of OpenAPI 3.1). Every checked answer is counted,
 * so a test can require a checked success and a checked error for every documented operation.
 */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;
type Operation = { responses: Record<string, { content?: Record<string, unknown> }> };

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** `GET /api/v1/permits/{key}`: how operations are named here. */
export type OperationKey = string;

const escape = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

export class OpenApiChecker {
  readonly checked = new Map<OperationKey, { success: number; error: number }>();
  private readonly ajv: Ajv2020;

  constructor(readonly document: Json) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema(document, 'openapi.json');
  }

  /** Every documented operation, as `METHOD /path/{param}`. */
  operations(): OperationKey[] {
    const paths = this.document.paths as Record<string, Record<string, unknown>>;
    return Object.entries(paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
  }

  operation(key: OperationKey): Operation | undefined {
    const [method, path] = key.split(' ') as [string, string];
    const paths = this.document.paths as Record<string, Record<string, Operation>>;
    return paths[path]?.[method.toLowerCase()];
  }

  /** The problems of this answer against the document (empty: it conforms); counts it when it does. */
  problems(key: OperationKey, answer: Answer): string[] {
    const operation = this.operation(key);
    if (!operation) return [`${key} is not in the document`];
    const documented = operation.responses[String(answer.status)];
    if (!documented) return [`${key} answered ${answer.status}, which the document does not list`];
    const problems = this.bodyProblems(key, answer, documented.content);
    if (problems.length === 0) this.count(key, answer.status);
    return problems;
  }

  private bodyProblems(key: OperationKey, answer: Answer, content?: Record<string, unknown>): string[] {
    const type = String(answer.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim();
    if (!content)
      return type && answer.status !== 302
        ? [`${key} ${answer.status}: a body (${type}) where none is documented`]
        : [];
    if (!content[type])
      return [`${key} ${answer.status}: content type ${type || '(none)'} is not documented`];
    if (type !== 'application/json') return [];
    const [method, path] = key.split(' ') as [string, string];
    const pointer = [
      'paths',
      path,
      method.toLowerCase(),
      'responses',
      String(answer.status),
      'content',
      type,
      'schema',
    ]
      .map(escape)
      .join('/');
    const validate = this.ajv.getSchema(`openapi.json#/${pointer}`);
    if (!validate) return [`${key} ${answer.status}: no schema at ${pointer}`];
    if (validate(answer.body)) return [];
    return (validate.errors ?? []).map(
      (e) =>
        `${key} ${answer.status}: ${e.instancePath || '(body)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
    );
  }

  private count(key: OperationKey, status: number): void {
    const tally = this.checked.get(key) ?? { success: 0, error: 0 };
    if (status < 400) tally.success++;
    else tally.error++;
    this.checked.set(key, tally);
  }
}
