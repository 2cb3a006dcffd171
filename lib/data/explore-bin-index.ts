// Internal: bin lookup shared by the exploration summaries (not exported from index.ts).
import { InvalidArgumentError } from '../core/errors.js';

/** @throws InvalidArgumentError unless there are >= 2 finite, increasing edges and, when given, one label per bin. */
export function checkEdges(who: string, edges: readonly number[], labels?: readonly string[]): void {
  if (edges.length < 2) throw new InvalidArgumentError(`${who}: need at least 2 edges, got ${edges.length}`);
  for (let k = 0; k < edges.length; k++) {
    if (!Number.isFinite(edges[k]) || (k > 0 && !(edges[k] > edges[k - 1]))) {
      throw new InvalidArgumentError(`${who}: edges must be finite and increasing (edge ${k} is ${edges[k]})`);
    }
  }
  if (labels !== undefined && labels.length !== edges.length - 1) {
    throw new InvalidArgumentError(`${who}: ${labels.length} labels for ${edges.length - 1} bins`);
  }
}

/**
 * Bin of `v` among `[edges[k], edges[k+1])`, the last bin closed; values outside go to the end bins
 * when `clamp`, else -1. NaN gives -1.
 */
export function binIndex(v: number, edges: readonly number[], clamp: boolean): number {
  const nb = edges.length - 1;
  if (Number.isNaN(v)) return -1;
  if (v < edges[0]) return clamp ? 0 : -1;
  if (v >= edges[nb]) return v > edges[nb] && !clamp ? -1 : nb - 1;
  let a = 0;
  let z = nb;
  while (z - a > 1) {
    const m = (a + z) >>> 1;
    if (edges[m] <= v) a = m;
    else z = m;
  }
  return a;
}

/** Default bin label: `[low, high)`, the last `[low, high]`; with `clamp`, `< high` and `>= low` at the ends. */
export function binLabel(edges: readonly number[], b: number, clamp: boolean): string {
  const nb = edges.length - 1;
  if (clamp && nb > 1 && b === 0) return `< ${edges[1]}`;
  if (clamp && nb > 1 && b === nb - 1) return `>= ${edges[b]}`;
  return `[${edges[b]}, ${edges[b + 1]}${b === nb - 1 ? ']' : ')'}`;
}
