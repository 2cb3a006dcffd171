/**
 * Reading text back exactly on both engines (internal to lib/db). PGlite decodes each value of a result with
 * a `TextDecoder` that drops a leading U+FEFF (byte order mark): the ids `"\ufeffu1"` and `"u1"` would both
 * read as `"u1"`. The stored value is intact; only the read loses it. A text column read with
 * {@link exactTextSql} starts with a `.`, so no value starts with U+FEFF on the way back, and
 * {@link exactText} takes the `.` off. NULL stays NULL. Both engines go the same way, so both are tested.
 */

/** The SQL expression that reads the text expression `expr` for {@link exactText}. */
export function exactTextSql(expr: string): string {
  return `('.' || ${expr})`;
}

/** A value read with {@link exactTextSql}, as stored: the string without its first character, or null. */
export function exactText(v: unknown): string | null {
  return typeof v === 'string' ? v.slice(1) : null;
}
