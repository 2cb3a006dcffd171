// The JSON object of a benchmark's --json option: model options laid over the benchmark's own.
import type { BenchArgs } from './bench-args.js';
import { nearestName } from '../lib/cli/nearest-name.js';

/**
 * The JSON object given to the value option `name` (a `text` option of {@link BenchArgs}), or `{}` when it was not
 * given. JSON that does not parse, or that is not an object (an array, null, a number, a string), is refused as
 * {@link BenchArgs.refuse} does: one line naming the option, the usage line, exit 2. With `known`, keys that are not
 * its keys are refused the same way, naming each, the nearest known key when one is close, and the known keys; where
 * the known option is itself an object (`columns`), the keys of the object given for it are checked against it too.
 * Called before any data is read, so that a misspelled option is refused, not run as its default.
 * @param args the benchmark's command line, read by readBenchArgs
 * @param name the option's name, with its `--`
 * @param known the options that the JSON may set, as resolved by the model (`model.options` of a default model)
 * @returns the object as parsed; checking its values is the caller's (the model's options check)
 */
export function jsonObjectOption(args: BenchArgs, name: string, known?: object): Record<string, unknown> {
  const text = args.text(name);
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    args.refuse(`${name} is not JSON: ${(e as Error).message}`);
  }
  if (!isPlainObject(value)) {
    args.refuse(`${name} must be a JSON object of options, got ${text}`);
  }
  if (known !== undefined) {
    const problems = unknownKeys(value, known as Record<string, unknown>, '');
    if (problems.length > 0) args.refuse(`${name}: ${problems.join('; ')}`);
  }
  return value;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The keys of `given` that `known` does not have, said in words (one clause per object: the top level, then the
 * objects in it under `prefix`), or an empty list.
 */
function unknownKeys(given: Record<string, unknown>, known: Record<string, unknown>, prefix: string): string[] {
  const names = Object.keys(known);
  const unknown = Object.keys(given).filter((key) => !Object.hasOwn(known, key));
  const out: string[] = [];
  if (unknown.length > 0) {
    const said = unknown.map((key) => {
      const near = nearestName(key, names);
      return `'${prefix}${key}'${near !== undefined ? ` (did you mean '${prefix}${near}'?)` : ''}`;
    });
    const where = prefix === '' ? 'options' : `options of ${prefix.slice(0, -1)}`;
    out.push(`unknown option${unknown.length > 1 ? 's' : ''} ${said.join(', ')}; ${where}: ${names.join(', ')}`);
  }
  for (const key of Object.keys(given)) {
    const [g, k] = [given[key], known[key]];
    if (Object.hasOwn(known, key) && isPlainObject(k) && isPlainObject(g)) {
      out.push(...unknownKeys(g, k, `${prefix}${key}.`));
    }
  }
  return out;
}
