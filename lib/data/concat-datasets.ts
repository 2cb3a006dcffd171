import { InvalidArgumentError } from '../core/errors.js';
import { ColumnarDataset, type Column, type DatasetMeta, type FieldSchema } from './columnar-dataset.js';

/** Why `b`'s field cannot be concatenated under `a`'s, or undefined when it can. */
function fieldMismatch(a: FieldSchema, b: FieldSchema): string | undefined {
  if (a.name !== b.name) return `field '${b.name}' where the first has '${a.name}'`;
  if (a.type !== b.type) return `field '${a.name}' of type '${b.type}' where the first's is '${a.type}'`;
  if ((a.unit ?? '') !== (b.unit ?? ''))
    return `field '${a.name}' in '${b.unit ?? ''}' where the first's is in '${a.unit ?? ''}'`;
  if ((a.ordered ?? false) !== (b.ordered ?? false)) return `field '${a.name}' ordered differently`;
  return undefined;
}

/** Whether two category lists are the same strings in the same order. */
function sameCategories(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The rows of several datasets one after another, as one dataset (used by the fit service to score the records of
 * concurrent requests in one call). Every part must have the first part's schema: the same fields, in the same order,
 * with the same types, units and orderedness. A number column is copied; a category column gets the union of the
 * parts' categories in first-seen order (the first part's, then each new one of the next parts) and each part's codes
 * are mapped into it, so every row keeps its value. An ordered category column (the fit label: its category order is
 * its meaning) must list the same categories in every part. Line numbers are kept as they are.
 *
 * @param parts - at least one dataset.
 * @param meta - the result's meta (default: the first part's).
 * @throws InvalidArgumentError when `parts` is empty, a part's schema differs from the first's (naming the part and
 *   the field), or an ordered category column lists other categories in a part.
 */
export function concatDatasets(parts: readonly ColumnarDataset[], meta?: DatasetMeta): ColumnarDataset {
  if (parts.length === 0) throw new InvalidArgumentError('concatDatasets: no dataset to concatenate');
  const first = parts[0];
  const schema = first.schema;
  for (let k = 1; k < parts.length; k++) {
    const s = parts[k].schema;
    if (s === schema) continue;
    if (s.length !== schema.length) {
      throw new InvalidArgumentError(
        `concatDatasets: dataset ${k} has ${s.length} fields, the first has ${schema.length}`,
      );
    }
    for (let j = 0; j < schema.length; j++) {
      const why = fieldMismatch(schema[j], s[j]);
      if (why !== undefined) throw new InvalidArgumentError(`concatDatasets: dataset ${k} has ${why}`);
    }
  }
  let n = 0;
  for (const d of parts) n += d.length;
  const columns = new Map<string, Column>();
  for (const field of schema) {
    const name = field.name;
    if (field.type !== 'category') {
      const values = new Float64Array(n);
      let at = 0;
      for (const d of parts) {
        values.set(d.numbers(name), at);
        at += d.length;
      }
      columns.set(name, { type: 'number', values });
      continue;
    }
    const firstColumn = first.categories(name);
    const categories = [...firstColumn.categories];
    const index = new Map<string, number>();
    categories.forEach((c, i) => index.set(c, i));
    const codes = new Int32Array(n);
    let at = 0;
    for (let k = 0; k < parts.length; k++) {
      const c = parts[k].categories(name);
      if (field.ordered === true && !sameCategories(c.categories, firstColumn.categories)) {
        throw new InvalidArgumentError(
          `concatDatasets: dataset ${k} lists other categories of the ordered field '${name}' than the first`,
        );
      }
      // Each of the part's categories once: its code in the union.
      const map = new Int32Array(c.categories.length);
      for (let i = 0; i < c.categories.length; i++) {
        const s = c.categories[i];
        let code = index.get(s);
        if (code === undefined) {
          code = categories.length;
          categories.push(s);
          index.set(s, code);
        }
        map[i] = code;
      }
      const src = c.codes;
      for (let i = 0; i < src.length; i++) codes[at + i] = src[i] < 0 ? -1 : map[src[i]];
      at += src.length;
    }
    columns.set(name, { type: 'category', codes, categories });
  }
  const lines = new Int32Array(n);
  let at = 0;
  for (const d of parts) {
    lines.set(d.lineNumbers, at);
    at += d.length;
  }
  return new ColumnarDataset(schema, columns, lines, meta ?? first.meta);
}
