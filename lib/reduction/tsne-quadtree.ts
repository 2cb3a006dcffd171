/**
 * A point-region quadtree over a 2-D layout for the Barnes-Hut approximation of t-SNE's repulsive
 * forces (van der Maaten 2014, "Accelerating t-SNE using Tree-Based Algorithms", JMLR 15, section 4.2).
 * Internal to lib/reduction: nodes live in typed arrays that are reused from one build to the next.
 */
export class TSNEQuadTree {
  /** Deepest level: cells below width / 2^40 keep their points in one leaf (near-duplicates). */
  private static readonly MAX_DEPTH = 40;
  private cap = 0;
  private count = 0;
  private cx: Float64Array = new Float64Array(0);
  private cy: Float64Array = new Float64Array(0);
  private hw: Float64Array = new Float64Array(0);
  private mass: Float64Array = new Float64Array(0);
  /** Sums of the coordinates while building, then the centre of mass. */
  private sx: Float64Array = new Float64Array(0);
  private sy: Float64Array = new Float64Array(0);
  /** First of the four children, or -1 for a leaf. */
  private child: Int32Array = new Int32Array(0);
  /** A leaf's first point (-1 when empty); further points of the leaf follow through `next`. */
  private head: Int32Array = new Int32Array(0);
  private depth: Int32Array = new Int32Array(0);
  private next: Int32Array = new Int32Array(0);
  private stack: Int32Array = new Int32Array(0);

  /** Rebuilds the tree over the n points of Y (row-major n x 2). */
  build(Y: Float64Array, n: number): void {
    if (this.next.length < n) this.next = new Int32Array(n);
    if (this.cap === 0) this.grow(Math.max(64, 4 * n));
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = Y[2 * i];
      const y = Y[2 * i + 1];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    const half = Math.max(maxX - minX, maxY - minY, 1e-12) / 2 + 1e-9;
    this.count = 0;
    this.newNode((minX + maxX) / 2, (minY + maxY) / 2, half, 0);
    for (let i = 0; i < n; i++) this.insert(Y, i);
    for (let k = 0; k < this.count; k++) {
      const m = this.mass[k];
      if (m > 0) {
        this.sx[k] /= m;
        this.sy[k] /= m;
      }
    }
  }

