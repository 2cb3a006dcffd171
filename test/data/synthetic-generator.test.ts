import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FIT_CLASSES,
  InvalidArgumentError,
  SYNTHETIC_LIMITS,
  SYNTHETIC_SIZE_SYSTEMS,
  commonSizeNumber,
  generateSynthetic,
  syntheticSizeSystem,
  toRentTheRunwayLines,
  trueSizeIn,
  type SyntheticResult,
} from '../../lib/index.js';

const big: SyntheticResult = generateSynthetic({ seed: 7, customers: 4000, articles: 800, purchases: 24000 });
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

test('same seed gives byte-identical data, a different seed different data', () => {
  const opts = { seed: 42, customers: 200, articles: 50, purchases: 900 };
  const a = generateSynthetic(opts);
  const b = generateSynthetic({ ...opts });
  const c = generateSynthetic({ ...opts, seed: 43 });
  assert.equal(toRentTheRunwayLines(a.dataset), toRentTheRunwayLines(b.dataset));
  assert.deepEqual(a.dataset.toRecords(), b.dataset.toRecords());
  assert.deepEqual(a.truth, b.truth);
  assert.equal(a.dataset.meta.sha256, b.dataset.meta.sha256);
  assert.notEqual(toRentTheRunwayLines(a.dataset), toRentTheRunwayLines(c.dataset));
  assert.notEqual(a.dataset.meta.sha256, c.dataset.meta.sha256);
  assert.match(a.dataset.meta.sha256, /^[0-9a-f]{64}$/);
  assert.deepEqual(
    { name: a.dataset.meta.name, source: a.dataset.meta.source, format: a.dataset.meta.format },
    { name: 'synthetic', source: 'generated', format: 'sizefit-synthetic' },
  );
});

test('canonical columns, categories and value ranges', () => {
  const d = big.dataset;
  assert.equal(d.length, 24000);
  assert.deepEqual(d.columnNames, [
    'user_id',
    'item_id',
    'fit',
    'size',
    'category',
    'height_cm',
    'weight_kg',
    'bust_band',
    'cup',
    'age',
    'rating',
    'review_date',
    'body_type',
    'rented_for',
    'brand',
    'size_system',
    'size_label',
    'returned',
    'return_reason',
  ]);
  assert.deepEqual(d.categories('fit').categories, [...FIT_CLASSES]);
  assert.deepEqual(d.categories('return_reason').categories, ['too_small', 'too_big', 'other']);
  assert.equal(new Set(d.categories('user_id').codes).size, 4000, 'every account buys at least once');
  const size = d.numbers('size');
  const rating = d.numbers('rating');
  const date = d.numbers('review_date');
  const returned = d.numbers('returned');
  const reason = d.categories('return_reason').codes;
  const sys = d.categories('size_system');
  const label = d.categories('size_label');
  for (let i = 0; i < d.length; i++) {
    assert.ok([2, 4, 6, 8, 10].includes(rating[i]), `rating ${rating[i]}`);
    assert.ok(date[i] >= Date.UTC(2012, 0, 1) / 864e5 && date[i] <= Date.UTC(2017, 11, 31) / 864e5);
    assert.ok(returned[i] === 0 || returned[i] === 1);
    assert.equal(reason[i] >= 0, returned[i] === 1, `row ${i}: a reason exactly when returned`);
    // size, size_system and size_label agree.
    const system = syntheticSizeSystem(sys.categories[sys.codes[i]] as 'us-numeric');
    const k = system.labels.indexOf(label.categories[label.codes[i]]);
    assert.ok(k >= 0, `row ${i}: label not of its system`);
    assert.equal(size[i], commonSizeNumber(system, k));
    assert.equal(k, big.truth.rows.sizeIndex[i]);
  }
  const band = d.numbers('bust_band');
  const cup = d.numbers('cup');
  for (let i = 0; i < d.length; i++) {
    if (Number.isNaN(band[i])) continue;
    assert.ok(band[i] % 2 === 0 && band[i] >= 28 && band[i] <= 44);
    assert.ok(cup[i] >= 1 && cup[i] <= 4);
  }
});

