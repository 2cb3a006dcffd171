/** A category axis for plotly: the names to put in the traces and the axis' layout attributes. */
export interface CategoryAxis {
  /** The name to give plotly for a category: its first occurrence's (the category itself unless renamed). */
  plotlyName(category: string): string;
  /** The plotly names of all categories, in axis order: one distinct name per category given, repeated or not. */
  names: string[];
  /** Whether some name had to be changed; hover text that shows a raw `%{x}` / `%{y}` then needs the given names. */
  renamed: boolean;
  /** Layout attributes: `type: 'category'`, the categories' order, and tick labels showing the names as given. */
  layout: Record<string, unknown>;
}

/**
 * A category axis that shows every one of `categories`, in the order given (left to right, or bottom to top on a
 * y axis), each labelled with its name. The type is set rather than guessed, so names that look like numbers
 * (`8`, `10`, `-2`) stay categories. plotly merges equal names into one category, so a repeated name (two rows
 * labelled `height`) would put its values on the first one's row; and plotly looks categories up in a plain object,
 * so a name that is a property of `Object.prototype` (`__proto__`, `constructor`, `toString`...) reads as already
 * placed and its bar, point or tick is lost. Such a name (every occurrence of a repeated name but the first) gets
 * zero-width spaces appended until it is unused, and `tickvals`/`ticktext` label the axis with the names as given.
 * `plotlyName` gives the name of a category's first occurrence.
 */
export function categoryAxis(categories: readonly string[]): CategoryAxis {
  const used = new Set(categories);
  const byName = new Map<string, string>();
  const names = categories.map((c) => {
    let name = c;
    if (byName.has(c) || c in Object.prototype) {
      do name += '\u200b';
      while (name in Object.prototype || used.has(name));
      used.add(name);
    }
    if (!byName.has(c)) byName.set(c, name);
    return name;
  });
  const plotlyName = (c: string): string => byName.get(c) ?? c;
  const renamed = names.some((n, i) => n !== categories[i]);
  const layout: Record<string, unknown> = { type: 'category', categoryorder: 'array', categoryarray: names };
  if (renamed) Object.assign(layout, { tickmode: 'array', tickvals: [...names], ticktext: [...categories] });
  return { plotlyName, names, renamed, layout };
}
