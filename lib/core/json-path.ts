const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `path` extended by an object key: `a.b`, or `a["bust size"]` when the key is not an identifier. */
export function jsonPathKey(path: string, key: string): string {
  return IDENT.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}
