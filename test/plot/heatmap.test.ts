import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { heatmap, InvalidArgumentError } from '../../lib/index.js';

const z = [
  [1, 2],
  [3, 4],
];

/** An assert.throws matcher: an InvalidArgumentError with exactly this message. */
const refused = (message: string) => (e: unknown) => e instanceof InvalidArgumentError && e.message === message;

describe('heatmap colour range', () => {
  it('refuses a zmin above zmax, naming both', () => {
    // Before: plotly ignored both (scaling to the data) while the written values' colours came from the negative span.
    assert.throws(
      () => heatmap(z, { zmin: 3, zmax: 1, annotate: true }),
      refused('heatmap: zmin 3 is above zmax 1; zmin must be <= zmax'),
    );
  });

  it('refuses a zmin above the largest value, or a zmax below the smallest, when the other end is left out', () => {
    assert.throws(
      () => heatmap(z, { zmin: 5 }),
      refused('heatmap: zmin 5 is above zmax 4 (the largest value; zmax not given); zmin must be <= zmax'),
    );
    assert.throws(
      () => heatmap(z, { zmax: -1 }),
      refused('heatmap: zmin 1 (the smallest value; zmin not given) is above zmax -1; zmin must be <= zmax'),
    );
    assert.throws(
      () => heatmap([[NaN]], { zmin: 2 }),
      refused('heatmap: zmin 2 is above zmax 1 (the default without values; zmax not given); zmin must be <= zmax'),
    );
  });

  it('still refuses a NaN or infinite end', () => {
    for (const [key, v] of [
      ['zmin', NaN],
      ['zmax', -Infinity],
    ] as const) {
      assert.throws(() => heatmap(z, { [key]: v }), refused(`heatmap: ${key} must be finite; got ${v}`));
    }
  });

  it('draws a range with zmin <= zmax as given, and a constant matrix as before', () => {
    for (const [zmin, zmax] of [
      [0, 10],
      [2, 2],
      [-1, 4],
    ]) {
      const t = heatmap(z, { zmin, zmax }).data[0] as Record<string, unknown>;
      assert.deepEqual([t.zmin, t.zmax], [zmin, zmax]);
    }
    const one = heatmap(z, { zmin: 4 }).data[0] as Record<string, unknown>;
    assert.deepEqual([one.zmin, one.zmax], [4, 4]);
    const flat = heatmap([[7, 7]], { annotate: true });
    assert.deepEqual(
      [(flat.data[0] as Record<string, unknown>).zmin, (flat.data[0] as Record<string, unknown>).zmax],
      [7, 7],
    );
    assert.equal((flat.layout.annotations as unknown[]).length, 2);
  });
});
