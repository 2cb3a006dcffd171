/**
 * SQL (a boolean expression): whether the relation `table`, as the search path finds it, has the column `column`.
 * The listings read databases without migrating them, so a column a later migration adds may be missing. `table` and
 * `column` are the code's own identifiers, never user input.
 */
export const hasColumnSql = (table: string, column: string): string =>
  `EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('${table}') AND attname = '${column}'
    AND NOT attisdropped)`;
