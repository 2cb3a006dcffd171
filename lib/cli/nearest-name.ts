/**
 * The known name closest to `name`, for a "did you mean" hint: the same name but for letter case, else the one fewest
 * edits away when that is at most a third of its length (at least 1); undefined when none is that close.
 */
export function nearestName(name: string, names: readonly string[]): string | undefined {
  const sameCase = names.find((k) => k.toLowerCase() === name.toLowerCase());
  if (sameCase !== undefined) return sameCase;
  return names
    .map((k) => ({ k, d: editDistance(name, k) }))
    .filter((x) => x.d <= Math.max(1, Math.floor(x.k.length / 3)))
    .sort((a, b) => a.d - b.d)[0]?.k;
}

/** Levenshtein distance of two short strings. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
