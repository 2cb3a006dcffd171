import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Rng,
  evaluateSyntheticFlags,
  generateSynthetic,
  sampleGamma,
  sizeFlags,
  type ArticleSizeFlag,
  type SizeFlagOptions,
} from '../../lib/index.js';
import { tinyDataset, type TinyRow } from './advice-fixtures.js';

const synthetic = generateSynthetic({ seed: 1, customers: 3000, articles: 300, purchases: 60000 });

test('flags recover the synthetic articles with true offsets ±1 (precision >= 0.85, recall >= 0.9)', () => {
  const flags = sizeFlags(synthetic.dataset, { seed: 3 });
  assert.equal(flags.length, new Set(synthetic.truth.rows.article).size);
  const ev = evaluateSyntheticFlags(flags, synthetic.truth);
  assert.equal(ev.positives, synthetic.truth.articles.filter((a) => Math.abs(a.offset) >= 1).length);
  assert.ok(ev.positives >= 30, `positives ${ev.positives}`);
  assert.ok(ev.precision >= 0.85, `precision ${ev.precision}`);
  assert.ok(ev.recall >= 0.9, `recall ${ev.recall}`);
  // Articles that are true to size (offset 0) are rarely flagged.
  const byId = new Map(synthetic.truth.articles.map((a) => [a.itemId, a]));
  const neutral = flags.filter((f) => byId.get(f.item)!.offset === 0);
  const wrong = neutral.filter((f) => f.flag !== 'true-to-size').length / neutral.length;
  assert.ok(wrong < 0.2, `flagged neutral share ${wrong}`);
});

test('the evidence: counts, shrunken posterior and the interval excluding the category baseline', () => {
  const rows = [];
  // Category "dress": 3 articles; a1 runs small (8 small of 10), a2 and a3 mostly fit.
  for (let k = 0; k < 10; k++)
    rows.push({ user: `u${k}`, item: 'a1', size: 8, fit: k < 8 ? 'small' : 'fit', category: 'dress' });
  for (let k = 0; k < 20; k++)
    rows.push({
      user: `v${k}`,
      item: 'a2',
      size: 8,
      fit: k < 2 ? 'small' : k < 4 ? 'large' : 'fit',
      category: 'dress',
    });
  for (let k = 0; k < 20; k++)
    rows.push({ user: `w${k}`, item: 'a3', size: 8, fit: k < 1 ? 'small' : 'fit', category: 'dress' });
  rows.push({ user: 'x', item: 'a4', size: 8, fit: 'small', category: 'dress' });
  const data = tinyDataset(rows);
  const flags = sizeFlags(data, { priorStrength: 10, interval: 'normal', baseline: 'pooled' });
  const [a1, a2, a3, a4] = flags;
  // a1's prior leaves a1 out: the other articles' 41 sales (4 small, 35 fit, 2 large), mixed with one pseudo-sale at
  // their overall rates ((4 + 1) / 44, (35 + 1) / 44, (2 + 1) / 44). With 4 labelled articles (< 5) the reference
  // is the dataset, here the same single category.
  const over = [5 / 44, 36 / 44, 3 / 44];
  const prior = [4, 35, 2].map((c, k) => (c + over[k]) / 42);
  assert.ok(Math.abs(a1.categoryRates.small - prior[0]) < 1e-12);
  assert.deepEqual(a1.counts, { small: 8, fit: 2, large: 0 });
  assert.ok(Math.abs(a1.posterior.small - (10 * prior[0] + 8) / 20) < 1e-12);
  assert.ok(Math.abs(a1.tendency - ((10 * prior[0] + 8) / 20 - (10 * prior[2]) / 20)) < 1e-12);
  // The pooled baseline is the tendency of those other sales: the prior's.
  assert.ok(Math.abs(a1.baseline - (prior[0] - prior[2])) < 1e-12);
  assert.equal(a1.baselineScope, 'dataset');
  assert.equal(a1.flag, 'runs-small');
  assert.ok(a1.interval[0] > a1.baseline);
  assert.equal(a2.flag, 'true-to-size');
  assert.equal(a3.flag, 'true-to-size');
  // One sale is shrunk to the category: no flag.
  assert.equal(a4.flag, 'true-to-size');
  assert.ok(a4.posterior.small < 0.5 && a4.posterior.small > a4.categoryRates.small);
  // a4's prior: the other 50 sales (11 small, 37 fit, 2 large).
  assert.ok(Math.abs(a4.categoryRates.small - (11 + 12 / 53) / 51) < 1e-12);
  // The Monte Carlo interval agrees with the normal approximation to ~0.03 here.
  const mc = sizeFlags(data, { priorStrength: 10, draws: 20000, seed: 1, baseline: 'pooled' });
  assert.ok(Math.abs(mc[1].interval[0] - a2.interval[0]) < 0.03 && Math.abs(mc[1].interval[1] - a2.interval[1]) < 0.03);
  assert.ok(Math.abs(mc[0].probabilityAbove - a1.probabilityAbove) < 0.02);
  // minSales withholds flags on thin articles.
  assert.equal(sizeFlags(data, { minSales: 11, interval: 'normal' })[0].flag, 'true-to-size');
  assert.throws(() => sizeFlags(data, { level: 1 }), /level/);
});

