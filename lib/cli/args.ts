import { InvalidArgumentError } from '../core/errors.js';

/** Parsed command-line arguments: positional words and `--name value` / `--flag` options. */
export interface ParsedArgs {
  positional: string[];
  options: Map<string, string | true>;
}

/**
 * Parses `argv` (without node and script). `--name=value` and `--name value` give a string; a
 * `--name` followed by another option or nothing is a flag. Names in `flags` never take a value.
 */
export function parseArgs(argv: readonly string[], flags: readonly string[] = []): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      if (eq > 0) {
        options.set(a.slice(2, eq), a.slice(eq + 1));
      } else {
        const name = a.slice(2);
        const next = argv[i + 1];
        if (!flags.includes(name) && next !== undefined && !next.startsWith('--')) {
          options.set(name, next);
          i++;
        } else {
          options.set(name, true);
        }
      }
    } else {
      positional.push(a);
    }
  }
  return { positional, options };
}

/** The string value of option `name`, or undefined; throws if it was given as a bare flag. */
export function optString(args: ParsedArgs, name: string): string | undefined {
  const v = args.options.get(name);
  if (v === true) throw new InvalidArgumentError(`--${name} needs a value`);
  return v;
}

/** The string value of a required option. */
export function requireString(args: ParsedArgs, name: string): string {
  const v = optString(args, name);
  if (v === undefined) throw new InvalidArgumentError(`--${name} is required`);
  return v;
}

/** An integer option, or `fallback` when absent. */
export function optInt(args: ParsedArgs, name: string, fallback: number): number {
  const v = optString(args, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`--${name} must be an integer, got '${v}'`);
  return n;
}

/** True when the flag was given. */
export function hasFlag(args: ParsedArgs, name: string): boolean {
  return args.options.has(name);
}
