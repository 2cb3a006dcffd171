import { InvalidArgumentError, SizefitError } from '../core/errors.js';
import { nearestName } from './nearest-name.js';

/**
 * Thrown by {@link parseArgs} when `--help` or `-h` is given as an option, not as an option's value
 * (`--user -h` is a customer id): `runCli` prints the command's usage and exits 0.
 */
export class HelpRequested extends SizefitError {
  constructor() {
    super('HELP_REQUESTED', 'help was asked for: run the command through sizefit to see its usage');
  }
}

/** The words that ask for a command's usage. */
export const HELP_WORDS: readonly string[] = ['--help', '-h'];

/** Parsed command-line arguments: positional words and `--name value` / `--flag` options. */
export interface ParsedArgs {
  positional: string[];
  options: Map<string, string | true>;
}

/** The options and words a command accepts; anything else is a usage error. */
export interface ArgSpec {
  /** Options that take a value (`--name value` or `--name=value`). */
  values?: readonly string[];
  /** Options that never take a value. */
  flags?: readonly string[];
  /** Names of the positional words, in order (default none). */
  positional?: readonly string[];
}

/**
 * Parses `argv` (the words after the command) against `spec`. `--name=value` and `--name value` give a
 * string; a value option followed by another option or nothing is kept as a bare flag, for which
 * {@link optString} says "needs a value". A typo must not change an experiment silently, so an option not in
 * the spec, an option given twice and a word beyond the named positional ones are refused. `--help` or `-h` where an
 * option may stand (not as the value of the option before it, not after `--`) asks for the usage, whatever else is
 * given.
 * @throws HelpRequested when help is asked for; InvalidArgumentError naming the option or word (with the nearest
 *   known option for a typo).
 */
export function parseArgs(argv: readonly string[], spec: ArgSpec = {}): ParsedArgs {
  const values = spec.values ?? [];
  const flags = spec.flags ?? [];
  // Help first, read the way the options below are (a word after a `--name` that takes a value is that value), so
  // that a mistake elsewhere on the line does not hide the usage asked for.
  for (let i = 0; i < argv.length && argv[i] !== '--'; i++) {
    const a = argv[i];
    if (HELP_WORDS.includes(a)) throw new HelpRequested();
    if (a.startsWith('--') && a.length > 2 && !a.includes('=') && takesValue(a.slice(2), flags, argv[i + 1])) i++;
  }
  const known = [...values, ...flags];
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  const set = (name: string, v: string | true): void => {
    if (!known.includes(name)) throw new InvalidArgumentError(unknownOption(name, known));
    if (options.has(name)) throw new InvalidArgumentError(`--${name} is given more than once`);
    if (v !== true && flags.includes(name)) throw new InvalidArgumentError(`--${name} takes no value, got '${v}'`);
    options.set(name, v);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      if (eq > 0) {
        set(a.slice(2, eq), a.slice(eq + 1));
      } else {
        const name = a.slice(2);
        const next = argv[i + 1];
        if (takesValue(name, flags, next)) {
          set(name, next);
          i++;
        } else {
          set(name, true);
        }
      }
    } else {
      positional.push(a);
    }
  }
  const names = spec.positional ?? [];
  if (positional.length > names.length) {
    const extra = positional[names.length];
    throw new InvalidArgumentError(
      `unexpected argument '${extra}'` +
        (names.length === 0 ? ' (this command takes only --options)' : ` (after ${names.join(', ')})`),
    );
  }
  return { positional, options };
}

/** Whether `--name` (written without `=`) takes the word after it, `next`, as its value. */
function takesValue(name: string, flags: readonly string[], next: string | undefined): next is string {
  return !flags.includes(name) && next !== undefined && !next.startsWith('--');
}

function unknownOption(name: string, known: readonly string[]): string {
  const near = nearestName(name, known);
  const list = known.length > 0 ? `; options: ${known.map((k) => `--${k}`).join(', ')}` : '';
  return `unknown option --${name}${near !== undefined ? ` (did you mean --${near}?)` : ''}${list}`;
}

/** The string value of option `name`, or undefined; throws if it was given bare or empty (`--name=`). */
export function optString(args: ParsedArgs, name: string): string | undefined {
  const v = args.options.get(name);
  if (v === true || v === '') throw new InvalidArgumentError(`--${name} needs a value`);
  return v;
}

/** The string value of a required option. */
export function requireString(args: ParsedArgs, name: string): string {
  const v = optString(args, name);
  if (v === undefined) throw new InvalidArgumentError(`--${name} is required`);
  return v;
}

/** Bounds of a numeric option, inclusive. */
export interface NumberBounds {
  min?: number;
  max?: number;
}

function checkBounds(name: string, n: number, raw: string, b: NumberBounds): number {
  if ((b.min !== undefined && n < b.min) || (b.max !== undefined && n > b.max)) {
    const range =
      b.min !== undefined && b.max !== undefined
        ? `between ${b.min} and ${b.max}`
        : b.min !== undefined
          ? `>= ${b.min}`
          : `<= ${b.max}`;
    throw new InvalidArgumentError(`--${name} must be ${range}, got '${raw}'`);
  }
  return n;
}

/**
 * An integer option written in decimal digits (no `1e1`, `0x3` or blanks), or `fallback` when absent.
 * @throws InvalidArgumentError when it is not a safe integer or outside `bounds`.
 */
export function optInt(args: ParsedArgs, name: string, fallback: number, bounds: NumberBounds = {}): number {
  const v = optString(args, name);
  if (v === undefined) return fallback;
  const n = /^[+-]?\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`--${name} must be an integer, got '${v}'`);
  return checkBounds(name, n, v, bounds);
}

/**
 * A decimal number option (`0.5`, `-2`, `1e-3`; no hex, no blanks), or undefined when absent.
 * @throws InvalidArgumentError when it is not a finite decimal number or outside `bounds`.
 */
export function optNumber(args: ParsedArgs, name: string, bounds: NumberBounds = {}): number | undefined {
  const v = optString(args, name);
  if (v === undefined) return undefined;
  const n = parseDecimalArg(v);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`--${name} must be a number, got '${v}'`);
  return checkBounds(name, n, v, bounds);
}

/** A finite decimal number, or NaN: the same syntax as {@link optNumber}, for lists such as `--sizes 4,6,8`. */
export function parseDecimalArg(v: string): number {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v) ? Number(v) : NaN;
}

/** True when the flag was given. */
export function hasFlag(args: ParsedArgs, name: string): boolean {
  return args.options.has(name);
}