test('Gamma draws have mean and variance equal to the shape (shapes 0.4, 1, 7.5)', () => {
  const rng = new Rng(5);
  for (const a of [0.4, 1, 7.5]) {
    const n = 40000;
    let s = 0;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const g = sampleGamma(rng, a);
      s += g;
      ss += g * g;
    }
    const mean = s / n;
    const variance = ss / n - mean * mean;
    assert.ok(Math.abs(mean - a) < 4 * Math.sqrt(a / n), `shape ${a}: mean ${mean}`);
    assert.ok(Math.abs(variance - a) < 0.06 * a + 0.02, `shape ${a}: variance ${variance}`);
  }
  assert.throws(() => sampleGamma(rng, 0), /shape/);
});

/** Rows of one article: `small`, `fit` and `large` labelled sales (and `unlabelled` rows without a label). */
function sales(item: string, category: string, [small, fit, large]: number[], unlabelled = 0): TinyRow[] {
  const labels = [
    ...Array<string>(small).fill('small'),
    ...Array<string>(fit).fill('fit'),
    ...Array<string>(large).fill('large'),
    ...Array<null>(unlabelled).fill(null),
  ];
  return labels.map((fit, k) => ({ user: `${item}-${k}`, item, size: 8, fit, category }));
}

test('an article is compared with its category without it, and never flagged against its own reports', () => {
  // Two articles of one category: the one that runs small must not make the true-to-size one "run large".
  const gowns = tinyDataset([...sales('G1', 'gown', [40, 0, 0]), ...sales('G2', 'gown', [0, 40, 0])]);
  for (const interval of ['monte-carlo', 'normal'] as const) {
    const [g1, g2] = sizeFlags(gowns, { interval });
    assert.equal(g1.flag, 'runs-small', interval);
    assert.equal(g2.flag, 'true-to-size', interval);
    // G1's baseline is G2 alone: its 40 fit sales with one pseudo-sale at their rates (1/43, 41/43, 1/43).
    assert.ok(Math.abs(g1.baseline) < 1e-12, `${interval}: ${g1.baseline}`);
  }
  // Coats run large (6 articles with 10 fit and 10 large each); X leans large too (1 small, 3 large) but less than
  // its siblings. Capes mirror them: they run small and Y leans small. Relative to its category X would "run small"
  // and Y "run large"; advising a size up for X or down for Y contradicts their own reports, so neither is flagged.
  const rows: TinyRow[] = [];
  for (let k = 0; k < 6; k++)
    rows.push(...sales(`coat${k}`, 'coat', [0, 10, 10]), ...sales(`cape${k}`, 'cape', [10, 10, 0]));
  rows.push(...sales('X', 'coat', [1, 21, 3]), ...sales('Y', 'cape', [3, 21, 1]));
  const data = tinyDataset(rows);
  for (const baseline of ['median', 'pooled'] as const)
    for (const interval of ['monte-carlo', 'normal'] as const) {
      const flags = sizeFlags(data, { baseline, interval });
      const x = flags.find((f) => f.item === 'X')!;
      const y = flags.find((f) => f.item === 'Y')!;
      assert.equal(x.flag, 'true-to-size', `${baseline} ${interval}`);
      assert.equal(y.flag, 'true-to-size', `${baseline} ${interval}`);
      // The intervals do exclude the baselines: the article's own reports are what hold the flags back.
      assert.ok(x.interval[0] > x.baseline && y.interval[1] < y.baseline, `${baseline} ${interval}`);
      assert.equal(x.baselineScope, 'category');
    }
  // X's median baseline by hand: without X the coats have 0 small, 60 fit and 60 large sales, and the dataset
  // 63, 141 and 61 (capes and Y included); the coats' prior tendency, with one pseudo-sale at the dataset's rates
  // (each count + 1, over 268), is tau; each other coat's posterior tendency is (10·tau + 0 - 10) / (10 + 20), and so
  // is their median.
  const overall = [63, 141, 61].map((c) => (c + 1) / 268);
  const tau = (0 + overall[0] - (60 + overall[2])) / (120 + 1);
  const x = sizeFlags(data, { interval: 'normal' }).find((f) => f.item === 'X')!;
  assert.ok(Math.abs(x.baseline - (10 * tau - 10) / 30) < 1e-12, `${x.baseline}`);
  // The median is over the other four articles only (with S among them it would be B3's tendency): B1 to B4 have
  // 40 sales each, small - large = -4, -2, 0, 2, and 3 small, 150 fit, 7 large together.
  const five = tinyDataset([
    ...sales('S', 'shirt', [20, 20, 0]),
    ...sales('B1', 'shirt', [0, 36, 4]),
    ...sales('B2', 'shirt', [0, 38, 2]),
    ...sales('B3', 'shirt', [1, 38, 1]),
    ...sales('B4', 'shirt', [2, 38, 0]),
  ]);
  // Drowned in its prior (the other articles), an article is no evidence against them: nothing is flagged.
  for (const strong of [sizeFlags(five, { priorStrength: 1e6 }), sizeFlags(data, { priorStrength: 1e6 })])
    assert.deepEqual(
      strong.filter((f) => f.flag !== 'true-to-size').map((f) => f.item),
      [],
    );
  const s = sizeFlags(five, { interval: 'normal' })[0];
  const tauS = (3 + 4 / 163 - (7 + 8 / 163)) / 161;
  const other = (diff: number): number => (10 * tauS + diff) / 50;
  assert.equal(s.baselineScope, 'category');
  assert.ok(Math.abs(s.baseline - (other(-2) + other(0)) / 2) < 1e-12, `${s.baseline}`);
  assert.equal(s.flag, 'runs-small');
});

