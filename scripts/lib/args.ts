/** A small command-line flag reader for the demo, bench and drill scripts (no dependency for four flags). */

export interface ParsedArgs {
  /** Words that are not flags, in order (e.g. bench names). */
  positional: string[];
  /** `--name value` or `--name=value`; bare `--name` gives 'true'. */
  flags: Map<string, string>;
}

/**
 * Splits argv into positional words and `--flags`; `--no-x` is stored as x=false. Flags named in `booleans`
 * never take the next word as their value.
 */
export function parseArgs(argv: readonly string[], booleans: readonly string[] = []): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0) {
      flags.set(arg.slice(2, eq), arg.slice(eq + 1));
    } else if (arg.startsWith('--no-')) {
      flags.set(arg.slice(5), 'false');
    } else {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--') && !booleans.includes(arg.slice(2))) {
        flags.set(arg.slice(2), next);
        i++;
      } else {
        flags.set(arg.slice(2), 'true');
      }
    }
  }
  return { positional, flags };
}

/** A numeric flag, or the default; throws on anything that is not a positive number. */
export function numberFlag(args: ParsedArgs, name: string, fallback: number): number {
  const raw = args.flags.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`--${name} must be a positive number, got ${raw}`);
  return value;
}

/** A boolean flag: present (or =true) gives true, --no-name or =false gives false. */
export function booleanFlag(args: ParsedArgs, name: string, fallback = false): boolean {
  const raw = args.flags.get(name);
  if (raw === undefined) return fallback;
  return raw !== 'false' && raw !== '0';
}