test('true size from body: a hand-computed case and the common size scale', () => {
  const body = { bust: 90, waist: 72, hips: 98 }; // each 10 cm = 4 fine steps above US 0
  assert.equal(trueSizeIn(syntheticSizeSystem('us-numeric'), body), 4); // US 8
  assert.equal(trueSizeIn(syntheticSizeSystem('eu-numeric'), body), 3); // EU 38
  assert.equal(trueSizeIn(syntheticSizeSystem('letter'), body), 1.5); // between S and M
  assert.equal(commonSizeNumber(syntheticSizeSystem('us-numeric'), 4), 8);
  assert.equal(commonSizeNumber(syntheticSizeSystem('eu-numeric'), 3), 8);
  assert.equal(commonSizeNumber(syntheticSizeSystem('letter'), 2), 10); // M
  assert.deepEqual(
    SYNTHETIC_SIZE_SYSTEMS.map((s) => s.name),
    ['us-numeric', 'eu-numeric', 'letter'],
  );
});

test('bodies follow the multivariate normal: means and correlations', () => {
  const ps = big.truth.persons;
  const col = (f: (p: (typeof ps)[number]) => number): number[] => ps.map(f);
  const mean = (x: number[]): number => x.reduce((s, v) => s + v, 0) / x.length;
  const corr = (x: number[], y: number[]): number => {
    const mx = mean(x);
    const my = mean(y);
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) ** 2;
      syy += (y[i] - my) ** 2;
    }
    return sxy / Math.sqrt(sxx * syy);
  };
  const h = col((p) => p.body.heightCm);
  const w = col((p) => p.body.weightKg);
  const waist = col((p) => p.body.waistCm);
  assert.ok(Math.abs(mean(h) - 165.5) < 0.5, `height mean ${mean(h)}`);
  assert.ok(Math.abs(mean(w) - 62) < 0.6, `weight mean ${mean(w)}`);
  assert.ok(Math.abs(corr(w, waist) - 0.85) < 0.03, `corr(weight, waist) ${corr(w, waist)}`);
  assert.ok(Math.abs(corr(h, w) - 0.45) < 0.05, `corr(height, weight) ${corr(h, w)}`);
});

test('fit feedback follows the ordinal-logistic model of the margin', () => {
  const fit = big.dataset.categories('fit').codes;
  const m = big.truth.rows.margin;
  const t = big.options.fitTolerance;
  const s = big.options.feedbackNoise;
  // Rows that are too small by more than half a size vs rows at least their size.
  const rate = (keep: (x: number) => boolean, cls: number): { obs: number; exp: number; n: number } => {
    let n = 0;
    let obs = 0;
    let exp = 0;
    for (let i = 0; i < m.length; i++) {
      if (!keep(m[i])) continue;
      n++;
      obs += fit[i] === cls ? 1 : 0;
      exp += cls === 0 ? sigmoid((-t - m[i]) / s) : sigmoid((m[i] - t) / s);
    }
    return { obs: obs / n, exp: exp / n, n };
  };
  const under = rate((x) => x < -0.5, 0);
  const over = rate((x) => x >= 0, 0);
  assert.ok(under.obs > 0.5 && over.obs < 0.02, `small rate ${under.obs} when too small, ${over.obs} otherwise`);
  // Observed rates match the model's probabilities within 4 binomial standard errors.
  for (const [r, name] of [
    [rate((x) => x < -0.5 && x > -1, 0), 'small | margin in (-1, -0.5)'],
    [rate((x) => x > 0.5 && x < 1, 2), 'large | margin in (0.5, 1)'],
  ] as const) {
    const se = Math.sqrt((r.exp * (1 - r.exp)) / r.n);
    assert.ok(r.n > 500 && Math.abs(r.obs - r.exp) < 4 * se, `${name}: ${r.obs} vs ${r.exp} (n ${r.n})`);
  }
  // Overall rates close to RentTheRunway's (fit 74%, small 13%, large 13%).
  const counts = [0, 0, 0];
  for (const c of fit) counts[c]++;
  assert.ok(counts[1] / fit.length > 0.62 && counts[1] / fit.length < 0.78, `fit share ${counts[1] / fit.length}`);
});

test('articles that run small (+1) get more small feedback than true-to-size ones', () => {
  const fit = big.dataset.categories('fit').codes;
  const small: Record<number, [number, number]> = {};
  for (let i = 0; i < fit.length; i++) {
    const off = big.truth.articles[big.truth.rows.article[i]].offset;
    small[off] ??= [0, 0];
    small[off][0] += fit[i] === 0 ? 1 : 0;
    small[off][1]++;
  }
  const r = (off: number): number => small[off][0] / small[off][1];
  assert.ok(small[1][1] > 300 && small[0][1] > 300);
  assert.ok(r(1) > 3 * r(0), `small rate offset +1: ${r(1)}, offset 0: ${r(0)}`);
  assert.ok(r(0) > r(-1), `small rate offset 0: ${r(0)}, offset -1: ${r(-1)}`);
  const offsets = new Set(big.truth.brands.map((b) => b.offset));
  assert.deepEqual([...offsets].sort(), [-0.5, -1, 0, 0.5, 1].sort());
});