test('a category with fewer than minCategoryArticles labelled articles is compared with all other articles', () => {
  const rows: TinyRow[] = [];
  for (let k = 0; k < 10; k++) rows.push(...sales(`d${k}`, 'dress', [3, 24, 3]));
  rows.push(...sales('LONE', 'gown', [100, 0, 0]), ...sales('ONE', 'cape', [1, 0, 0]));
  const data = tinyDataset(rows);
  for (const baseline of ['median', 'pooled'] as const) {
    const flags = sizeFlags(data, { baseline, interval: 'normal' });
    const lone = flags.find((f) => f.item === 'LONE')!;
    const one = flags.find((f) => f.item === 'ONE')!;
    // LONE alone in its category would be its own baseline; against the other 301 sales it runs small.
    assert.equal(lone.baselineScope, 'dataset');
    assert.equal(lone.flag, 'runs-small', baseline);
    const overall = [32, 241, 31].map((c) => c / 304); // (other sales + 1) / (301 + 3)
    assert.ok(Math.abs(lone.baseline - (31 + overall[0] - (30 + overall[2])) / 302) < 1e-12, `${lone.baseline}`);
    // Its prior is the rates of all other articles, not its own sales: its baseline is the prior's tendency.
    assert.ok(Math.abs(lone.categoryRates.small - (31 + overall[0]) / 302) < 1e-12);
    assert.ok(Math.abs(lone.categoryRates.large - (30 + overall[2]) / 302) < 1e-12);
    // One sale in a category of its own: shrunk to the rates of the other 400 sales (130 small), not flagged.
    assert.equal(one.flag, 'true-to-size');
    assert.ok(Math.abs(one.posterior.small - (10 * ((130 + 131 / 403) / 401) + 1) / 11) < 1e-12);
    assert.ok(flags.filter((f) => f.item.startsWith('d')).every((f) => f.baselineScope === 'category'));
  }
  const wide = sizeFlags(data, { minCategoryArticles: 11, interval: 'normal' });
  assert.ok(wide.every((f) => f.baselineScope === 'dataset'));
});

