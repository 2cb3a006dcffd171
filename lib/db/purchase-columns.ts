/**
 * How dataset columns map to columns of the `purchases` table (internal to lib/db). Columns of a
 * dataset not listed here go to `purchases.extra` (jsonb).
 */
export interface PurchaseColumn {
  /** Canonical dataset column (`user_id`). */
  column: string;
  /** Column of `purchases` (`customer_id`). */
  db: string;
  /** How the value is stored: text, float8, date (from days since 1970), boolean (from 0/1). */
  kind: 'text' | 'float8' | 'date' | 'boolean';
}

/** The dataset columns with a column of their own in `purchases`. */
export const PURCHASE_COLUMNS: readonly PurchaseColumn[] = [
  { column: 'user_id', db: 'customer_id', kind: 'text' },
  { column: 'item_id', db: 'article_id', kind: 'text' },
  { column: 'category', db: 'category', kind: 'text' },
  { column: 'brand', db: 'brand', kind: 'text' },
  { column: 'size', db: 'size', kind: 'float8' },
  { column: 'size_system', db: 'size_system', kind: 'text' },
  { column: 'size_label', db: 'size_label', kind: 'text' },
  { column: 'fit', db: 'fit', kind: 'text' },
  { column: 'returned', db: 'returned', kind: 'boolean' },
  { column: 'return_reason', db: 'return_reason', kind: 'text' },
  { column: 'rating', db: 'rating', kind: 'float8' },
  { column: 'review_date', db: 'review_date', kind: 'date' },
  { column: 'height_cm', db: 'height_cm', kind: 'float8' },
  { column: 'weight_kg', db: 'weight_kg', kind: 'float8' },
  { column: 'bust_band', db: 'bust_band', kind: 'float8' },
  { column: 'cup', db: 'cup', kind: 'float8' },
  { column: 'cup_label', db: 'cup_label', kind: 'text' },
  { column: 'age', db: 'age', kind: 'float8' },
  { column: 'body_type', db: 'body_type', kind: 'text' },
  { column: 'rented_for', db: 'rented_for', kind: 'text' },
  { column: 'user_name', db: 'user_name', kind: 'text' },
];

/** SQL type of a staged value. */
export const SQL_TYPE: Record<PurchaseColumn['kind'], string> = {
  text: 'text',
  float8: 'double precision',
  date: 'date',
  boolean: 'boolean',
};

/** The SQL expression that reads a stored column back as the dataset holds it. */
export function readExpression(c: PurchaseColumn): string {
  if (c.kind === 'date') return `(${c.db} - DATE '1970-01-01')::double precision`;
  if (c.kind === 'boolean') return `(${c.db})::integer::double precision`;
  return c.db;
}
