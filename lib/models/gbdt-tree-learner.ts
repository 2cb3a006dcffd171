import type { GbdtBins } from './gbdt-binning.js';
import { buildHistogram, buildRootHistograms3, histogramOffsets, subtractHistogram } from './gbdt-histogram.js';
import { emptySplit, findBestSplit, type SplitCandidate, type SplitConstraints } from './gbdt-split.js';
import { GbdtTree } from './gbdt-tree.js';

/** Settings of {@link GbdtTreeLearner}: the split constraints plus the tree's size limits. */
export interface TreeLearnerSettings extends SplitConstraints {
  numLeaves: number;
  /** -1 for no limit. */
  maxDepth: number;
  learningRate: number;
}

/**
 * Grows one regression tree leaf-wise on binned data (LightGBM: Ke et al. 2017, "LightGBM: A Highly
 * Efficient Gradient Boosting Decision Tree", NeurIPS): the leaf with the largest gain is split next,
 * until `numLeaves` leaves or no split gains. Each leaf that can still be split keeps a gradient
 * histogram; a split builds the histogram of the smaller child and gets the larger one by subtraction
 * from the parent. The rows of each leaf are a contiguous range of one Int32Array, partitioned in place
 * (stably, so rows stay in ascending order). Leaf values are the Newton step
 * `-G / (H + lambdaL2) * learningRate`.
 *
 * Buffers are allocated once per learner and reused for every tree; histograms on demand. A leaf that
 * can still be split has at least `2 * minDataInLeaf` rows, disjoint from the other such leaves' rows,
 * so a tree on `n` rows holds at most `min(numLeaves - 1, floor(n / (2 * minDataInLeaf)) + 1)`
 * histograms at once (one more than those leaves, for the smaller child of a split), however large
 * `numLeaves` is. A leaf that cannot be split gives its histogram back.
 */
export class GbdtTreeLearner {
  private readonly bins: GbdtBins;
  private readonly s: TreeLearnerSettings;
  private readonly offsets: Int32Array;
  /** Row indices; leaf `l` owns `rows[leafStart[l] .. leafStart[l] + leafCount[l])`. */
  readonly rows: Int32Array;
  private readonly tmp: Int32Array;
  /** Histograms allocated so far (`totalBins * 2` values each); grows on demand, see `acquireHistogram`. */
  private readonly pool: Float64Array[] = [];
  /** Indices into `pool` of the histograms no leaf holds. */
  private readonly freeHist: number[] = [];
  private readonly histSize: number;
  readonly leafStart: Int32Array;
  readonly leafCount: Int32Array;
  private readonly leafDepth: Int32Array;
  private readonly leafG: Float64Array;
  private readonly leafH: Float64Array;
  private readonly leafHist: Int32Array;
  private readonly leafParent: Int32Array;
  private readonly leafIsLeft: Uint8Array;
  private readonly best: SplitCandidate[];
  /** Precomputed root histograms per class (see `prepareRoots`), or empty. */
  private roots: Float64Array[] = [];
  private rootWork: Float64Array | undefined;
  /** Number of leaves of the last tree grown. */
  numLeaves = 0;

  constructor(bins: GbdtBins, settings: TreeLearnerSettings) {
    this.bins = bins;
    this.s = settings;
    this.offsets = histogramOffsets(bins.numBins);
    const n = bins.n;
    const L = settings.numLeaves;
    this.rows = new Int32Array(n);
    this.tmp = new Int32Array(n);
    this.histSize = this.offsets[bins.p] * 2;
    this.leafStart = new Int32Array(L);
    this.leafCount = new Int32Array(L);
    this.leafDepth = new Int32Array(L);
    this.leafG = new Float64Array(L);
    this.leafH = new Float64Array(L);
    this.leafHist = new Int32Array(L);
    this.leafParent = new Int32Array(L);
    this.leafIsLeft = new Uint8Array(L);
    this.best = Array.from({ length: L }, () => emptySplit());
  }

  /** Number of histograms this learner has allocated (the most any tree grown so far held at once). */
  get allocatedHistograms(): number {
    return this.pool.length;
  }