test('the median baseline equals its definition, computed directly, on large categories with repeated counts', () => {
  // 'dress': 1,500 articles, most with one of 12 count triples (so a judged article shares its counts with others),
  // some with many sales (their prior moves the most when left out); 'top': 40 articles with random counts; a few
  // unlabelled articles in both (judged against all labelled ones); 'cape' is small and takes the dataset scope.
  const rng = new Rng(11);
  const pick = (k: number): number => Math.floor(rng.next() * k);
  const common = Array.from({ length: 12 }, () => [pick(4), 1 + pick(8), pick(4)]);
  const rows: TinyRow[] = [];
  for (let k = 0; k < 1500; k++) {
    const counts = k % 10 === 9 ? [pick(60), pick(300), pick(60)] : common[pick(common.length)];
    rows.push(...sales(`d${k}`, 'dress', counts, k % 100 === 0 ? 1 : 0));
  }
  for (let k = 0; k < 40; k++) rows.push(...sales(`t${k}`, 'top', [pick(6), pick(20), pick(6)], k % 13 === 0 ? 2 : 0));
  rows.push(
    ...sales('unsold', 'dress', [0, 0, 0], 3),
    ...sales('c1', 'cape', [5, 2, 0]),
    ...sales('c2', 'cape', [0, 3, 1]),
  );
  const data = tinyDataset(rows);
  for (const priorStrength of [1e-6, 0.5, 10, 1e4]) {
    const flags = sizeFlags(data, { priorStrength, interval: 'normal' });
    const sold = (f: ArticleSizeFlag): number => f.counts.small + f.counts.fit + f.counts.large;
    let checked = 0;
    for (const f of flags) {
      if (f.baselineScope === 'dataset') continue;
      const tau = f.categoryRates.small - f.categoryRates.large;
      const others = flags
        .filter((o) => o !== f && o.category === f.category && sold(o) > 0)
        .map((o) => (priorStrength * tau + o.counts.small - o.counts.large) / (priorStrength + sold(o)))
        .sort((a, b) => a - b);
      const k = others.length >> 1;
      const median = others.length % 2 === 1 ? others[k] : (others[k - 1] + others[k]) / 2;
      assert.ok(Math.abs(f.baseline - median) < 1e-12, `${priorStrength} ${f.item}: ${f.baseline} vs ${median}`);
      checked++;
    }
    assert.equal(checked, 1500 + 40 + 1);
  }
});

