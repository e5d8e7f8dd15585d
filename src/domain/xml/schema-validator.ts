/**
 * XSD validation with libxml2 compiled to WebAssembly (libxml2-wasm): no native build, ~10^4 validations/s.
 *
 * libxml2-wasm is ESM-only and loads its module with top-level await, so it is loaded with a dynamic
 * `import()` (kept as-is by tsc for our CommonJS output and by swc under jest, which runs with
 * --experimental-vm-modules). `SchemaValidator.load` is therefore async; `validate` is synchronous.
 *
 * Schemas are compiled once. Their `xs:import`/`xs:include` files are read at load time from the schema's
 * own folder and served to libxml2 from memory: libxml2 never reads the file system or the network while
 * validating, and documents are parsed with NONET and NO_XXE (callers normally pass text the strict parser
 * already accepted, so no DTD reaches here anyway).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GatewayError } from '../errors';

type Libxml = Awaited<ReturnType<typeof importLibxml>>;
type XsdValidatorHandle = InstanceType<Libxml['XsdValidator']>;
type XmlDocumentHandle = InstanceType<Libxml['XmlDocument']>;

function importLibxml() {
  return import('libxml2-wasm');
}

let libxml: Promise<Libxml> | undefined;
/** Schema files libxml2 may open, by absolute path; filled by `load`, served by one input provider. */
const schemaFiles = new Map<string, Uint8Array>();

async function getLibxml(): Promise<Libxml> {
  libxml ??= importLibxml().then(
    (lib) => {
      lib.xmlRegisterInputProvider({
        match: (filename: string) => schemaFiles.has(filename),
        open: (filename: string) => {
          const bytes = schemaFiles.get(filename);
          return bytes === undefined ? undefined : lib.openBuffer(bytes);
        },
        read: lib.readBuffer,
        close: (fd: number) => {
          lib.closeBuffer(fd);
          return true;
        },
      });
      return lib;
    },
    (error: unknown) => {
      libxml = undefined;
      const message = error instanceof Error ? error.message : String(error);
      // Under jest the ESM import needs node's VM modules; say so instead of a bare TypeError.
      const hint = /experimental-vm-modules/.test(message)
        ? ' (run jest with NODE_OPTIONS=--experimental-vm-modules, as `npm run jest` and scripts/test.sh do)'
        : '';
      throw new Error(`cannot load libxml2-wasm: ${message}${hint}`, { cause: error });
    },
  );
  return libxml;
}

/** One problem found in a document: 1-based line in the validated text, and libxml2's message. */
export interface SchemaError {
  line: number;
  message: string;
}

/** The outcome of a validation: conforming, or the problems found (at most 20). */
export type SchemaValidation = { ok: true } | { ok: false; errors: SchemaError[] };

/** At most this many errors are returned; a broken document can produce one per element. */
const MAX_ERRORS = 20;

