import { InvalidArgumentError } from '../core/errors.js';
import { ColumnarDataset } from './columnar-dataset.js';

/** Options of {@link toHtmlTable}. */
export interface ToHtmlTableOptions {
  /** At most this many rows; default 20. */
  limit?: number;
  /** Columns to show, in order; default all (schema order, or the keys of the first record). */
  columns?: readonly string[];
  /** Digits after the decimal point for non-integer numbers; default 2. */
  digits?: number;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
  );
}

function cell(v: unknown, digits: number): string {
  if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return '<td class="missing"></td>';
  if (typeof v === 'number') {
    const s = Number.isInteger(v) ? String(v) : v.toFixed(digits);
    return `<td style="text-align:right">${s}</td>`;
  }
  return `<td>${escapeHtml(cellText(v))}</td>`;
}

/** Text of a value that is not a number: strings as they are, a Date in ISO 8601, others as JSON or else String. */
function cellText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return String(v);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
  try {
    // undefined for a symbol or a function; throws for a BigInt inside an object or a cycle.
    const json = JSON.stringify(v);
    if (json !== undefined) return json;
  } catch {
    // fall through
  }
  try {
    return String(v);
  } catch {
    // An object with no prototype has no toString.
    return Object.prototype.toString.call(v);
  }
}

/**
 * Renders the first rows of a dataset, or of plain records, as an HTML table with every value
 * escaped (notebooks display it with `tslab.display.html`). Missing values are empty cells; a
 * footer tells how many rows were left out. Strings show as they are, numbers with `digits`, a Date in ISO 8601
 * (`toISOString`), other values as JSON, or with `String` when they have none (a symbol, a function, an object
 * holding a BigInt).
 *
 * @param data a {@link ColumnarDataset} or an array of records.
 * @returns the HTML of one `<table>`.
 * @throws InvalidArgumentError for a `limit` that is not an integer >= 0 (or Infinity), or `digits` outside 0..20.
 */
export function toHtmlTable(
  data: ColumnarDataset | readonly Record<string, unknown>[],
  options: ToHtmlTableOptions = {},
): string {
  const limit = options.limit ?? 20;
  const digits = options.digits ?? 2;
  if (!(limit === Infinity || (Number.isInteger(limit) && limit >= 0))) {
    throw new InvalidArgumentError(`toHtmlTable: limit must be an integer >= 0 or Infinity, got ${limit}`);
  }
  if (!(Number.isInteger(digits) && digits >= 0 && digits <= 20)) {
    throw new InvalidArgumentError(`toHtmlTable: digits must be an integer in 0..20, got ${digits}`);
  }
  let columns: readonly string[];
  let rows: Record<string, unknown>[];
  let total: number;
  if (data instanceof ColumnarDataset) {
    columns = options.columns ?? data.columnNames;
    total = data.length;
    rows = [];
    for (let i = 0; i < Math.min(limit, total); i++) {
      const r: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const c of columns) r[c] = data.value(c, i);
      rows.push(r);
    }
  } else {
    total = data.length;
    rows = data.slice(0, limit) as Record<string, unknown>[];
    columns = options.columns ?? (rows.length ? Object.keys(rows[0]) : []);
  }
  const head = columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${columns.map((c) => cell(Object.prototype.hasOwnProperty.call(r, c) ? r[c] : null, digits)).join('')}</tr>`,
    )
    .join('\n');
  const more =
    total > rows.length ? `\n<caption style="caption-side:bottom">${rows.length} of ${total} rows</caption>` : '';
  return `<table class="sizefit-table">${more}\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}
