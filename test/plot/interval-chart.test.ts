import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { intervalChart, InvalidArgumentError } from '../../lib/index.js';

/** An assert.throws matcher: an InvalidArgumentError with exactly this message. */
const refused = (message: string) => (e: unknown) => e instanceof InvalidArgumentError && e.message === message;

describe('intervalChart interval ends', () => {
  it('refuses an infinite end, naming the series, the point and the end', () => {
    // Before: the point was drawn without whiskers, as if its estimate were exact.
    const points = [
      { label: 'A', estimate: 0.7, low: 0.6, high: 0.8 },
      { label: 'B', estimate: 0.5, low: -Infinity, high: 0.6 },
    ];
    assert.throws(
      () => intervalChart([{ name: 'reproduced', points }]),
      refused(
        "intervalChart: 'reproduced' point 1 ('B'): low is -Infinity; an interval end must be finite " +
          '(omit both ends or give NaN for a point without interval)',
      ),
    );
    assert.throws(
      () => intervalChart([{ name: 's', points: [{ label: 'x', estimate: 0.5, high: Infinity }] }]),
      refused(
        "intervalChart: 's' point 0 ('x'): high is Infinity; an interval end must be finite " +
          '(omit both ends or give NaN for a point without interval)',
      ),
    );
  });

  it('refuses an infinite estimate, naming the series and the point', () => {
    // Before: the point was left out as if its estimate were NaN (no point), without a word.
    for (const estimate of [Infinity, -Infinity]) {
      assert.throws(
        () => intervalChart([{ name: 's', points: [{ label: 'x', estimate }] }]),
        refused(
          `intervalChart: 's' point 0 ('x'): the estimate is ${estimate}; it must be finite (NaN for a label without a point)`,
        ),
      );
    }
  });

  it('still draws a point without interval for omitted or NaN ends, and leaves out a point without estimate', () => {
    const fig = intervalChart([
      {
        name: 's',
        points: [
          { label: 'a', estimate: 0.5 },
          { label: 'b', estimate: 0.6, low: NaN, high: NaN },
          { label: 'c', estimate: 0.7, low: 0.65, high: NaN },
          { label: 'd', estimate: NaN, low: -Infinity, high: Infinity },
          { label: 'e', estimate: 0.4, low: 0.3, high: 0.45 },
        ],
      },
    ]);
    const t = fig.data[0] as unknown as { x: number[]; error_x: { array: number[]; arrayminus: number[] } };
    assert.deepEqual(t.x, [0.5, 0.6, 0.7, 0.4]);
    assert.deepEqual(
      t.error_x.array.map((v) => Math.round(v * 100) / 100),
      [0, 0, 0, 0.05],
    );
    assert.deepEqual(
      t.error_x.arrayminus.map((v) => Math.round(v * 100) / 100),
      [0, 0, 0, 0.1],
    );
  });
});
