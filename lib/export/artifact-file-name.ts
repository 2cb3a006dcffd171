/** The longest file name a manifest may list (a whole `a/b/c` name, in UTF-16 units, as a file name's limit). */
export const MAX_ARTIFACT_FILE_NAME_LENGTH = 255;

/**
 * Whether `name` may be listed in a model manifest: a name that names one file inside the model directory and only
 * one way: `/`-separated parts, none empty, `.` or `..`, no backslash or NUL, at most
 * {@link MAX_ARTIFACT_FILE_NAME_LENGTH} characters in all (so `tfjs/model.json`, never `./x`, `a//b`, `docs/` or
 * `/etc/x`). The loader refuses a manifest listing any other name, and `saveModel` refuses to write one.
 *
 * @param name - a file name of a manifest's `files`.
 * @returns true when the name is safe.
 */
export function isSafeFileName(name: string): boolean {
  if (name.length === 0 || name.length > MAX_ARTIFACT_FILE_NAME_LENGTH) return false;
  if (name.includes('\\') || name.includes('\0')) return false;
  return name.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}