  /**
   * For a round of `k` class trees on the same rows: builds the `k` root histograms when a fused
   * kernel exists for `k` (k = 3) and returns true; `grow(..., rootClass)` then starts from them.
   * Returns false (nothing built) otherwise. The three are built in one pass over the rows, unless
   * each tree samples at most two thirds of the features (`classFeatures[c]`, the features tree `c`
   * will consider): then each is built over its tree's features only (the other bins would never be
   * read), which with half the features costs about a third less than the one pass (at 0.7 of the
   * features the two cost about the same, at 0.8 the one pass is faster). Either way each bin sums the
   * same rows in the same order, so the trees are the same.
   *
   * @param g - class-major gradients (`g[c * n + r]`), @param h - hessians, likewise.
   */
  prepareRoots(
    g: Float64Array,
    h: Float64Array,
    k: number,
    rowSet: Int32Array,
    rowCount: number,
    classFeatures?: readonly Int32Array[],
  ): boolean {
    if (k !== 3) return false;
    const { bins, offsets } = this;
    const size = offsets[bins.p] * 2;
    if (this.roots.length !== 3) this.roots = [new Float64Array(size), new Float64Array(size), new Float64Array(size)];
    if (classFeatures !== undefined && classFeatures.every((f) => 3 * f.length <= 2 * bins.p)) {
      const n = bins.n;
      for (let c = 0; c < 3; c++) {
        const gc = g.subarray(c * n, (c + 1) * n);
        const hc = h.subarray(c * n, (c + 1) * n);
        buildHistogram(bins.rowCodes, bins.p, offsets, classFeatures[c], rowSet, 0, rowCount, gc, hc, this.roots[c]);
      }
      return true;
    }
    this.rootWork ??= new Float64Array(size * 3);
    buildRootHistograms3(bins.rowCodes, bins.n, bins.p, offsets, rowSet, rowCount, g, h, this.rootWork, this.roots);
    return true;
  }

  /**
   * Grows a tree on the rows `rowSet[0 .. rowCount)` (ascending) with gradients `g` and hessians `h`
   * (indexed by row), considering only the features in `features`. With `rootClass >= 0` the root
   * histogram is the one `prepareRoots` built for that class (same rows). After the call, `rows`,
   * `leafStart`, `leafCount` and `numLeaves` describe which rows ended in which leaf.
   */
  grow(
    g: Float64Array,
    h: Float64Array,
    rowSet: Int32Array,
    rowCount: number,
    features: Int32Array,
    rootClass = -1,
  ): GbdtTree {
    const {
      bins,
      s,
      offsets,
      rows,
      leafStart,
      leafCount,
      leafDepth,
      leafG,
      leafH,
      leafHist,
      leafParent,
      leafIsLeft,
      best,
    } = this;
    const L = s.numLeaves;
    rows.set(rowSet.subarray(0, rowCount));
    const nodeFeature = new Int32Array(L - 1);
    const nodeThreshold = new Float64Array(L - 1);
    const nodeBin = new Int32Array(L - 1);
    const nodeDefaultLeft = new Uint8Array(L - 1);
    const nodeLeft = new Int32Array(L - 1);
    const nodeRight = new Int32Array(L - 1);
    const nodeGain = new Float64Array(L - 1);
    let numNodes = 0;

    // Root.
    let G = 0;
    let H = 0;
    for (let i = 0; i < rowCount; i++) {
      const r = rows[i];
      G += g[r];
      H += h[r];
    }
    leafStart[0] = 0;
    leafCount[0] = rowCount;
    leafDepth[0] = 0;
    leafG[0] = G;
    leafH[0] = H;
    leafParent[0] = -1;
    const freeHist = this.freeHist;
    freeHist.length = 0;
    for (let k = this.pool.length - 1; k >= 0; k--) freeHist.push(k);
    leafHist[0] = this.acquireHistogram();
    if (rootClass >= 0) this.pool[leafHist[0]].set(this.roots[rootClass]);
    else this.histogramOf(0, g, h, features);
    this.evaluate(0, features);
    this.releaseIfFinal(0);
    let numLeaves = 1;

    while (numLeaves < L) {
      let bestLeaf = -1;
      let bestGain = -Infinity;
      for (let l = 0; l < numLeaves; l++) {
        if (best[l].gain > bestGain) {
          bestGain = best[l].gain;
          bestLeaf = l;
        }
      }
      if (bestLeaf < 0) break;
      const sp = best[bestLeaf];
      const f = sp.feature;
      const node = numNodes++;
      nodeFeature[node] = f;
      nodeBin[node] = sp.bin;
      nodeThreshold[node] = bins.upper[f][sp.bin];
      nodeDefaultLeft[node] = sp.defaultLeft ? 1 : 0;
      nodeGain[node] = sp.gain;
      const parent = leafParent[bestLeaf];
      if (parent >= 0) {
        if (leafIsLeft[bestLeaf]) nodeLeft[parent] = node;
        else nodeRight[parent] = node;
      }
      // Left child keeps the leaf id; right child is a new leaf.
      const lId = bestLeaf;
      const rId = numLeaves++;
      nodeLeft[node] = ~lId;
      nodeRight[node] = ~rId;
      leafParent[lId] = node;
      leafIsLeft[lId] = 1;
      leafParent[rId] = node;
      leafIsLeft[rId] = 0;

      const start = leafStart[lId];
      const count = leafCount[lId];
      const nLeft = this.partition(start, count, f, sp.bin, sp.defaultLeft);
      const depth = leafDepth[lId] + 1;
      leafStart[rId] = start + nLeft;
      leafCount[rId] = count - nLeft;
      leafCount[lId] = nLeft;
      leafDepth[lId] = depth;
      leafDepth[rId] = depth;
      const pG = leafG[lId];
      const pH = leafH[lId];
      leafG[lId] = sp.leftG;
      leafH[lId] = sp.leftH;
      leafG[rId] = pG - sp.leftG;
      leafH[rId] = pH - sp.leftH;

      if (numLeaves === L) break; // the children will not be split: no histograms needed
      // Smaller child: build; larger child: parent minus smaller, written over the parent's buffer.
      const parentHist = leafHist[lId];
      const spare = this.acquireHistogram();
      const small = nLeft <= count - nLeft ? lId : rId;
      const large = small === lId ? rId : lId;
      leafHist[small] = spare;
      this.histogramOf(small, g, h, features);
      leafHist[large] = parentHist;
      subtractHistogram(this.pool[parentHist], this.pool[spare], this.pool[parentHist], offsets, features);
      this.evaluate(lId, features);
      this.evaluate(rId, features);
      this.releaseIfFinal(lId);
      this.releaseIfFinal(rId);
    }
    this.numLeaves = numLeaves;

    const leafValue = new Float64Array(numLeaves);
    for (let l = 0; l < numLeaves; l++) {
      // A leaf of zero-weight rows only (a bag can draw nothing else) has no hessian: no step, not 0/0.
      const d = leafH[l] + s.lambdaL2;
      leafValue[l] = d > 0 ? (-leafG[l] / d) * s.learningRate : 0;
    }
    return new GbdtTree(
      nodeFeature.slice(0, numNodes),
      nodeThreshold.slice(0, numNodes),
      nodeBin.slice(0, numNodes),
      nodeDefaultLeft.slice(0, numNodes),
      nodeLeft.slice(0, numNodes),
      nodeRight.slice(0, numNodes),
      nodeGain.slice(0, numNodes),
      leafValue,
    );
  }