test('a small category is compared with the dataset, and its flags must exclude a tendency of 0 too', () => {
  // Four dresses (fewer than minCategoryArticles) beside 20 tops that run large (20 large, 20 fit each): the dresses
  // take the dataset scope, whose baseline the tops pull to about -0.44. NEAR (5 small, 30 fit, 4 large) is as good as
  // balanced: its interval lies above that baseline but holds 0, so it is not flagged runs-small. FAR (5 small, 30 fit,
  // 14 large) lies below 0, on the side of its reports, but not below the baseline: not flagged either, a flag needs
  // both. The same in the mirror image (tops that run small). A dress that clearly runs small still is flagged.
  const build = (tops: number[], dresses: [string, number[]][], options: SizeFlagOptions = {}): ArticleSizeFlag[] => {
    const rows: TinyRow[] = [];
    for (let k = 0; k < 20; k++) rows.push(...sales(`top${k}`, 'top', tops));
    for (const [item, counts] of dresses) rows.push(...sales(item, 'dress', counts));
    return sizeFlags(tinyDataset(rows), options);
  };
  const plain: [string, number[]][] = [
    ['D1', [0, 40, 0]],
    ['D2', [0, 40, 0]],
  ];
  for (const [tops, near, far] of [
    [
      [0, 20, 20],
      [5, 30, 4],
      [5, 30, 14],
    ],
    [
      [20, 20, 0],
      [4, 30, 5],
      [14, 30, 5],
    ],
  ])
    for (const interval of ['monte-carlo', 'normal'] as const)
      for (const baseline of ['median', 'pooled'] as const) {
        const flags = build(tops, [...plain, ['NEAR', near], ['FAR', far]], { interval, baseline });
        const at = (item: string): ArticleSizeFlag => flags.find((f) => f.item === item)!;
        const where = `tops ${tops.join('/')}, ${interval}, ${baseline}`;
        const [n, f] = [at('NEAR'), at('FAR')];
        assert.equal(n.baselineScope, 'dataset', where);
        assert.ok(Math.abs(n.baseline) > 0.3, `${where}: baseline ${n.baseline}`);
        // The baseline alone would flag both, in the direction of their own reports.
        const away = (x: ArticleSizeFlag): boolean =>
          n.baseline < 0 ? x.interval[0] > x.baseline : x.interval[1] < x.baseline;
        assert.ok(away(n) && away(f), where);
        assert.ok(n.interval[0] < 0 && n.interval[1] > 0, `${where}: NEAR ${n.interval.join(', ')}`);
        assert.ok(n.baseline < 0 ? f.interval[1] < 0 : f.interval[0] > 0, `${where}: FAR ${f.interval.join(', ')}`);
        assert.equal(n.flag, 'true-to-size', where);
        assert.equal(f.flag, 'true-to-size', where);
      }
  // Against a dataset that runs large, a dress that runs small clearly is flagged.
  const clear = build([0, 20, 20], [...plain, ['SMALL', [20, 20, 2]]]).find((f) => f.item === 'SMALL')!;
  assert.equal(clear.flag, 'runs-small');
  assert.ok(clear.interval[0] > 0);
  // In the category scope the baseline alone decides, as before: a fifth dress makes NEAR's category its reference.
  const five = build([0, 20, 20], [...plain, ['D3', [0, 40, 0]], ['D4', [1, 38, 1]], ['NEAR', [5, 30, 4]]]);
  assert.equal(five.find((f) => f.item === 'NEAR')!.baselineScope, 'category');
});

test('with no other labelled article there is no reference: baseline NaN, never flagged', () => {
  // One article with 30 small reports: alone, it was flagged runs-small against a uniform prior.
  for (const interval of ['monte-carlo', 'normal'] as const) {
    const [alone] = sizeFlags(tinyDataset(sales('A', 'dress', [30, 0, 0])), { interval });
    assert.equal(alone.flag, 'true-to-size', interval);
    assert.ok(Number.isNaN(alone.baseline) && Number.isNaN(alone.probabilityAbove), interval);
    assert.equal(alone.baselineScope, 'dataset');
    assert.deepEqual(alone.categoryRates, { small: 1 / 3, fit: 1 / 3, large: 1 / 3 });
    assert.ok(alone.interval[0] > 0.4, `${interval}: ${alone.interval.join(', ')}`);
    // Unlabelled articles beside it do not make a reference; it is one for them.
    const flags = sizeFlags(
      tinyDataset([
        ...sales('A', 'dress', [30, 0, 0]),
        ...sales('U', 'dress', [0, 0, 0], 4),
        ...sales('V', 'top', [0, 0, 0], 2),
      ]),
      { interval },
    );
    assert.ok(Number.isNaN(flags[0].baseline) && flags[0].flag === 'true-to-size', interval);
    for (const u of flags.slice(1))
      assert.ok(Math.abs(u.baseline - (30 + 30 / 33) / 31) < 1e-12, `${interval} ${u.item}`);
  }
  // Nothing labelled at all: nothing to compare with either.
  const [unsold] = sizeFlags(tinyDataset(sales('U', 'dress', [0, 0, 0], 3)));
  assert.ok(Number.isNaN(unsold.baseline) && unsold.flag === 'true-to-size');
  // Two labelled articles are each other's reference.
  const pair = sizeFlags(tinyDataset([...sales('A', 'dress', [30, 0, 0]), ...sales('B', 'dress', [0, 30, 0])]));
  assert.equal(pair[0].flag, 'runs-small');
  assert.ok(Math.abs(pair[0].baseline) < 1e-12);
});

