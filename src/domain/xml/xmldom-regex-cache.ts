/**
 * @xmldom/xmldom 0.9.12 builds a new Unicode RegExp from several kilobytes of source text for every end tag
 * it parses (`g.reg('^', g.QName_group, g.S_OPT, '$')` in sax.js). On a 5 KB permit that is ~40% of the
 * parse time (measured with `node --cpu-prof`). `reg` is a pure function of its arguments and returns
 * non-global, non-sticky expressions (no `lastIndex` state), so memoising it by argument identity changes
 * nothing but the cost. Upstream: xmldom/xmldom#950 (0.9 parse performance).
 *
 * The patch is applied once, only when the module has the expected shape; otherwise it does nothing and
 * parsing just stays slower.
 */

type RegFn = (this: unknown, ...parts: Array<string | RegExp>) => RegExp;

interface Grammar {
  reg: RegFn;
  __epixRegCache?: true;
}

const MAX_ENTRIES = 256;

let installed = false;

/** Installs the memo on xmldom's grammar module; returns whether it is active. */
export function installXmldomRegexCache(): boolean {
  if (installed) return true;
  let grammar: Grammar;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    grammar = require('@xmldom/xmldom/lib/grammar') as Grammar;
  } catch {
    return false;
  }
  if (typeof grammar.reg !== 'function' || grammar.__epixRegCache)
    return (installed = grammar.__epixRegCache === true);
  const original = grammar.reg;
  const ids = new WeakMap<RegExp, number>();
  const cache = new Map<string, RegExp>();
  let nextId = 0;
  const idOf = (re: RegExp): number => {
    let id = ids.get(re);
    if (id === undefined) {
      id = ++nextId;
      ids.set(re, id);
    }
    return id;
  };
  grammar.reg = function cachedReg(this: unknown, ...parts: Array<string | RegExp>): RegExp {
    // `regg` calls reg with itself as `this`; only plain calls through the module are memoised.
    if (this !== grammar && this !== undefined) return original.apply(this, parts);
    let key = '';
    for (const part of parts) key += typeof part === 'string' ? `s${part.length}:${part}` : `r${idOf(part)};`;
    const hit = cache.get(key);
    if (hit) return hit;
    const made = original.apply(this, parts);
    if (made.global || made.sticky || cache.size >= MAX_ENTRIES) return made;
    cache.set(key, made);
    return made;
  };
  grammar.__epixRegCache = true;
  installed = true;
  return true;
}
