import { DataError, InvalidArgumentError } from '../core/errors.js';

/** True when `s` holds a NUL character (U+0000), which PostgreSQL text and jsonb cannot store. */
export function hasNul(s: string): boolean {
  return s.includes('\u0000');
}

/** A UTF-16 surrogate without its pair (`"\ud800"` in JSON): not Unicode text, stored as U+FFFD at best. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when `s` holds a character PostgreSQL text cannot store as it is: NUL or a lone surrogate. */
export function hasUnstorable(s: string): boolean {
  return hasNul(s) || LONE_SURROGATE.test(s);
}

/**
 * Why PostgreSQL cannot store `s` as it is ("contains a NUL character ..."), or undefined when it can: the one wording
 * of {@link assertStorableText} and the run registry's checks.
 */
export function unstorableReason(s: string): string | undefined {
  if (hasNul(s)) return 'contains a NUL character (U+0000), which PostgreSQL text cannot store';
  if (LONE_SURROGATE.test(s)) {
    return 'contains a lone UTF-16 surrogate (an escape such as \\ud800 without its pair), which is not Unicode text';
  }
  return undefined;
}

/**
 * Refuses an argument PostgreSQL cannot store or look up as it is (see {@link unstorableReason}).
 * @param where - what names it (`listRuns: kind`); the message is `${where} "value" ${reason}${after}`.
 * @throws InvalidArgumentError naming `where`, the value and the reason.
 */
export function refuseUnstorableArgument(s: string, where: string, after = ''): void {
  const why = unstorableReason(s);
  if (why !== undefined) throw new InvalidArgumentError(`${where} ${quotedValue(s)} ${why}${after}`);
}

/**
 * Calls `visit` on every string of a JSON-like `value` and on every key of its objects, depth first in property
 * order (an object's key before its value), with the path of each: `at` is `path.key` (`key` at an empty root
 * path) or `path[index]`; for a key, `parent` is the path of the object holding it.
 */
export function visitTexts(
  value: unknown,
  path: string,
  visit: (text: string, at: string, parent?: string) => void,
): void {
  if (typeof value === 'string') visit(value, path);
  else if (typeof value === 'object' && value !== null) {
    const array = Array.isArray(value);
    for (const [k, x] of Object.entries(value)) {
      const at = array ? `${path}[${k}]` : path === '' ? k : `${path}.${k}`;
      if (!array) visit(k, at, path);
      visitTexts(x, at, visit);
    }
  }
}

/** A value quoted for a message: JSON-escaped, at most 60 characters. */
export function quotedValue(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);
}

/** `s` with NUL and lone surrogates shown as U+FFFD (for texts that only quote input, such as load reports). */
export function storableQuote(s: string): string {
  return hasUnstorable(s) ? s.replace(new RegExp(`\u0000|${LONE_SURROGATE.source}`, 'g'), '\ufffd') : s;
}

/** Longest id or category stored (UTF-8 bytes): PostgreSQL's btree indexes take rows up to about 2,700 bytes. */
export const MAX_INDEXED_TEXT_BYTES = 2000;

/**
 * Rejects a string PostgreSQL cannot store as it is: NUL, a lone surrogate (two such ids would merge into
 * one as U+FFFD), or, with `indexed`, one too long for an index.
 * @param where names the value in the message (`dataset 'x' line 12, column 'user_id'`).
 * @param indexed true for an id or category ({@link MAX_INDEXED_TEXT_BYTES}), or the most UTF-8 bytes
 *   allowed for a value indexed together with other columns.
 * @throws DataError naming the value and the reason.
 */
export function assertStorableText(s: string, where: string, indexed: boolean | number = false): void {
  const shown = quotedValue(s);
  const why = unstorableReason(s);
  if (why !== undefined) {
    throw new DataError(`${where}: ${shown} ${why}; ${hasNul(s) ? 'remove it' : 'fix it'} in the data`);
  }
  if (indexed === false) return;
  const max = indexed === true ? MAX_INDEXED_TEXT_BYTES : indexed;
  const bytes = Buffer.byteLength(s, 'utf8');
  if (bytes > max) {
    throw new DataError(
      `${where}: ${shown} is ${bytes} bytes long; ` +
        (indexed === true
          ? `ids and categories are indexed and may hold at most ${max} bytes`
          : `the column is indexed together with others and may hold at most ${max} bytes`),
    );
  }
}
