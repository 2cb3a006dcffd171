import { InvalidArgumentError } from './errors.js';

/**
 * `seed` (default 0 when undefined) checked as an {@link Rng} seed when an option is read, so that a bad seed is
 * refused at construction, naming who took it, not later inside a fit or a split.
 * @throws InvalidArgumentError unless a safe integer.
 */
export function seedOption(seed: number | undefined, who: string): number {
  const s = seed ?? 0;
  if (!Number.isSafeInteger(s)) throw new InvalidArgumentError(`${who}: seed must be a safe integer, got ${s}`);
  return s;
}

/**
 * A seeded pseudo-random generator (xoshiro128**, Blackman & Vigna 2018), seeded through splitmix32.
 * All randomness in sizefit goes through this class so that a `seed` option reproduces a run.
 */
export class Rng {
  // Uint32Array state: V8 keeps plain number fields above 2^31 as heap doubles, which is ~2x slower.
  private readonly s = new Uint32Array(4);
  private spareNormal: number | undefined;

  /**
   * @param seed - any safe integer (negative ones too); distinct seeds give distinct sequences, and the same
   *   seed gives the same sequence on every platform.
   * @throws InvalidArgumentError if the seed is not a safe integer (1.5 or 2^60 would alias other seeds).
   */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new InvalidArgumentError(`seed must be a safe integer, got ${seed}`);
    const splitmix = (start: number): (() => number) => {
      let x = start;
      return (): number => {
        x = (x + 0x9e3779b9) >>> 0;
        let z = x;
        z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
        z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
        return (z ^ (z >>> 16)) >>> 0;
      };
    };
    // The low 32 bits seed the state (seeds 0..2^32-1 keep the sequences they always had); the high bits,
    // when any, are mixed in by a second stream, so -1 and 0, or 2^32 + 1 and 1, no longer coincide.
    const next = splitmix(seed >>> 0);
    const st = this.s;
    st[0] = next();
    st[1] = next();
    st[2] = next();
    st[3] = next();
    const hi = Math.floor(seed / 0x100000000);
    if (hi !== 0) {
      const more = splitmix((hi ^ 0x6a09e667) >>> 0);
      for (let k = 0; k < 4; k++) st[k] = (st[k] ^ more()) >>> 0;
    }
    if ((st[0] | st[1] | st[2] | st[3]) === 0) st[0] = 1;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const st = this.s;
    const result = Math.imul(rotl(Math.imul(st[1], 5) >>> 0, 7), 9) >>> 0;
    const t = st[1] << 9;
    st[2] ^= st[0];
    st[3] ^= st[1];
    st[1] ^= st[2];
    st[0] ^= st[3];
    st[2] ^= t;
    st[3] = rotl(st[3], 11);
    return result;
  }

  /** A uniform number in [0, 1) with 53 bits of precision. */
  next(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /**
   * A uniform integer in [0, n).
   * @throws InvalidArgumentError unless n is a safe integer >= 1 (int(2.5) drew 2 half as often as 0 and 1).
   */
  int(n: number): number {
    if (!(n >= 1 && Number.isSafeInteger(n))) {
      throw new InvalidArgumentError(`Rng.int(n): n must be a whole number >= 1, got ${n}`);
    }
    return Math.floor(this.next() * n);
  }

  /**
   * A uniform number in [lo, hi) (lo itself when lo = hi): `lo + (hi - lo) * next()`, or, where that rounds up to hi
   * (next() near 1, or hi - lo a few units in the last place of lo), the largest double below hi.
   * @throws InvalidArgumentError unless lo <= hi and hi - lo is finite.
   */
  uniform(lo: number, hi: number): number {
    // hi - lo is NaN, infinite or negative for every bad pair: NaN or infinite bounds, hi < lo, or a width that overflows.
    if (!(hi - lo >= 0 && hi - lo < Infinity)) {
      throw new InvalidArgumentError(`Rng.uniform(lo, hi): needs finite lo <= hi, got lo ${lo}, hi ${hi}`);
    }
    const v = lo + (hi - lo) * this.next();
    // Stepping down instead of drawing again keeps every stream as it was. Still >= lo: lo is a double below hi.
    return v < hi || lo === hi ? v : doubleBelow(hi);
  }

  /**
   * A normal draw (Marsaglia polar method).
   * @throws InvalidArgumentError unless mean is finite and sd is finite and >= 0.
   */
  normal(mean = 0, sd = 1): number {
    if (!(sd >= 0 && sd < Infinity && Number.isFinite(mean))) {
      throw new InvalidArgumentError(
        `Rng.normal(mean, sd): needs a finite mean and a finite sd >= 0, got mean ${mean}, sd ${sd}`,
      );
    }
    if (this.spareNormal !== undefined) {
      const z = this.spareNormal;
      this.spareNormal = undefined;
      return mean + sd * z;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * m;
    return mean + sd * u * m;
  }

  /**
   * True with probability p.
   * @throws InvalidArgumentError unless 0 <= p <= 1.
   */
  bernoulli(p: number): boolean {
    if (!(p >= 0 && p <= 1)) throw new InvalidArgumentError(`Rng.bernoulli(p): p must be in [0, 1], got ${p}`);
    return this.next() < p;
  }

  /**
   * An index drawn with probability proportional to `weights`.
   * @param weights - finite and >= 0, not all zero. Their sum may exceed the largest double (1e308, 1e308): the
   *   draw then uses the weights divided by the largest one.
   * @throws InvalidArgumentError naming the first weight that is negative, NaN or infinite, or when there is no
   *   weight or all are zero.
   */
  categorical(weights: ArrayLike<number>): number {
    const n = weights.length;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i];
      // One comparison per weight on this hot path: it refuses negatives and NaN; an infinite weight makes the
      // total infinite and is refused below.
      if (!(w >= 0)) throw badWeight(weights);
      total += w;
    }
    if (!(total > 0)) {
      throw new InvalidArgumentError(
        n === 0 ? 'Rng.categorical(weights): no weights' : `Rng.categorical(weights): all ${n} weights are 0`,
      );
    }
    if (total === Infinity) return this.categoricalScaled(weights);
    let r = this.next() * total;
    for (let i = 0; i < n; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    // Rounding can leave r >= 0 past the last weight (next() near 1): the last index that can be drawn, not a
    // trailing zero weight.
    let last = n - 1;
    while (!(weights[last] > 0)) last--;
    return last;
  }

  /**
   * {@link categorical} for weights whose sum is infinite: refused when a weight is; otherwise (finite weights whose
   * sum overflows) drawn from the weights divided by the largest one.
   */
  private categoricalScaled(weights: ArrayLike<number>): number {
    const n = weights.length;
    let max = 0;
    for (let i = 0; i < n; i++) max = Math.max(max, weights[i]);
    if (max === Infinity) throw badWeight(weights);
    let total = 0;
    for (let i = 0; i < n; i++) total += weights[i] / max;
    let r = this.next() * total;
    let last = 0;
    for (let i = 0; i < n; i++) {
      if (weights[i] === 0) continue;
      last = i;
      r -= weights[i] / max;
      if (r < 0) return i;
    }
    return last;
  }

  /** Shuffles an array in place (Fisher-Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /**
   * A random permutation of 0..n-1.
   * @throws InvalidArgumentError unless n is a whole number in [0, 2^31] (the values are 32-bit integers).
   */
  permutation(n: number): Int32Array {
    if (!(n >= 0 && n <= 2 ** 31 && Number.isInteger(n))) {
      throw new InvalidArgumentError(`Rng.permutation(n): n must be a whole number in [0, 2^31], got ${n}`);
    }
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /** A new generator whose stream is independent of this one's continuation. */
  fork(): Rng {
    const v = this.nextUint32() * 4096 + (this.nextUint32() >>> 20);
    // Folded to 32 bits as the constructor once did with every seed, so forked streams stay as they were.
    return new Rng((v ^ Math.floor(v / 0x100000000)) >>> 0);
  }
}

/** The error for the first weight of `weights` that is negative, NaN or infinite (there is one). */
function badWeight(weights: ArrayLike<number>): InvalidArgumentError {
  let i = 0;
  while (i < weights.length - 1 && weights[i] >= 0 && weights[i] < Infinity) i++;
  return new InvalidArgumentError(
    `Rng.categorical(weights): weights[${i}] is ${weights[i]}; weights must be finite and >= 0`,
  );
}

const bits = new Float64Array(1);
const bitsInt = new BigInt64Array(bits.buffer);

/** The largest double below the finite `x` (its neighbour towards -Infinity; -Number.MIN_VALUE below 0). */
function doubleBelow(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  bits[0] = x;
  // The bits of a double of one sign order as its magnitudes: one step towards 0 for x > 0, away from it for x < 0.
  bitsInt[0] += x > 0 ? -1n : 1n;
  return bits[0];
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