test('returns follow fit feedback', () => {
  const fit = big.dataset.categories('fit').codes;
  const reason = big.dataset.categories('return_reason').codes;
  const returned = big.dataset.numbers('returned');
  let tooSmall = 0;
  let tooSmallAndSmall = 0;
  let smallRows = 0;
  let smallReturned = 0;
  let fitRows = 0;
  let fitReturned = 0;
  for (let i = 0; i < fit.length; i++) {
    if (reason[i] === 0) {
      tooSmall++;
      tooSmallAndSmall += fit[i] === 0 ? 1 : 0;
    }
    if (fit[i] === 0) {
      smallRows++;
      smallReturned += returned[i];
    }
    if (fit[i] === 1) {
      fitRows++;
      fitReturned += returned[i];
    }
  }
  assert.equal(tooSmallAndSmall, tooSmall, 'too_small is only given for small feedback');
  assert.ok(smallReturned / smallRows > 0.78 && smallReturned / smallRows < 0.86, `${smallReturned / smallRows}`);
  assert.ok(fitReturned / fitRows < 0.15, `fitting units returned: ${fitReturned / fitRows}`);
});

test('bracketing orders hold two adjacent sizes of one article, one of them returned', () => {
  const { order, sizeIndex, article, person } = big.truth.rows;
  const returned = big.dataset.numbers('returned');
  const date = big.dataset.numbers('review_date');
  let orders = 0;
  let bracketed = 0;
  for (let i = 0; i < order.length; i++) {
    if (i > 0 && order[i] === order[i - 1]) {
      bracketed++;
      assert.equal(sizeIndex[i] - sizeIndex[i - 1], 1);
      assert.equal(article[i], article[i - 1]);
      assert.equal(person[i], person[i - 1]);
      assert.equal(date[i], date[i - 1]);
      assert.ok(returned[i] + returned[i - 1] >= 1);
    } else orders++;
  }
  assert.ok(Math.abs(bracketed / orders - 0.08) < 0.01, `bracketing share ${bracketed / orders}`);
});

test('multi-person accounts: the share asked for, two different bodies, truth names the buyer', () => {
  const { persons, rows } = big.truth;
  const users = big.dataset.categories('user_id');
  const byAccount = new Map<string, number[]>();
  for (const p of persons) byAccount.set(p.userId, [...(byAccount.get(p.userId) ?? []), p.index]);
  const shared = [...byAccount.values()].filter((ps) => ps.length === 2);
  assert.equal(byAccount.size, 4000);
  assert.equal(shared.length, 400);
  for (const [a, b] of shared) {
    assert.deepEqual([persons[a].role, persons[b].role], [0, 1]);
    assert.ok(Math.abs(persons[a].trueSize['us-numeric'] - persons[b].trueSize['us-numeric']) >= 1);
  }
  let secondRows = 0;
  let sharedRows = 0;
  for (let i = 0; i < rows.person.length; i++) {
    const p = persons[rows.person[i]];
    assert.equal(p.userId, users.categories[users.codes[i]]);
    if (byAccount.get(p.userId)!.length === 2) {
      sharedRows++;
      secondRows += p.role;
    }
  }
  assert.ok(Math.abs(secondRows / sharedRows - 0.45) < 0.05, `second person's share ${secondRows / sharedRows}`);
  const none = generateSynthetic({ seed: 7, customers: 300, articles: 40, multiPersonShare: 0 });
  assert.equal(none.truth.persons.length, 300);
});

