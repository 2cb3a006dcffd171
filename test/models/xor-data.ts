import { Rng, type GbdtMatrix } from '../../lib/index.js';

/**
 * An XOR-like 3-class rule on the first 2 of `p` uniform features in [-1, 1] (class 2 near the centre, else 0 where
 * the two have one sign, 1 where they differ). With `labelNoise` > 0, each row then draws once more and, below that
 * share, gets a uniformly drawn class.
 */
export function xorData(n: number, p: number, seed: number, labelNoise = 0): { X: GbdtMatrix; y: Int32Array } {
  const r = new Rng(seed);
  const data = new Float64Array(n * p);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) data[i * p + j] = r.uniform(-1, 1);
    const a = data[i * p];
    const b = data[i * p + 1];
    let c = a * b > 0 ? 0 : 1;
    if (Math.abs(a) < 0.3 && Math.abs(b) < 0.3) c = 2;
    if (labelNoise > 0 && r.next() < labelNoise) c = r.int(3);
    y[i] = c;
  }
  return { X: { data, n, p }, y };
}
