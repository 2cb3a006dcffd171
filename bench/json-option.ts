// The JSON object of a benchmark's --json option: model options laid over the benchmark's own.
import type { BenchArgs } from './bench-args.js';

/**
 * The JSON object given to the value option `name` (a `text` option of {@link BenchArgs}), or `{}` when it was not
 * given. JSON that does not parse, or that is not an object (an array, null, a number, a string), is refused as
 * {@link BenchArgs.refuse} does: one line naming the option, the usage line, exit 2.
 * @param args the benchmark's command line, read by readBenchArgs
 * @param name the option's name, with its `--`
 * @returns the object as parsed; checking its fields is the caller's (the model's options check)
 */
export function jsonObjectOption(args: BenchArgs, name: string): Record<string, unknown> {
  const text = args.text(name);
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    args.refuse(`${name} is not JSON: ${(e as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    args.refuse(`${name} must be a JSON object of options, got ${text}`);
  }
  return value as Record<string, unknown>;
}
