/**
 * `s` safe to print on a terminal line: every code point that controls or hides rather than shows is written as an
 * escape, so that what is printed stays on its line and in its order. A dataset named `evil\n\e[31m.jsonl` stays on
 * its line, and `fit\u202Elnosj.exe` prints as `fit\u202elnosj.exe` instead of `fitexe.jsonl` with the rest of the
 * line reversed.
 *
 * Escaped: control characters (`\p{Cc}`: C0, DEL, C1), format characters (`\p{Cf}`: bidi embeddings, overrides and
 * isolates, the Arabic letter mark, zero-width space and joiners, the byte order mark, the soft hyphen, tag
 * characters), the line and paragraph separators (`\p{Zl}`, `\p{Zp}`) and lone UTF-16 surrogates (`\p{Cs}`). A code
 * point of the Basic Multilingual Plane is written `\uXXXX` (four lower-case hex digits), an astral one `\u{XXXXX}`;
 * everything else is kept as it is. The cost: an emoji sequence joined by U+200D or a flag made of tag characters
 * shows its parts and the escapes between them.
 *
 * A backslash is kept, so this is a safe view, not a reversible encoding: the six characters `\u000a` print as a
 * newline does. Escaping backslashes too would double each one in the JSON-quoted values of reader messages (a
 * height `5' 6"`, quoted `"5' 6\""`, would show as `"5' 6\\""`) and in Windows paths, on every line.
 *
 * Not escaped, on purpose: private-use code points (`\p{Co}`), which a terminal draws as a glyph (icon fonts) and
 * which move and hide nothing; and unassigned code points (`\p{Cn}`), because which ones they are depends on the
 * Unicode version of the running Node, so the same name would print differently from one Node to the next.
 */
export function printable(s: string): string {
  return s.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu, (c) => {
    const cp = c.codePointAt(0) as number;
    return cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${cp.toString(16).padStart(4, '0')}`;
  });
}

/**
 * A value as an error message shows it: a number as it prints, anything else as JSON (cut at 100 characters) with
 * its type, e.g. `"5" (string)`, so that a string that looks like a number is not taken for one.
 */
export function shownValue(v: unknown): string {
  if (typeof v === 'number') return String(v);
  let text: string;
  try {
    text = String(JSON.stringify(v));
  } catch {
    text = String(v); // a BigInt, a cycle
  }
  return `${text.slice(0, 100)} (${v === null ? 'null' : typeof v})`;
}

/**
 * A number for a message, rounded to one decimal (123.456 as 123.5); a value whose rounding overflows (1e308 * 10 is
 * Infinity) is shown as given (1e+308), not as Infinity.
 */
export function oneDecimal(x: number): string {
  const r = Math.round(x * 10) / 10;
  return String(Number.isFinite(r) ? r : x);
}