  /** A histogram no leaf holds (its contents are stale): a free one, else a new one. */
  private acquireHistogram(): number {
    const free = this.freeHist.pop();
    if (free !== undefined) return free;
    this.pool.push(new Float64Array(this.histSize));
    return this.pool.length - 1;
  }

  /**
   * Frees the histogram of a leaf that will never be split (no split meets the constraints): the loop
   * picks only leaves of finite gain, so the histogram would not be read again.
   */
  private releaseIfFinal(leaf: number): void {
    if (this.best[leaf].gain === -Infinity) this.freeHist.push(this.leafHist[leaf]);
  }

  private histogramOf(leaf: number, g: Float64Array, h: Float64Array, features: Int32Array): void {
    buildHistogram(
      this.bins.rowCodes,
      this.bins.p,
      this.offsets,
      features,
      this.rows,
      this.leafStart[leaf],
      this.leafCount[leaf],
      g,
      h,
      this.pool[this.leafHist[leaf]],
    );
  }

  private evaluate(leaf: number, features: Int32Array): void {
    const s = this.s;
    const out = this.best[leaf];
    const count = this.leafCount[leaf];
    if ((s.maxDepth > 0 && this.leafDepth[leaf] >= s.maxDepth) || count < 2 * s.minDataInLeaf) {
      out.gain = -Infinity;
      return;
    }
    findBestSplit(
      this.pool[this.leafHist[leaf]],
      this.offsets,
      this.bins.numBins,
      features,
      this.leafG[leaf],
      this.leafH[leaf],
      count,
      s,
      out,
    );
  }

  /** Stable in-place partition of a leaf's rows; returns the number that go left. */
  private partition(start: number, count: number, f: number, bin: number, defaultLeft: boolean): number {
    const { rows, tmp } = this;
    const codes = this.bins.codes;
    const base = f * this.bins.n;
    const nanBin = this.bins.numBins[f];
    const end = start + count;
    let w = start;
    let t = 0;
    for (let i = start; i < end; i++) {
      const r = rows[i];
      const b = codes[base + r];
      if (b === nanBin ? defaultLeft : b <= bin) rows[w++] = r;
      else tmp[t++] = r;
    }
    rows.set(tmp.subarray(0, t), w);
    return w - start;
  }
}
