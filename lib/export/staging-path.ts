import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';

/**
 * A fresh path beside `target` to write under before renaming into place (`.sizefit-WHAT-PID-RANDOM`): in the
 * target's directory, so that the rename stays within one file system, and short whatever the target's name (a
 * 250-byte name plus a suffix was over NAME_MAX).
 *
 * @param target - the path that will be replaced or created by the rename.
 * @param what - what is staged (`tmp`: the new contents; `old`: the contents being replaced).
 * @returns the path; nothing is created.
 */
export function stagingPath(target: string, what: string): string {
  return join(dirname(target), `.sizefit-${what}-${process.pid}-${randomBytes(6).toString('hex')}`);
}
