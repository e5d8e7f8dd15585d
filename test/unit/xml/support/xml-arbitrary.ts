/**
 * Random namespace-well-formed XML documents for differential tests: namespaces declared, redeclared,
 * undeclared and unused; prefixed and unprefixed attributes; text with every character c14n escapes, written
 * literally or as character references; CDATA, comments and processing instructions.
 */
import fc from 'fast-check';

const URIS = [
  'urn:a',
  'urn:b',
  'http://example.org/x?y=1&z=2',
  'urn:un:unece:uncefact:data:standard:CITESEPermit:2',
];
const PREFIXES = ['a', 'b', 'ns1', 'rsm', 'x\u00e9'];
const LOCAL_NAMES = ['e', 'f', 'ID', 'Name', 'z\u00fc'];
const ATTR_NAMES = ['id', 'unitCode', 'b', 'a', 'Z', '\u00e9t\u00e9'];

/** Characters that stress escaping and white-space handling, plus non-ASCII and astral ones. */
const TEXT_CHAR = fc.constantFrom(
  'a',
  'Z',
  ' ',
  '&',
  '<',
  '>',
  '"',
  "'",
  '\t',
  '\n',
  '\r',
  '\u00e9',
  '\u20ac',
  '\u{1F98E}',
  ']',
  '-',
  '?',
  '\u00a0',
);

interface Decl {
  prefix: string; // '' = default namespace
  uri: string; // '' only for the default namespace (xmlns="")
}

interface ElementSpec {
  prefixChoice: number;
  localName: string;
  decls: Decl[];
  attrs: Array<{ prefixChoice: number | null; name: string; value: string; asRefs: boolean }>;
  children: NodeSpec[];
}

type NodeSpec =
  | { kind: 'element'; element: ElementSpec }
  | { kind: 'text'; value: string; asRefs: boolean }
  | { kind: 'cdata'; value: string }
  | { kind: 'comment'; value: string }
  | { kind: 'pi'; target: string; value: string };

const declArb: fc.Arbitrary<Decl> = fc.oneof(
  fc.record({ prefix: fc.constantFrom(...PREFIXES), uri: fc.constantFrom(...URIS) }),
  fc.record({ prefix: fc.constant(''), uri: fc.constantFrom('', ...URIS) }),
);

const textArb = fc.array(TEXT_CHAR, { maxLength: 12 }).map((chars) => chars.join(''));

const leafArb: fc.Arbitrary<NodeSpec> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('text' as const), value: textArb, asRefs: fc.boolean() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('cdata' as const),
      value: textArb.map((t) => t.replace(/\]/g, '').replace(/\r/g, '')),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('comment' as const),
      value: textArb.map((t) => t.replace(/-/g, '_').replace(/\r/g, '')),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('pi' as const),
      target: fc.constantFrom('pi', 'app-x'),
      value: textArb.map((t) => t.replace(/\?/g, '_').replace(/\r/g, '').trimStart()),
    }),
  },
);

const { element: elementArb } = fc.letrec<{ element: ElementSpec; node: NodeSpec }>((tie) => ({
  element: fc.record({
    prefixChoice: fc.nat(),
    localName: fc.constantFrom(...LOCAL_NAMES),
    decls: fc.array(declArb, { maxLength: 3 }),
    attrs: fc.array(
      fc.record({
        prefixChoice: fc.option(fc.nat(), { nil: null }),
        name: fc.constantFrom(...ATTR_NAMES),
        value: textArb,
        asRefs: fc.boolean(),
      }),
      { maxLength: 4 },
    ),
    children: fc.array(tie('node'), { maxLength: 4, depthIdentifier: 'xml' }),
  }),
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true, depthIdentifier: 'xml' },
    leafArb,
    fc.record({ kind: fc.constant('element' as const), element: tie('element') }),
  ),
}));

function escapeText(value: string, asRefs: boolean): string {
  let out = value.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  out = asRefs
    ? out.replace(/>/g, '&gt;').replace(/\r/g, '&#13;').replace(/\t/g, '&#x9;')
    : out.replace(/\]\]>/g, ']]&gt;');
  return out;
}

function escapeAttr(value: string, asRefs: boolean): string {
  const out = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  return asRefs ? out.replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#xD;') : out;
}

function serialize(spec: ElementSpec, scope: Map<string, string>): string {
  const local = new Map(scope);
  const declared = new Map<string, string>();
  for (const d of spec.decls) {
    if (declared.has(d.prefix)) continue;
    declared.set(d.prefix, d.uri);
    local.set(d.prefix, d.uri);
  }
  const usable = [...local.entries()].filter(([p, uri]) => p === '' || uri !== '');
  const [prefix] = usable.length ? usable[spec.prefixChoice % usable.length]! : [''];
  const qname = prefix === '' ? spec.localName : `${prefix}:${spec.localName}`;
  let out = `<${qname}`;
  for (const [p, uri] of declared)
    out += p === '' ? ` xmlns="${escapeAttr(uri, false)}"` : ` xmlns:${p}="${escapeAttr(uri, false)}"`;
  const prefixed = [...local.entries()].filter(([p, uri]) => p !== '' && uri !== '');
  const seen = new Set<string>();
  for (const attr of spec.attrs) {
    let name = attr.name;
    let expanded = `|${name}`;
    if (attr.prefixChoice !== null && prefixed.length) {
      const [p, uri] = prefixed[attr.prefixChoice % prefixed.length]!;
      name = `${p}:${attr.name}`;
      expanded = `${uri}|${attr.name}`;
    }
    if (seen.has(expanded)) continue;
    seen.add(expanded);
    out += ` ${name}="${escapeAttr(attr.value, attr.asRefs)}"`;
  }
  if (spec.children.length === 0) return `${out}/>`;
  out += '>';
  for (const child of spec.children) {
    if (child.kind === 'element') out += serialize(child.element, local);
    else if (child.kind === 'text') out += escapeText(child.value, child.asRefs);
    else if (child.kind === 'cdata') out += `<![CDATA[${child.value}]]>`;
    else if (child.kind === 'comment') out += `<!--${child.value}-->`;
    else out += child.value === '' ? `<?${child.target}?>` : `<?${child.target} ${child.value}?>`;
  }
  return `${out}</${qname}>`;
}

/** A random document, with an optional XML declaration and processing instructions around the root. */
export const xmlDocumentArb: fc.Arbitrary<string> = fc
  .record({ root: elementArb, declaration: fc.boolean(), before: fc.boolean(), after: fc.boolean() })
  .map(({ root, declaration, before, after }) => {
    let doc = declaration ? '<?xml version="1.0" encoding="UTF-8"?>\n' : '';
    if (before) doc += '<?before x?>\n<!-- c -->';
    doc += serialize(root, new Map([['', '']]));
    if (after) doc += '\n<?after?>';
    return doc;
  });
