import { decodeNumbers, encodeNumbers } from '../core/estimator.js';
import { ModelFormatError } from '../core/errors.js';

/** The JSON form of one {@link GbdtTree}. NaN/Infinity thresholds are encoded by `encodeNumbers`. */
export interface GbdtTreeJSON {
  feature: number[];
  threshold: (number | string | null)[];
  defaultLeft: number[];
  left: number[];
  right: number[];
  gain: number[];
  leafValue: number[];
}

/**
 * One regression tree in flat typed arrays. Internal node `i` sends a row left when its value of
 * `feature[i]` is `<= threshold[i]`, or when the value is NaN and `defaultLeft[i]` is 1. A child
 * index `c >= 0` is an internal node, `c < 0` is the leaf `~c`. Node 0 is the root; a tree without
 * internal nodes is the single leaf 0. Children always have larger indices than their parent.
 */
export class GbdtTree {
  /** Number of internal nodes (leaves: `numNodes + 1`). */
  readonly numNodes: number;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  /** Split bin of each node (training only; -1 after `fromJSON`). */
  readonly thresholdBin: Int32Array;
  readonly defaultLeft: Uint8Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Gain of each split (for feature importance). */
  readonly gain: Float64Array;
  /** Output of each leaf (learning rate already applied). */
  readonly leafValue: Float64Array;

  constructor(
    feature: Int32Array,
    threshold: Float64Array,
    thresholdBin: Int32Array,
    defaultLeft: Uint8Array,
    left: Int32Array,
    right: Int32Array,
    gain: Float64Array,
    leafValue: Float64Array,
  ) {
    this.numNodes = feature.length;
    this.feature = feature;
    this.threshold = threshold;
    this.thresholdBin = thresholdBin;
    this.defaultLeft = defaultLeft;
    this.left = left;
    this.right = right;
    this.gain = gain;
    this.leafValue = leafValue;
  }

  /** The leaf reached by the row starting at `data[offset]` (raw feature values). */
  leafOf(data: Float64Array, offset: number): number {
    if (this.numNodes === 0) return 0;
    const feature = this.feature;
    const threshold = this.threshold;
    const defaultLeft = this.defaultLeft;
    const left = this.left;
    const right = this.right;
    let node = 0;
    while (node >= 0) {
      const v = data[offset + feature[node]];
      const goLeft = v !== v ? defaultLeft[node] === 1 : v <= threshold[node];
      node = goLeft ? left[node] : right[node];
    }
    return ~node;
  }

  /** The leaf reached by training row `i` of feature-major bin codes (NaN bin of f is `numBins[f]`). */
  leafOfBinned(codes: Uint8Array, n: number, i: number, numBins: Int32Array): number {
    if (this.numNodes === 0) return 0;
    let node = 0;
    while (node >= 0) {
      const f = this.feature[node];
      const b = codes[f * n + i];
      const goLeft = b === numBins[f] ? this.defaultLeft[node] === 1 : b <= this.thresholdBin[node];
      node = goLeft ? this.left[node] : this.right[node];
    }
    return ~node;
  }

  /** The tree as plain JSON. */
  toJSON(): GbdtTreeJSON {
    return {
      feature: Array.from(this.feature),
      threshold: encodeNumbers(this.threshold),
      defaultLeft: Array.from(this.defaultLeft),
      left: Array.from(this.left),
      right: Array.from(this.right),
      gain: Array.from(this.gain),
      leafValue: Array.from(this.leafValue),
    };
  }

  /**
   * Rebuilds a tree and checks that it is one: feature indices in range, thresholds not NaN,
   * finite leaf values, every node and leaf reached exactly once from the root, children after parents.
   *
   * @param where - names the tree in error messages, e.g. `trees[12]`.
   * @throws ModelFormatError naming the field and index that is wrong.
   */
  static fromJSON(json: unknown, numFeatures: number, where: string): GbdtTree {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new ModelFormatError(`${where} must be an object`);
    }
    const o = json as Record<string, unknown>;
    const ints = (name: string, lo: number, hi: number): Int32Array => {
      const a = o[name];
      if (!Array.isArray(a)) throw new ModelFormatError(`${where}.${name} must be an array`);
      const out = new Int32Array(a.length);
      for (let i = 0; i < a.length; i++) {
        const v = a[i];
        if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
          throw new ModelFormatError(
            `${where}.${name}[${i}] must be an integer in [${lo}, ${hi}], got ${JSON.stringify(v)}`,
          );
        }
        out[i] = v;
      }
      return out;
    };
    const feature = ints('feature', 0, numFeatures - 1);
    const m = feature.length;
    const threshold = decodeNumbers(o.threshold, `${where}.threshold`);
    const defaultLeft = Uint8Array.from(ints('defaultLeft', 0, 1));
    const left = ints('left', -(m + 1), m - 1);
    const right = ints('right', -(m + 1), m - 1);
    const gain = decodeNumbers(o.gain, `${where}.gain`);
    const leafValue = decodeNumbers(o.leafValue, `${where}.leafValue`);
    for (const [name, len] of [
      ['threshold', threshold.length],
      ['defaultLeft', defaultLeft.length],
      ['left', left.length],
      ['right', right.length],
      ['gain', gain.length],
    ] as const) {
      if (len !== m) throw new ModelFormatError(`${where}.${name} has ${len} entries, expected ${m} (one per node)`);
    }
    if (leafValue.length !== m + 1) {
      throw new ModelFormatError(`${where}.leafValue has ${leafValue.length} entries, expected ${m + 1} (nodes + 1)`);
    }
    for (let i = 0; i < m; i++) {
      if (Number.isNaN(threshold[i])) throw new ModelFormatError(`${where}.threshold[${i}] is NaN`);
      if (!Number.isFinite(gain[i])) throw new ModelFormatError(`${where}.gain[${i}] is not finite`);
    }
    for (let l = 0; l <= m; l++) {
      if (!Number.isFinite(leafValue[l])) throw new ModelFormatError(`${where}.leafValue[${l}] is not finite`);
    }
    const nodeSeen = new Uint8Array(m);
    const leafSeen = new Uint8Array(m + 1);
    if (m > 0) nodeSeen[0] = 1;
    for (let i = 0; i < m; i++) {
      for (const [side, c] of [
        ['left', left[i]],
        ['right', right[i]],
      ] as const) {
        if (c >= 0) {
          if (c <= i) throw new ModelFormatError(`${where}.${side}[${i}] = ${c} points back to an earlier node`);
          if (nodeSeen[c]) throw new ModelFormatError(`${where}: node ${c} has two parents`);
          nodeSeen[c] = 1;
        } else {
          if (leafSeen[~c]) throw new ModelFormatError(`${where}: leaf ${~c} has two parents`);
          leafSeen[~c] = 1;
        }
      }
    }
    if (m > 0) {
      for (let l = 0; l <= m; l++) if (!leafSeen[l]) throw new ModelFormatError(`${where}: leaf ${l} is unreachable`);
    }
    return new GbdtTree(feature, threshold, new Int32Array(m).fill(-1), defaultLeft, left, right, gain, leafValue);
  }
}
