/** The longest file name (one part of a path, in bytes) most file systems take: NAME_MAX of Linux and macOS. */
export const MAX_FILE_NAME_BYTES = 255;

/** The first of `parts` (the names of a path) longer than {@link MAX_FILE_NAME_BYTES} bytes, or undefined. */
export function tooLongFileName(parts: readonly string[]): string | undefined {
  return parts.find((part) => Buffer.byteLength(part) > MAX_FILE_NAME_BYTES);
}
