// `sizefit recommend` through runCli (exit codes and messages as the binary gives them), on a model trained on the sample.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { countingOpens } from '../counting-opens.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADVICE_HISTORY_FILE, AdviceHistory, loadDataset } from '../../lib/index.js';
import { runInProcess as sizefit } from './run-in-process.js';
import { commands } from '../../lib/cli/commands.js';
import { recommendCommand } from '../../lib/cli/recommend-command.js';

const tmp = mkdtempSync(join(tmpdir(), 'sizefit-recommend-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const dir = join(tmp, 'model');

interface RecommendJSON {
  customerSeen: boolean;
  articleSeen: boolean;
  sizes: { size: number; label: string; small: number | null; fit: number | null; large: number | null }[];
  recommended: { size: number; label: string } | null;
  source: string;
  confidence: number | null;
  fitSpread: number | null;
  noAdvice: string | null;
  reason: string;
}

const trained = sizefit('train', '--dataset', 'sample', '--model', 'logistic', '--seed', '1', '--out', dir);

test('recommend --json: per-size probabilities sum to 1 and the advice is one of the article sizes', async () => {
  assert.ok(commands.includes(recommendCommand));
  assert.equal((await trained).code, 0, (await trained).err);
  const { dataset } = await loadDataset('sample');
  const h = new AdviceHistory(dataset);
  // A customer with several purchases and an article with several sizes.
  const user = h.customers().find((c) => h.customerRows(c).length >= 3)!;
  const item = h.articles().find((a) => h.articleSizes(a).length >= 4)!;
  const r = await sizefit('recommend', '--model', dir, '--user', user, '--item', item, '--json', '--min-fit', '0');
  assert.equal(r.code, 0, r.err);
  const a = JSON.parse(r.out) as RecommendJSON;
  assert.equal(a.customerSeen, true);
  assert.equal(a.articleSeen, true);
  assert.deepEqual(
    a.sizes.map((s) => s.size),
    h.articleSizes(item),
  );
  assert.deepEqual(
    a.sizes.map((s) => s.label),
    h.articleSizeLabels(item),
  );
  for (const s of a.sizes) {
    assert.ok(Math.abs(s.small! + s.fit! + s.large! - 1) < 1e-9, JSON.stringify(s));
  }
  assert.notEqual(a.recommended, null, a.reason);
  assert.ok(h.articleSizes(item).includes(a.recommended!.size));
  const k = a.sizes.findIndex((s) => s.size === a.recommended!.size);
  assert.equal(a.confidence, a.sizes[k].fit, 'confidence is P(fit) at the advised size');
  const fits = a.sizes.map((s) => s.fit!);
  assert.ok(Math.abs(a.fitSpread! - (Math.max(...fits) - Math.min(...fits))) < 1e-12, 'fitSpread is the P(fit) range');

  // Given sizes replace the article's; text output marks the recommendation.
  const t = await sizefit(
    'recommend',
    '--model',
    dir,
    '--user',
    user,
    '--item',
    item,
    '--sizes',
    '4,6,8',
    '--min-fit',
    '0',
  );
  assert.equal(t.code, 0, t.err);
  assert.match(t.out, /^size {6}P\(small\) {2}P\(fit\) {2}P\(large\)$/m);
  assert.equal(t.out.match(/<- recommended/g)?.length, 1);
  assert.match(t.out, /^recommended: (4|6|8) .*confidence P\(fit\) 0\.\d\d$/m);
});

test('recommend: no advice with the reason for an unknown customer and article', async () => {
  assert.equal((await trained).code, 0);
  const r = await sizefit('recommend', '--model', dir, '--user', 'nobody', '--item', 'no-such-item', '--json');
  assert.equal(r.code, 0, r.err);
  const a = JSON.parse(r.out) as RecommendJSON;
  assert.equal(a.recommended, null);
  assert.equal(a.source, 'none');
  assert.equal(a.noAdvice, 'no-sizes');
  assert.match(a.reason, /has no sizes in the model's history: pass --sizes/);
  const b = await sizefit('recommend', '--model', dir, '--user', 'nobody', '--item', 'no-such-item', '--sizes', '4,6');
  assert.equal(b.code, 0, b.err);
  assert.match(b.out, /^no advice: neither the customer nor the article has any purchase history$/m);
  // An unseen customer with body fields gets model advice.
  const { dataset } = await loadDataset('sample');
  const item = new AdviceHistory(dataset).articles()[0];
  const c = await sizefit(
    'recommend',
    '--model',
    dir,
    '--user',
    'nobody',
    '--item',
    item,
    '--height',
    `5' 6"`,
    '--weight',
    '60kg',
    '--min-fit',
    '0',
    '--json',
  );
  assert.equal(c.code, 0, c.err);
  const ac = JSON.parse(c.out) as RecommendJSON;
  assert.equal(ac.customerSeen, false);
  assert.equal(ac.source, 'model');
  assert.ok(ac.sizes.every((s) => s.fit !== null));
});

test('recommend: bad input exits non-zero with a clear message', async () => {
  assert.equal((await trained).code, 0);
  const a = await sizefit('recommend', '--model', join(tmp, 'missing'), '--user', 'u', '--item', 'i');
  assert.equal(a.code, 1);
  assert.match(a.err, /^sizefit recommend: .*missing: model directory does not exist$/);
  const b = await sizefit('recommend', '--model', dir, '--user', 'u');
  assert.equal(b.code, 2);
  assert.match(b.err, /--item is required/);
  const c = await sizefit('recommend', '--model', dir, '--user', 'u', '--item', 'i', '--sizes', '4,x');
  assert.equal(c.code, 2);
  assert.match(c.err, /--sizes must be numbers separated by commas/);
  const d = await sizefit('recommend', '--model', dir, '--user', 'u', '--item', 'i', '--height', 'tall');
  assert.equal(d.code, 2);
  assert.match(d.err, /--height 'tall' is not a height/);
  const e = await sizefit('recommend', '--model', dir, '--user', 'u', '--item', 'i', '--rule', 'coin');
  assert.equal(e.code, 2);
  assert.match(e.err, /--rule must be one of/);
  // Sizes the reader would refuse, repeated sizes, impossible probabilities and blank ids are usage errors
  // (before: advice for size 1000000000, "chooseSize: size 4 repeats", "P(fit) 0.76 < 2").
  const bad: [string[], RegExp][] = [
    [['--sizes=-4,8'], /--sizes: -4 is outside the size range 0 to 100/],
    [['--sizes', '4,1e9'], /--sizes: 1e9 is outside the size range 0 to 100/],
    [['--sizes', '4,0x10'], /'0x10' in '4,0x10' is not a number/],
    [['--sizes', '4,8,4'], /--sizes: size 4 is given more than once/],
    [['--min-fit', '2'], /--min-fit must be between 0 and 1, got '2'/],
    [['--min-fit', '-1'], /--min-fit must be between 0 and 1, got '-1'/],
    [['--height', '9ft'], /--height '9ft' is 274\.3 cm, outside the plausible range 120 to 220 cm/],
    [['--weight', '1kg'], /--weight '1kg' is 1 kg, outside the plausible range 30 to 250 kg/],
  ];
  for (const [extra, re] of bad) {
    const r = await sizefit('recommend', '--model', dir, '--user', 'u', '--item', 'i', ...extra);
    assert.equal(r.code, 2, extra.join(' '));
    assert.match(r.err, re);
  }
  const blank = await sizefit('recommend', '--model', dir, '--user', ' ', '--item', 'i');
  assert.equal(blank.code, 2);
  assert.match(blank.err, /--user must not be blank/);
});

test('recommend: an id with a newline or an escape sequence stays on its line', async () => {
  // Before: `--user $'x\nrecommended: 99'` printed a line that looked like advice, and an ANSI escape recoloured the terminal.
  assert.equal((await trained).code, 0);
  const r = await sizefit(
    'recommend',
    '--model',
    dir,
    '--user',
    'x\nrecommended: 99',
    '--item',
    'i\u001b[31m',
    '--sizes',
    '4,6',
  );
  assert.equal(r.code, 0, r.err);
  assert.ok(!r.out.includes('\u001b'), 'no raw escape character');
  assert.doesNotMatch(r.out, /^recommended: 99/m);
  assert.match(r.out, /customer x\\u000arecommended: 99 \(no history\)/);
  assert.match(r.out, /article i\\u001b\[31m \(no history\)/);
});

test('recommend: the customer line counts purchases in the right number and says when there is no usual size', async () => {
  // Before: "customer nosize (1 purchases, usual size NaN)".
  const file = join(tmp, 'with-nosize.jsonl');
  const sample = readFileSync(join('datasets', 'sample', 'sample.jsonl'), 'utf8');
  const item = JSON.parse(sample.split('\n')[0]).item_id as string;
  const extra = { fit: 'fit', user_id: 'nosize', item_id: item, category: 'dress', height: `5' 7"` };
  writeFileSync(file, `${sample.trimEnd()}\n${JSON.stringify(extra)}\n`);
  const model = join(tmp, 'nosize-model');
  const t = await sizefit('train', '--dataset', file, '--model', 'prior', '--out', model);
  assert.equal(t.code, 0, t.err);
  const h = new AdviceHistory((await loadDataset(file)).dataset);
  const articleRows = h.articleRows(item).length;
  assert.ok(articleRows > 1);
  const r = await sizefit('recommend', '--model', model, '--user', 'nosize', '--item', item, '--min-fit', '0');
  assert.equal(r.code, 0, r.err);
  assert.match(
    r.out,
    new RegExp(`customer nosize \\(1 purchase, no usual size\\), article ${item} \\(${articleRows} purchases\\)`),
  );
  // A customer with sizes: the count and the usual size, as the history has them.
  const user = h.customers().find((c) => h.customerRows(c).length > 1 && !Number.isNaN(h.customerUsualSize(c)))!;
  const s = await sizefit('recommend', '--model', model, '--user', user, '--item', item, '--min-fit', '0');
  assert.equal(s.code, 0, s.err);
  const count = h.customerRows(user).length.toLocaleString('en-US');
  assert.match(s.out, new RegExp(`customer ${user} \\(${count} purchases, usual size ${h.customerUsualSize(user)}\\)`));
});

test('an option value "-h" is a value, not a request for help; -h or --help where an option stands shows the usage', async () => {
  // Before: `sizefit recommend --model M --user -h --item X` printed the usage and exited 0, advising nothing.
  assert.equal((await trained).code, 0);
  const r = await sizefit('recommend', '--model', dir, '--user', '-h', '--item', 'i', '--sizes', '4,6', '--json');
  assert.equal(r.code, 0, r.err);
  const a = JSON.parse(r.out) as RecommendJSON & { customer: string };
  assert.equal(a.customer, '-h');
  for (const argv of [
    ['recommend', '-h'],
    ['recommend', '--model', dir, '--help'],
    ['recommend', '--model', dir, '--json', '-h'],
    ['recommend', '--user', 'u', '-h', '--item', 'i'],
    ['recommend', '--bogus', '-h', '-h'],
    ['data', '-h'],
    ['data', 'stats', '--json', '-h'],
  ]) {
    const h = await sizefit(...argv);
    assert.equal(h.code, 0, argv.join(' '));
    assert.match(h.out, new RegExp(`^sizefit ${argv[0]} `), argv.join(' '));
    assert.equal(h.err, '');
  }
  // After `--`, -h is a word like any other.
  const w = await sizefit('data', 'fetch', '--', '-h');
  assert.notEqual(w.code, 0);
  assert.match(w.err, /no dataset named '-h'/);
});

test('recommend verifies the model directory once: weights.bin and advice-history.json are each read once', async () => {
  // Before: loadModel verified every file, then loadAdviceHistory verified the whole directory again: weights.bin
  // read and hashed twice, advice-history.json hashed with the directory, then read again and parsed.
  assert.equal((await trained).code, 0);
  const argv = ['recommend', '--model', dir, '--user', 'nobody', '--item', 'i', '--sizes', '4,6', '--json'];
  const plain = await sizefit(...argv);
  assert.equal(plain.code, 0, plain.err);
  for (const file of ['weights.bin', ADVICE_HISTORY_FILE]) {
    const { result, opens } = await countingOpens(file, () => sizefit(...argv));
    assert.equal(result.code, 0, result.err);
    assert.equal(result.out, plain.out, 'the same advice');
    assert.equal(opens, 1, `${file} opened once`);
  }
});

test('recommend: a model without an advice history, or with one present but unlisted, is refused naming it', async () => {
  assert.equal((await trained).code, 0);
  const copy = join(tmp, 'model-without-history');
  cpSync(dir, copy, { recursive: true });
  const manifestPath = join(copy, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: Record<string, unknown> };
  delete manifest.files[ADVICE_HISTORY_FILE];
  writeFileSync(manifestPath, JSON.stringify(manifest));
  const argv = ['recommend', '--model', copy, '--user', 'u', '--item', 'i', '--sizes', '4,6'];
  const unlisted = await sizefit(...argv);
  assert.equal(unlisted.code, 1);
  assert.match(
    unlisted.err,
    new RegExp(`${join(copy, ADVICE_HISTORY_FILE)}: is in the model directory but not listed in its manifest`),
  );
  rmSync(join(copy, ADVICE_HISTORY_FILE));
  const none = await sizefit(...argv);
  assert.equal(none.code, 1);
  assert.match(none.err, /model-without-history: has no advice-history\.json \(saved without one\): retrain it/);
});

test('recommend: an unseen customer with height, weight and bust starts from the usual size their body estimates', async () => {
  assert.equal((await trained).code, 0, (await trained).err);
  const { dataset } = await loadDataset('sample');
  const h = new AdviceHistory(dataset);
  const item = h.articles().find((a) => h.articleSizes(a).length >= 4)!;
  const ask = async (...body: string[]): Promise<RecommendJSON & { estimatedUsualSize: number | null }> => {
    const r = await sizefit(
      'recommend',
      '--model',
      dir,
      '--user',
      'nobody',
      '--item',
      item,
      ...body,
      '--min-fit',
      '0',
      '--json',
    );
    assert.equal(r.code, 0, r.err);
    return JSON.parse(r.out) as RecommendJSON & { estimatedUsualSize: number | null };
  };
  const [lo, hi] = [
    await ask('--height', '160cm', '--weight', '50kg', '--bust', '32b'),
    await ask('--height', '165cm', '--weight', '95kg', '--bust', '40dd'),
  ];
  // Before: --bust was refused, and without it both got the size of highest P(fit).
  for (const a of [lo, hi]) {
    assert.equal(a.source, 'model');
    assert.match(a.reason, /^usual size estimated from the body: /);
    assert.equal(typeof a.estimatedUsualSize, 'number');
  }
  assert.ok(
    hi.estimatedUsualSize! > lo.estimatedUsualSize! + 4,
    `${lo.estimatedUsualSize} vs ${hi.estimatedUsualSize}`,
  );
  assert.ok(hi.recommended!.size > lo.recommended!.size, `${lo.recommended!.size} vs ${hi.recommended!.size}`);
  // Without the bust: max-fit, and the reason names the missing field.
  const noBust = await ask('--height', '160cm', '--weight', '50kg');
  assert.equal(noBust.estimatedUsualSize, null);
  assert.match(noBust.reason, /\(the request gives no bust_band\), so rule max-fit: /);
  // The keys the usage lists are the keys printed.
  const keys = Object.keys(noBust);
  for (const k of keys) assert.ok(recommendCommand.usage.includes(k), `usage names ${k}`);
  assert.doesNotMatch(recommendCommand.usage, /advice\.\.\./);
  // The cup of --bust reaches the model, as the service's "bust size" does (it was dropped: 34b and 34dd scored alike).
  const b = await ask('--height', '165cm', '--weight', '60kg', '--bust', '34b');
  const dd = await ask('--height', '165cm', '--weight', '60kg', '--bust', '34dd');
  assert.notDeepEqual(
    b.sizes.map((x) => x.fit),
    dd.sizes.map((x) => x.fit),
  );
  const bad = await sizefit('recommend', '--model', dir, '--user', 'u', '--item', item, '--bust', 'big');
  assert.notEqual(bad.code, 0);
  assert.match(bad.err, /--bust 'big' is not a bra size/);
});
