// The maxExamples option: a non-negative integer or Infinity; anything else is refused, naming the option.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FitRecordParser, InvalidArgumentError, LoadReportBuilder, parseFitData } from '../../lib/index.js';

// 50 labelled records, each with one out-of-range age: 50 problems.
const text = Array.from({ length: 50 }, (_, i) =>
  JSON.stringify({ fit: 'fit', user_id: `u${i}`, item_id: 'i', age: '300' }),
).join('\n');

const refused = (e: unknown): boolean =>
  e instanceof InvalidArgumentError && /maxExamples must be a non-negative integer or Infinity/.test(e.message);

test('maxExamples that is not a non-negative integer or Infinity is refused, naming the option', () => {
  // Before: NaN kept every example (unbounded), -1 kept none, 2.5 kept 2.
  for (const bad of [NaN, -1, 2.5, -Infinity, '3' as unknown as number]) {
    assert.throws(() => parseFitData(text, { maxExamples: bad }), refused, String(bad));
    assert.throws(() => new FitRecordParser('x', { maxExamples: bad }), refused, String(bad));
    assert.throws(() => new LoadReportBuilder('x', false, bad), refused, String(bad));
  }
});

test('maxExamples 0, an integer or Infinity caps the examples; the default keeps 20', () => {
  const kept = (maxExamples?: number): number => {
    const { report } = parseFitData(text, maxExamples === undefined ? {} : { maxExamples });
    assert.equal(report.problems, 50);
    return report.examples.length;
  };
  assert.equal(kept(0), 0);
  assert.equal(kept(3), 3);
  assert.equal(kept(Infinity), 50);
  assert.equal(kept(), 20);
});