test('every option is checked: the error names the option and the value', () => {
  const data = tinyDataset([...sales('a', 'dress', [2, 5, 1]), ...sales('b', 'dress', [1, 6, 1])]);
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ baseline: 'mean' }, /baseline must be 'median' or 'pooled', got 'mean'/],
    [{ minSales: NaN }, /minSales must be an integer >= 0, got NaN/],
    [{ minSales: -1 }, /minSales must be an integer >= 0, got -1/],
    [{ priorStrength: Infinity }, /priorStrength must be a number in \[0\.000001, 1000000\], got Infinity/],
    [{ priorStrength: 0 }, /priorStrength .*got 0$/],
    [{ priorStrength: NaN }, /priorStrength .*got NaN$/],
    [{ minCategoryArticles: 1 }, /minCategoryArticles must be an integer >= 2, got 1/],
    [{ draws: 1e8 }, /draws must be an integer in \[10, 10000000\], got 100000000/],
    [{ interval: 'exact' }, /interval must be 'monte-carlo' or 'normal', got 'exact'/],
    [{ level: 1 }, /level must be in \(0, 1\), got 1/],
    [{ seed: 1.5 }, /seed must be a safe integer, got 1\.5/],
    [{ columns: { category: 'kind' } }, /has no category column 'kind' \(option columns\.category\)/],
  ];
  for (const [options, message] of cases)
    assert.throws(() => sizeFlags(data, options as SizeFlagOptions), { name: 'InvalidArgumentError', message });
});

test('intervals stay within [-1, 1] and are defined for an unsold article at the smallest priorStrength', () => {
  // A category whose articles are all reported small: the normal approximation reaches past 1 unless clamped.
  const rows: TinyRow[] = [];
  for (let k = 0; k < 5; k++) rows.push(...sales(`s${k}`, 'dress', [100, 0, 0]));
  for (const f of sizeFlags(tinyDataset(rows), { interval: 'normal' })) {
    assert.ok(f.interval[0] >= -1 && f.interval[1] <= 1, `${f.item}: ${f.interval.join(', ')}`);
    assert.ok(f.tendency + 1.96 * 1e-3 > 1, `${f.tendency}: the test would not reach past 1`);
  }
  // An article without labelled sales: with priorStrength 1e-6 its gamma draws underflow unless drawn in logs.
  const unsold = tinyDataset([
    ...sales('X', 'dress', [1, 3, 0]),
    ...sales('Y', 'dress', [0, 3, 1]),
    ...sales('Z', 'dress', [0, 0, 0], 2),
  ]);
  for (const priorStrength of [1e-6, 1e-3, 1])
    for (const interval of ['monte-carlo', 'normal'] as const) {
      const z = sizeFlags(unsold, { priorStrength, interval }).find((f) => f.item === 'Z')!;
      const where = `priorStrength ${priorStrength}, ${interval}`;
      assert.ok(z.interval.every(Number.isFinite) && Number.isFinite(z.probabilityAbove), where);
      assert.ok(z.interval[0] >= -1 && z.interval[0] < z.interval[1] && z.interval[1] <= 1, where);
      assert.equal(z.flag, 'true-to-size', where);
      // The posterior is (nearly) the prior, whose tendency is 0 here (1 small, 1 large).
      assert.ok(Math.abs(z.tendency) < 1e-9, where);
    }
});

