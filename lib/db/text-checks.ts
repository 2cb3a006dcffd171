import { DataError } from '../core/errors.js';

/** True when `s` holds a NUL character (U+0000), which PostgreSQL text and jsonb cannot store. */
export function hasNul(s: string): boolean {
  return s.includes('\u0000');
}

/**
 * Rejects a string PostgreSQL cannot store.
 * @param where names the value in the message (`dataset 'x' line 12, column 'user_id'`).
 * @throws DataError when `s` contains NUL.
 */
export function assertStorableText(s: string, where: string): void {
  if (hasNul(s)) {
    throw new DataError(
      `${where}: ${JSON.stringify(s.length > 60 ? s.slice(0, 60) + '…' : s)} contains a NUL character (U+0000), ` +
        'which PostgreSQL text cannot store; remove it from the data',
    );
  }
}
