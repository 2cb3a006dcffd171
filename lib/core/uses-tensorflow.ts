import { registeredEstimators } from './estimator.js';

/**
 * Every `kind` string nested anywhere in an estimator JSON (ensembles, bags and pipelines nest models). Iterative: a
 * deeply nested file cannot overflow the call stack here. Numeric arrays (weights) are skipped without visiting every
 * value.
 */
export function nestedKinds(json: unknown): Set<string> {
  const out = new Set<string>();
  const pending: unknown[] = [json];
  while (pending.length > 0) {
    const v = pending.pop();
    if (Array.isArray(v)) {
      if (v.length > 0 && (typeof v[0] === 'number' || v[0] === null)) continue;
      for (const x of v) if (x !== null && typeof x === 'object') pending.push(x);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'kind' && typeof x === 'string') out.add(x);
        else if (x !== null && typeof x === 'object') pending.push(x);
      }
    }
  }
  return out;
}

/**
 * Whether restoring the estimator JSON needs TensorFlow.js started (`await initTf()` first): some kind nested in it
 * is that of a registered estimator with the 'tensorflow' capability.
 */
export function usesTensorflow(json: unknown): boolean {
  const kinds = nestedKinds(json);
  return registeredEstimators().some((e) => kinds.has(e.kind) && e.capabilities.includes('tensorflow'));
}
