import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError, SizeError, adviseSizes, parseSize, type SizeAdviceRequest } from '../../lib/index.js';
import { StubFitModel, tinyDataset } from './advice-fixtures.js';

const history = tinyDataset([
  { user: 'u1', item: 'a', size: 6, fit: 'fit' },
  { user: 'u2', item: 'b', size: 8, fit: 'fit' },
]);
const model = new StubFitModel(() => [0.3, 0.4, 0.3]);
const fine: SizeAdviceRequest = { customer: 'u1', item: 'a', sizes: [6] };

/** Throws of adviseSizes([fine, bad]): a SizeError of `system` whose message is `request 1: ` + `rest`. */
function sizeErrorOfRequest1(bad: SizeAdviceRequest, system: string, rest: RegExp): void {
  assert.throws(
    () => adviseSizes(model, history, [fine, bad]),
    (e: unknown) => {
      assert.ok(e instanceof SizeError, String(e));
      assert.equal(e.system, system);
      assert.equal(e.code, 'SIZE_ERROR');
      assert.ok(e.message.startsWith('request 1: '), e.message);
      assert.match(e.message.slice('request 1: '.length), rest);
      return true;
    },
  );
}

test('a SizeError of a request names the request and keeps its class and fields', () => {
  // Before: the same SizeErrors without "request 1: ", though the TSDoc says every error names its request.
  const base = { customer: 'u1', item: 'a', sizes: [1, 2] };
  sizeErrorOfRequest1({ ...base, labels: ['M', 'XXL5'], sizeSystem: 'letter' }, 'letter', /^'XXL5' is not a size/);
  sizeErrorOfRequest1({ ...base, labels: ['M', 'L'], sizeSystem: 'nope' }, 'nope', /^unknown size system 'nope'/);
  sizeErrorOfRequest1(
    { ...base, labels: ['48', '50'], sizeSystem: 'men-eu', profileSize: parseSize('38', 'women-eu') },
    'men-eu',
    /^no conversion from women-eu to men-eu/,
  );
});

test('options.gender is checked up front, also when no profile is used', () => {
  // Before: accepted unless a profile conversion ran, and then refused in the words of convertSize.
  for (const gender of ['x', 'Women', null, 1]) {
    const options = { gender } as unknown as { gender: 'women' };
    assert.throws(
      () => adviseSizes(model, history, [fine], options),
      (e: unknown) => e instanceof InvalidArgumentError && /^gender must be 'women' or 'men', got /.test(e.message),
    );
  }
  assert.equal(adviseSizes(model, history, [fine], { gender: 'men' }).length, 1);
});

test('labels that are not strings are refused naming the request and the label', () => {
  // Before: labels [1, 2] without a sizeSystem were taken, and the number 1 became the advice's label.
  const bad = (labels: unknown[], extra = {}): SizeAdviceRequest =>
    ({ customer: 'u1', item: 'a', sizes: [1, 2], labels, ...extra }) as unknown as SizeAdviceRequest;
  assert.throws(
    () => adviseSizes(model, history, [fine, bad([1, 2])]),
    (e: unknown) => e instanceof InvalidArgumentError && e.message === 'request 1: label 0 must be a string, got 1',
  );
  assert.throws(
    () => adviseSizes(model, history, [bad(['M', null], { sizeSystem: 'letter' })]),
    (e: unknown) =>
      e instanceof InvalidArgumentError && /^request 0: label 1 must be a string, got null/.test(e.message),
  );
  assert.throws(() => adviseSizes(model, history, [bad([, 'M'])]), /^InvalidArgumentError: request 0: label 0 must be/);
  // Strings are still taken as they were.
  const ok = adviseSizes(model, history, [{ customer: 'u1', item: 'a', sizes: [1, 2], labels: ['S', 'M'] }]);
  assert.equal(ok.length, 1);
});