const SCHEMA_LOCATION =
  /<(?:\w+:)?(?:import|include|redefine)\b[^>]*?\bschemaLocation\s*=\s*(["'])([^"']+)\1/g;

/** Reads a schema and, recursively, the local files it imports or includes. */
function readSchemaSet(mainPath: string, into: Map<string, Uint8Array>): void {
  if (into.has(mainPath)) return;
  let bytes: Buffer;
  try {
    bytes = readFileSync(mainPath);
  } catch (error) {
    throw new GatewayError('CONFIG_INVALID', `cannot read schema ${mainPath}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  into.set(mainPath, bytes);
  for (const match of bytes.toString('utf8').matchAll(SCHEMA_LOCATION)) {
    const location = match[2]!;
    if (/^[a-z][a-z0-9+.-]*:/i.test(location)) {
      throw new GatewayError(
        'CONFIG_INVALID',
        `schema ${mainPath} imports ${location}: only local files are allowed`,
      );
    }
    readSchemaSet(path.resolve(path.dirname(mainPath), location), into);
  }
}

function toErrors(
  details: ReadonlyArray<{ line: number; message: string }> | undefined,
  fallback: string,
): SchemaError[] {
  const errors = (details ?? [])
    .slice(0, MAX_ERRORS)
    .map((d) => ({ line: d.line, message: d.message.trim() }));
  return errors.length > 0 ? errors : [{ line: 0, message: fallback }];
}

/** A compiled XSD (the permit profile, the exchange envelope, ...) that validates document text. */
export class SchemaValidator {
  private disposed = false;

  private constructor(
    private readonly lib: Libxml,
    private readonly schemaDocument: XmlDocumentHandle,
    private readonly validator: XsdValidatorHandle,
    /** The schema file, for messages. */
    readonly schemaPath: string,
  ) {}

  /** Compiles the schema at `xsdPath` (and the local files it imports). Throws CONFIG_INVALID if unusable. */
  static async load(xsdPath: string): Promise<SchemaValidator> {
    const lib = await getLibxml();
    const mainPath = path.resolve(xsdPath);
    const files = new Map<string, Uint8Array>();
    readSchemaSet(mainPath, files);
    for (const [file, bytes] of files) schemaFiles.set(file, bytes);
    let document: XmlDocumentHandle | undefined;
    try {
      document = lib.XmlDocument.fromBuffer(files.get(mainPath)!, {
        url: mainPath,
        option: lib.ParseOption.XML_PARSE_NONET | lib.ParseOption.XML_PARSE_NO_XXE,
      });
      return new SchemaValidator(lib, document, lib.XsdValidator.fromDoc(document), mainPath);
    } catch (error) {
      document?.dispose();
      const details = (error as { details?: Array<{ line: number; message: string; file?: string }> })
        .details;
      const first = details?.[0];
      const where = first ? ` (${first.file ?? mainPath}:${first.line}: ${first.message.trim()})` : '';
      throw new GatewayError('CONFIG_INVALID', `schema ${mainPath} does not compile${where}`, {
        cause: error,
      });
    }
  }

  /**
   * Validates XML text (already decoded; any encoding label in its declaration is ignored). Returns the
   * problems with their line numbers; never throws for a bad document.
   */
  validate(xmlText: string): SchemaValidation {
    if (this.disposed) throw new Error(`the validator for ${this.schemaPath} was closed`);
    const { lib } = this;
    let document: XmlDocumentHandle | undefined;
    try {
      document = lib.XmlDocument.fromBuffer(Buffer.from(xmlText, 'utf8'), {
        encoding: 'utf-8',
        option: lib.ParseOption.XML_PARSE_NONET | lib.ParseOption.XML_PARSE_NO_XXE,
      });
      this.validator.validate(document);
      return { ok: true };
    } catch (error) {
      if (error instanceof lib.XmlLibError)
        return { ok: false, errors: toErrors(error.details, error.message) };
      if (error instanceof lib.XmlError) {
        // libxml2 gives up (return code -1) on some trees, e.g. unexpanded entity references from a DTD.
        const doctype = xmlText.indexOf('<!DOCTYPE');
        const line = doctype === -1 ? 1 : xmlText.slice(0, doctype).split('\n').length;
        return {
          ok: false,
          errors: [{ line, message: `the document cannot be validated: ${error.message}` }],
        };
      }
      throw error;
    } finally {
      document?.dispose();
    }
  }

  /** Like `validate`, but throws SCHEMA_INVALID (details: the errors) when the document does not conform. */
  assertValid(xmlText: string): void {
    const result = this.validate(xmlText);
    if (result.ok) return;
    const first = result.errors[0]!;
    throw new GatewayError('SCHEMA_INVALID', `line ${first.line}: ${first.message}`, {
      details: result.errors,
    });
  }

  /** Frees the compiled schema (WebAssembly memory is not garbage-collected). */
  close(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.validator.dispose();
    this.schemaDocument.dispose();
  }
}

/** Where the schemas are, from src/ (ts, jest) or from dist/src/ (compiled). */
export function schemaFilePath(file: string): string {
  const up = __dirname.includes(`${path.sep}dist${path.sep}`) ? ['..', '..', '..', '..'] : ['..', '..', '..'];
  return path.resolve(__dirname, ...up, 'schemas', file);
}

let permitSchema: Promise<SchemaValidator> | undefined;

/** The CITESEPermit profile (schemas/citesepermit.xsd), compiled once per process. */
export function loadPermitSchema(): Promise<SchemaValidator> {
  permitSchema ??= SchemaValidator.load(schemaFilePath('citesepermit.xsd')).catch((error: unknown) => {
    permitSchema = undefined;
    throw error;
  });
  return permitSchema;
}