test("an article's draws are its own: the same intervals whatever the order of the rows", () => {
  const rows: TinyRow[] = [];
  for (let k = 0; k < 8; k++) rows.push(...sales(`a${k}`, k < 5 ? 'dress' : 'top', [k, 12, 7 - k]));
  const data = tinyDataset(rows);
  const reversed = data.take(Int32Array.from({ length: data.length }, (_, i) => data.length - 1 - i));
  const forward = sizeFlags(data, { seed: 4, draws: 500 });
  const backward = new Map(sizeFlags(reversed, { seed: 4, draws: 500 }).map((f) => [f.item, f]));
  assert.equal(backward.size, 8);
  for (const f of forward) {
    assert.deepEqual(backward.get(f.item)!.interval, f.interval, f.item);
    assert.equal(backward.get(f.item)!.probabilityAbove, f.probabilityAbove, f.item);
  }
  // A different seed gives different draws.
  assert.notDeepEqual(sizeFlags(data, { seed: 5, draws: 500 })[0].interval, forward[0].interval);
});

test("an article's category is its most common one, a tie going to the first name in string order, whatever the rows' order", () => {
  const rows: TinyRow[] = [];
  // Category "bb" runs small, "aa" large, 6 articles each; "x" has as many sales in "bb" as in "aa" (listed first).
  for (let k = 0; k < 6; k++) rows.push(...sales(`b${k}`, 'bb', [4, 6, 0]), ...sales(`a${k}`, 'aa', [0, 6, 4]));
  const x = [...sales('x', 'bb', [3, 0, 0]), ...sales('x', 'aa', [3, 0, 0])];
  const orders = [
    [...x, ...rows],
    [...[...x].reverse(), ...rows],
    [...rows, ...x],
  ];
  const results = orders.map((r) => sizeFlags(tinyDataset(r), { interval: 'normal' }).find((f) => f.item === 'x')!);
  for (const f of results) {
    assert.equal(f.category, 'aa');
    assert.deepEqual(f, results[0]);
  }
  // Without a tie the most common category wins, whichever name sorts first.
  const more = sizeFlags(tinyDataset([...sales('x', 'bb', [2, 0, 0]), ...x, ...rows]), { interval: 'normal' });
  assert.equal(more.find((f) => f.item === 'x')!.category, 'bb');
});

test('recall counts every truly-off article of the truth, flagged, unflagged or missing from the flags', () => {
  const off = synthetic.truth.articles.filter((a) => Math.abs(a.offset) >= 1);
  // Drop every sale of five truly-off articles: they cannot be flagged, and recall must count them as missed.
  const dropped = new Set(off.slice(0, 5).map((a) => a.index));
  const keep = [...synthetic.truth.rows.article.keys()].filter((i) => !dropped.has(synthetic.truth.rows.article[i]));
  const flags = sizeFlags(synthetic.dataset.take(keep), { interval: 'normal' });
  assert.equal(flags.length, 300 - 5);
  const ev = evaluateSyntheticFlags(flags, synthetic.truth);
  assert.equal(ev.positives, off.length);
  const byId = new Map(flags.map((f) => [f.item, f.flag]));
  const found = off.filter((a) => byId.get(a.itemId) === (a.offset > 0 ? 'runs-small' : 'runs-large')).length;
  assert.ok(Math.abs(ev.recall - found / off.length) < 1e-12, `${ev.recall}`);
  assert.ok(ev.recall <= (off.length - 5) / off.length);
  // Passing only the flagged articles scores the same.
  assert.deepEqual(
    evaluateSyntheticFlags(
      flags.filter((f) => f.flag !== 'true-to-size'),
      synthetic.truth,
    ),
    ev,
  );
  assert.throws(() => evaluateSyntheticFlags(flags, synthetic.truth, 0), /minOffset must be a finite number > 0/);
});