test('missing-value rates are near the rates asked for', () => {
  const r = big.dataset.missingRates();
  assert.ok(Math.abs(r.bust_band - 0.1) < 0.002, `bust ${r.bust_band}`);
  assert.equal(r.cup, r.bust_band);
  assert.ok(Math.abs(r.weight_kg - 0.15) < 0.002, `weight ${r.weight_kg}`);
  assert.ok(Math.abs(r.body_type - 0.08) < 0.002, `body type ${r.body_type}`);
  for (const c of ['user_id', 'item_id', 'fit', 'size', 'category', 'rating', 'review_date', 'returned'])
    assert.equal(r[c], 0, c);
  const asked = generateSynthetic({
    seed: 3,
    customers: 3000,
    articles: 100,
    purchases: 6000,
    missing: { bust: 0.5, weight: 0, bodyType: 0, age: 0, height: 0 },
  }).dataset.missingRates();
  assert.ok(Math.abs(asked.bust_band - 0.5) < 0.002, `bust ${asked.bust_band}`);
  assert.equal(asked.weight_kg + asked.body_type + asked.age + asked.height_cm, 0);
  // Whole accounts are left empty: an account's rows are all missing or all present.
  const d = big.dataset;
  const users = d.categories('user_id').codes;
  const w = d.numbers('weight_kg');
  const state = new Map<number, boolean>();
  for (let i = 0; i < d.length; i++) {
    const miss = Number.isNaN(w[i]);
    assert.equal(state.get(users[i]) ?? miss, miss, `account ${users[i]} has weight missing on some rows only`);
    state.set(users[i], miss);
  }
});

test('invalid options throw InvalidArgumentError', () => {
  assert.throws(() => generateSynthetic({ seed: 1, customers: 0, articles: 5 }), InvalidArgumentError);
  assert.throws(() => generateSynthetic({ seed: 1, customers: 5, articles: 2.5 }), InvalidArgumentError);
  assert.throws(() => generateSynthetic({ seed: NaN, customers: 5, articles: 5 }), InvalidArgumentError);
  assert.throws(() => generateSynthetic({ seed: 1.5, customers: 5, articles: 5 }), /seed must be a safe integer/);
  assert.throws(
    () => generateSynthetic({ seed: 1, customers: 5, articles: 5, multiPersonShare: 1.5 }),
    /multiPersonShare must be in \[0, 1\]/,
  );
  assert.throws(
    () => generateSynthetic({ seed: 1, customers: 5, articles: 5, missing: { weight: -0.1 } }),
    InvalidArgumentError,
  );
});

