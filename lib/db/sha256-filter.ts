import { InvalidArgumentError } from '../core/errors.js';

/** Hex digits of a sha256 that the listings show (`sizefit runs`): the shortest prefix a filter takes. */
export const SHORT_SHA256_DIGITS = 12;

/**
 * A sha256 given to look something up, as the registry stores hashes: lower-cased, either whole (64 hex digits) or a
 * prefix of at least {@link SHORT_SHA256_DIGITS} hex digits, as the listings show it (internal to lib/db and the CLI).
 * @param what names the value in the message (`listRuns: datasetSha256`, `--dataset-sha256`).
 * @throws InvalidArgumentError naming `what` and the value otherwise.
 */
export function sha256Filter(text: string, what: string): string {
  const t = text.toLowerCase();
  if (new RegExp(`^[0-9a-f]{${SHORT_SHA256_DIGITS},64}$`).test(t)) return t;
  throw new InvalidArgumentError(
    `${what}: ${JSON.stringify(text)} is not a sha256: give its 64 hex digits, or at least the first ` +
      `${SHORT_SHA256_DIGITS} as the listings show them`,
  );
}