  /**
   * Barnes-Hut repulsion on point i: adds sum_j w_ij^2 (y_i - y_j) to rep[2i], rep[2i + 1], where a
   * cell of width w at squared distance D from y_i stands for its points at their centre of mass when
   * w / sqrt(D) < theta and y_i lies outside the cell (leaves are summed point by point, skipping i).
   * @returns the point's share of the normaliser, sum_j w_ij with w_ij = 1 / (1 + |y_i - y_j|^2).
   */
  repulsion(Y: Float64Array, i: number, theta: number, rep: Float64Array): number {
    const xi = Y[2 * i];
    const yi = Y[2 * i + 1];
    const theta2 = theta * theta;
    const { mass, child, head, next, cx, cy, hw, sx, sy, stack } = this;
    let z = 0;
    let rx = 0;
    let ry = 0;
    let top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const node = stack[--top];
      const m = mass[node];
      const c = child[node];
      if (c < 0) {
        for (let j = head[node]; j >= 0; j = next[j]) {
          if (j === i) continue;
          const dx = xi - Y[2 * j];
          const dy = yi - Y[2 * j + 1];
          const w = 1 / (1 + dx * dx + dy * dy);
          z += w;
          const w2 = w * w;
          rx += w2 * dx;
          ry += w2 * dy;
        }
        continue;
      }
      // sx, sy hold the centre of mass once the tree is built.
      const dx = xi - sx[node];
      const dy = yi - sy[node];
      const d2 = dx * dx + dy * dy;
      const h = hw[node];
      const ox = xi - cx[node];
      const oy = yi - cy[node];
      if (4 * h * h < theta2 * d2 && (ox > h || ox < -h || oy > h || oy < -h)) {
        const w = 1 / (1 + d2);
        const mw = m * w;
        z += mw;
        rx += mw * w * dx;
        ry += mw * w * dy;
      } else {
        if (mass[c] > 0) stack[top++] = c;
        if (mass[c + 1] > 0) stack[top++] = c + 1;
        if (mass[c + 2] > 0) stack[top++] = c + 2;
        if (mass[c + 3] > 0) stack[top++] = c + 3;
      }
    }
    rep[2 * i] += rx;
    rep[2 * i + 1] += ry;
    return z;
  }

  /** The points in depth-first leaf order (nearby points next to each other), into `out` (length n). */
  order(out: Int32Array): void {
    const stack = this.stack;
    let top = 0;
    let w = 0;
    stack[top++] = 0;
    while (top > 0) {
      const node = stack[--top];
      const c = this.child[node];
      if (c < 0) {
        for (let j = this.head[node]; j >= 0; j = this.next[j]) out[w++] = j;
      } else {
        for (let q = 3; q >= 0; q--) if (this.mass[c + q] > 0) stack[top++] = c + q;
      }
    }
  }

  private insert(Y: Float64Array, i: number): void {
    const x = Y[2 * i];
    const y = Y[2 * i + 1];
    let node = 0;
    for (;;) {
      const wasEmpty = this.mass[node] === 0;
      this.mass[node] += 1;
      this.sx[node] += x;
      this.sy[node] += y;
      if (this.child[node] < 0) {
        if (wasEmpty) {
          this.head[node] = i;
          this.next[i] = -1;
          return;
        }
        if (this.depth[node] >= TSNEQuadTree.MAX_DEPTH) {
          this.next[i] = this.head[node];
          this.head[node] = i;
          return;
        }
        // Split: the leaf's point moves to its quadrant; i goes on down.
        const q = this.head[node];
        this.head[node] = -1;
        const c = this.split(node);
        const cq = c + this.quadrant(node, Y[2 * q], Y[2 * q + 1]);
        this.mass[cq] = 1;
        this.sx[cq] = Y[2 * q];
        this.sy[cq] = Y[2 * q + 1];
        this.head[cq] = q;
        this.next[q] = -1;
      }
      node = this.child[node] + this.quadrant(node, x, y);
    }
  }

  private quadrant(node: number, x: number, y: number): number {
    return (x > this.cx[node] ? 1 : 0) + (y > this.cy[node] ? 2 : 0);
  }

  private split(node: number): number {
    if (this.count + 4 > this.cap) this.grow(2 * this.cap);
    const h = this.hw[node] / 2;
    const d = this.depth[node] + 1;
    const first = this.count;
    for (let q = 0; q < 4; q++) {
      this.newNode(this.cx[node] + (q & 1 ? h : -h), this.cy[node] + (q & 2 ? h : -h), h, d);
    }
    this.child[node] = first;
    return first;
  }

  private newNode(x: number, y: number, h: number, d: number): void {
    const k = this.count++;
    this.cx[k] = x;
    this.cy[k] = y;
    this.hw[k] = h;
    this.mass[k] = 0;
    this.sx[k] = 0;
    this.sy[k] = 0;
    this.child[k] = -1;
    this.head[k] = -1;
    this.depth[k] = d;
  }

  private grow(cap: number): void {
    const f64 = (a: Float64Array): Float64Array => {
      const b = new Float64Array(cap);
      b.set(a.subarray(0, Math.min(a.length, cap)));
      return b;
    };
    const i32 = (a: Int32Array): Int32Array => {
      const b = new Int32Array(cap);
      b.set(a.subarray(0, Math.min(a.length, cap)));
      return b;
    };
    this.cx = f64(this.cx);
    this.cy = f64(this.cy);
    this.hw = f64(this.hw);
    this.mass = f64(this.mass);
    this.sx = f64(this.sx);
    this.sy = f64(this.sy);
    this.child = i32(this.child);
    this.head = i32(this.head);
    this.depth = i32(this.depth);
    // Depth-first traversal keeps at most 3 siblings per level on the stack, plus the 4 just pushed.
    this.stack = new Int32Array(Math.max(this.stack.length, 3 * (TSNEQuadTree.MAX_DEPTH + 2) + 8));
    this.cap = cap;
  }
}