test('counts over their limit are an InvalidArgumentError naming the option, the value and the limit', () => {
  // Before: purchases 1e10 was a RangeError 'Invalid typed array length' naming no option, and brands 2^40 aborted
  // the process (a fatal 'invalid size' error of the JavaScript engine).
  const cases: [Record<string, number>, RegExp][] = [
    [{ purchases: 1e10 }, /^purchases is 10000000000, more than the generator's limit of 100,000,000$/],
    [{ purchases: 2 ** 53 }, /^purchases is 9007199254740992, more than the generator's limit of 100,000,000$/],
    [{ brands: 2 ** 40 }, /^brands is 1099511627776, more than the generator's limit of 1,000,000$/],
    [{ customers: 1_000_001 }, /^customers is 1000001, more than the generator's limit of 1,000,000$/],
    [{ articles: 1e9 }, /^articles is 1000000000, more than the generator's limit of 1,000,000$/],
  ];
  for (const [over, re] of cases) {
    assert.throws(
      () => generateSynthetic({ seed: 0, customers: 1, articles: 1, ...over }),
      (e: unknown) => e instanceof InvalidArgumentError && re.test(e.message),
      re.source,
    );
  }
  assert.deepEqual(
    { ...SYNTHETIC_LIMITS },
    { customers: 1_000_000, articles: 1_000_000, purchases: 100_000_000, brands: 1_000_000 },
  );
  // At the limit is allowed (brands cost little: a name and an offset each).
  const atLimit = generateSynthetic({
    seed: 0,
    customers: 1,
    articles: 1,
    purchases: 1,
    brands: SYNTHETIC_LIMITS.brands,
  });
  assert.equal(atLimit.truth.brands.length, 1_000_000);
});

test('an option of the wrong type is shown with its type', () => {
  // Before: customers '5' read "customers must be an integer >= 1, got 5".
  const opts = { seed: 1, customers: '5', articles: 5 } as unknown as Parameters<typeof generateSynthetic>[0];
  assert.throws(
    () => generateSynthetic(opts),
    (e: unknown) =>
      e instanceof InvalidArgumentError && e.message === 'customers must be an integer >= 1, got "5" (string)',
  );
  // A share given as text was compared as a number ('0.5' >= 0) and taken.
  assert.throws(
    () => generateSynthetic({ seed: 1, customers: 5, articles: 5, bracketShare: '0.5' as unknown as number }),
    (e: unknown) =>
      e instanceof InvalidArgumentError && e.message === 'bracketShare must be in [0, 1], got "0.5" (string)',
  );
  assert.throws(
    () => generateSynthetic({ seed: '1' as unknown as number, customers: 5, articles: 5 }),
    /^InvalidArgumentError: seed must be a safe integer, got "1" \(string\)$/,
  );
});

test('brand offsets: the documented shares rounded to whole brands by largest remainders', () => {
  const offsets = (brands: number): Record<string, number> => {
    const r = generateSynthetic({ seed: 3, customers: 5, articles: 5, purchases: 5, brands });
    const counts: Record<string, number> = {};
    for (const b of r.truth.brands) counts[b.offset] = (counts[b.offset] ?? 0) + 1;
    return counts;
  };
  // Quotas per class (+1, -1, +0.5, -0.5, 0) are 0.1, 0.1, 0.1, 0.1, 0.6 of the brands: whole parts first, the rest
  // to the largest fractional parts, ties to the larger share (true to size), then in that order.
  assert.deepEqual(offsets(1), { 0: 1 });
  assert.deepEqual(offsets(2), { 0: 2 });
  assert.deepEqual(offsets(3), { 0: 2, 1: 1 });
  assert.deepEqual(offsets(4), { 0: 3, 1: 1 });
  assert.deepEqual(offsets(5), { 0: 3, 1: 1, '-1': 1 });
  assert.deepEqual(offsets(6), { 0: 4, 1: 1, '-1': 1 });
  assert.deepEqual(offsets(8), { 0: 5, 1: 1, '-1': 1, 0.5: 1 });
  assert.deepEqual(offsets(15), { 0: 9, 1: 2, '-1': 2, 0.5: 1, '-0.5': 1 });
  assert.deepEqual(offsets(20), { 0: 12, 1: 2, '-1': 2, 0.5: 2, '-0.5': 2 });
  // Every count is its quota rounded down or up.
  for (let brands = 1; brands <= 40; brands++) {
    const counts = offsets(brands);
    for (const [offset, tenths] of [
      [1, 1],
      [-1, 1],
      [0.5, 1],
      [-0.5, 1],
      [0, 6],
    ]) {
      const quota = (tenths * brands) / 10;
      const c = counts[offset] ?? 0;
      assert.ok(c >= Math.floor(quota) && c <= Math.ceil(quota), `${brands} brands: ${c} at ${offset}, quota ${quota}`);
    }
  }
  // The case a review found: 5 brands (50 articles) were one of each class, 80% off-size instead of 40%.
  const five = generateSynthetic({ seed: 3, customers: 5000, articles: 50 }).truth.brands.map((b) => b.offset);
  assert.deepEqual(
    five.sort((a, b) => a - b),
    [-1, 0, 0, 0, 1],
  );
});

test('more customers than 6-digit ids get longer ids instead of a generator that never ends', () => {
  // Before: 900,001 customers looped for ever drawing from the 900,000 six-digit ids.
  const big = generateSynthetic({ seed: 1, customers: 900_001, articles: 2, purchases: 5 });
  assert.equal(big.dataset.length, 5);
  for (let r = 0; r < 5; r++) assert.match(String(big.dataset.value('user_id', r)), /^[1-9]\d{6}$/);
  // sizes that worked keep their 6-digit ids
  assert.match(
    String(generateSynthetic({ seed: 1, customers: 50, articles: 5 }).dataset.value('user_id', 0)),
    /^[1-9]\d{5}$/,
  );
});

test('the fingerprint changes exactly for the options whose brands are now laid out differently', () => {
  // Fingerprints (meta.sha256) that lib 53abbd7 wrote for { seed: 1, customers: 200, articles: 60, brands }, before
  // brand shares were apportioned by largest remainder. 1, 2, 10, 20 and 30 brands are laid out as before (same rows,
  // so the same fingerprint); 5, 7 and 15 brands are not, so theirs must differ from the old one.
  const before: [brands: number, sha256: string, sameRows: boolean][] = [
    [1, 'bccf7405507c', true],
    [2, 'a8641be7f8eb', true],
    [5, 'd89e19179bae', false],
    [7, '79f1f7a70f6a', false],
    [10, 'ac54fa59fdf3', true],
    [15, '9cfc91977645', false],
    [20, '732cc525bbd2', true],
    [30, 'db0219ca7c74', true],
  ];
  for (const [brands, sha, sameRows] of before) {
    const { dataset } = generateSynthetic({ seed: 1, customers: 200, articles: 60, brands });
    assert.equal(dataset.meta.sha256.startsWith(sha), sameRows, `${brands} brands`);
  }
});
