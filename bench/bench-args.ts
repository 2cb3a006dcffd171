// How a benchmark reads its command line: only the options of its usage line, each value checked, or it refuses.
import { basename } from 'node:path';

/**
 * What an option of a benchmark's command line takes: `switch` nothing; `text` any value; `count` a positive
 * integer; `natural` a non-negative integer; `integer` a safe integer, negative too (a seed, as lib's `seed` options
 * take); `positive` a finite number above 0. `positional` is not an option but an
 * argument of the usage line without a name (`FILE` in `[FILE]`): an argument that is not an option and does not
 * start with `-` is taken for the first positional entry not yet given, in the order of the entries.
 */
export type BenchOptionKind = 'switch' | 'text' | 'count' | 'natural' | 'integer' | 'positive' | 'positional';

/** A benchmark's command line read by {@link readBenchArgs}. */
export interface BenchArgs {
  /** Whether the option (a switch or a value option) or the positional argument was given. */
  has(name: string): boolean;
  /** The value given to a value option or a positional argument, or undefined. */
  text(name: string): string | undefined;
  /** The value given to a numeric option as a number, or `dflt` when the option was not given. */
  number(name: string, dflt: number): number;
  /**
   * Refuses the command line as {@link readBenchArgs} does (one line naming the script and `problem`, then the usage
   * line, on stderr; exit 2): for a check of a value that the option kinds cannot make, such as a name out of a list.
   */
  refuse(problem: string): never;
}

const CHECKS: Record<Exclude<BenchOptionKind, 'switch' | 'text' | 'positional'>, [(x: number) => boolean, string]> = {
  count: [(x) => Number.isInteger(x) && x > 0, 'a positive integer'],
  natural: [(x) => Number.isInteger(x) && x >= 0, 'a non-negative integer'],
  integer: [(x) => Number.isSafeInteger(x), 'a safe integer'],
  positive: [(x) => Number.isFinite(x) && x > 0, 'a finite number above 0'],
};

/**
 * Reads `args` (the process's arguments by default) against the options of a benchmark's usage line: `--help` or
 * `-h` prints `usage` and ends the process with 0; an argument that is not one of `options`, an option given twice,
 * a value option without its value or with a value of the wrong kind is refused in one line on stderr naming the
 * script and the argument, followed by `usage`, and ends the process with 2 (as `npm run bench` does for a bad
 * command) before anything is measured. Numeric values must be plain decimals (no sign for `positive`, no exponent, hex or spaces) and are read with `Number`. Without `positional` entries in
 * `options`, every argument that is not an option is refused; with them, as many as they are are taken, in order.
 * @param usage the usage line, starting `usage: `
 * @param options each option's name (with its `--`) and what it takes; each positional argument's name (`FILE`)
 * @returns the options given
 */
export function readBenchArgs(
  usage: string,
  options: Record<string, BenchOptionKind>,
  args: readonly string[] = process.argv.slice(2),
): BenchArgs {
  function refuse(problem: string): never {
    console.error(`${basename(process.argv[1] ?? 'bench')}: ${problem}`);
    console.error(usage);
    process.exit(2);
  }
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage);
    process.exit(0);
  }
  const given = new Map<string, string | true>();
  const positionals = Object.keys(options).filter((name) => options[name] === 'positional');
  for (let i = 0; i < args.length; i++) {
    const name = args[i];
    const declared = Object.hasOwn(options, name) ? options[name] : undefined;
    const kind = declared === 'positional' ? undefined : declared;
    if (kind === undefined) {
      const free = positionals.find((p) => !given.has(p));
      if (free !== undefined && name !== '' && !name.startsWith('-')) {
        given.set(free, name);
        continue;
      }
      refuse(`unknown argument ${name === '' ? "''" : name}`);
    }
    if (given.has(name)) refuse(`${name} is given twice`);
    if (kind === 'switch') {
      given.set(name, true);
      continue;
    }
    const value = args[++i];
    if (value === undefined || value === '' || value.startsWith('--')) refuse(`${name} needs a value`);
    if (kind !== 'text') {
      const [ok, what] = CHECKS[kind];
      // Written as a plain decimal number: Number() also reads ' ' as 0 and 0x10, 1e3 or 0b11 as integers.
      const plain = kind === 'positive' ? /^(?:\d+\.?\d*|\.\d+)$/ : /^-?\d+$/;
      if (!plain.test(value) || !ok(Number(value))) refuse(`${name} must be ${what}, got ${value}`);
    }
    given.set(name, value);
  }
  return {
    has: (name) => given.has(name),
    text: (name) => {
      const v = given.get(name);
      return typeof v === 'string' ? v : undefined;
    },
    number: (name, dflt) => {
      const v = given.get(name);
      return typeof v === 'string' ? Number(v) : dflt;
    },
    refuse,
  };
}
