/**
 * `s` safe to print on a terminal line: control characters (newlines, escape sequences that recolour or move the
 * cursor) are shown as `\uXXXX` escapes. A dataset named `evil\n\e[31m.jsonl` then stays on its line.
 */
export function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
