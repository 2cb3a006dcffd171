// POST /v1/size-recommendations reads `customer` and `item` as POST /v1/fit-predictions reads `user_id` and
// `item_id` (by the record parser): the same id sent both ways gets the same reading. Before, recommend turned the ids
// into strings itself: a JSON number past 2^53 became another id (12345678901234567891 -> "12345678901234567000",
// which can be a known customer: advice for the wrong person, with a 200) where fit predictions answered 400, and a
// padded id (" 782032", "782032\t") was an unknown customer for recommend but the known one for fit predictions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  FitService,
  HttpError,
  type FitPredictionsResponse,
  type SizeRecommendationsResponse,
} from '../../lib/index.js';
import { tempDir } from '../temp-dir.js';
import {
  SAMPLE,
  call,
  errorOf,
  post,
  sampleRecords,
  serveTrainedModel,
  type Reply,
  type ServedModel,
} from './serve-fixtures.js';

let served: ServedModel;
serveTrainedModel(
  {},
  () => {},
  (s) => (served = s),
);

const BIG = '12345678901234567891'; // past 2^53: JSON.parse reads it as 12345678901234567000

/** POSTs a body given as JSON text (so a number past 2^53 goes out as written). */
function postText(path: string, text: string): Promise<Reply> {
  return call(served.server.url, 'POST', path, text);
}

/** A customer and an article of the served model's purchase history (the sample's first line). */
function knownIds(): { customer: string; item: string } {
  const [r] = sampleRecords(1);
  return { customer: String(r.user_id), item: String(r.item_id) };
}

test('a number id past 2^53 is a 400 at its path on both endpoints, in the same words', async () => {
  const { customer, item } = knownIds();
  for (const [field, column, body, record] of [
    [
      'customer',
      'user_id',
      `{"requests":[{"customer":${BIG},"item":"${item}","sizes":[8,12,16]}]}`,
      `{"records":[{"user_id":${BIG},"item_id":"${item}","size":12}]}`,
    ],
    [
      'item',
      'item_id',
      `{"requests":[{"customer":"${customer}","item":${BIG},"sizes":[8,12,16]}]}`,
      `{"records":[{"user_id":"${customer}","item_id":${BIG},"size":12}]}`,
    ],
  ]) {
    const rec = await postText('/v1/size-recommendations', body);
    const fit = await postText('/v1/fit-predictions', record);
    assert.equal(fit.status, 400, fit.text);
    assert.equal(rec.status, 400, `recommend answered ${rec.status} where fit predictions answered 400: ${rec.text}`);
    const [fp] = errorOf(fit).problems;
    const [rp] = errorOf(rec).problems;
    assert.equal(errorOf(rec).problems.length, 1, rec.text);
    assert.equal(fp.path, `$.records[0].${column}`);
    assert.equal(rp.path, `$.requests[0].${field}`);
    assert.match(rp.reason, /is past 2\^53, .*give it as a string/);
    // The same reason, naming the request's own field instead of the record's column.
    assert.ok(fp.reason.startsWith(`${column}: `), fp.reason);
    assert.equal(rp.reason, `${field}: ${fp.reason.slice(column.length + 2)}`);
    assert.match(errorOf(rec).message, /an id of the requests could not be read/);
  }
  // The same id as a string is read as written on both endpoints: an unknown customer, never another one.
  const rec = await post(served.server.url, '/v1/size-recommendations', {
    requests: [{ customer: BIG, item, sizes: [8, 12, 16] }],
  });
  assert.equal(rec.status, 200, rec.text);
  const [r] = (rec.json as SizeRecommendationsResponse).recommendations;
  assert.equal(r.customer, BIG);
  assert.equal(r.customerSeen, false);
  const fit = await post(served.server.url, '/v1/fit-predictions', { records: [{ user_id: BIG, item_id: item }] });
  assert.equal(fit.status, 200, fit.text);
});

test('a number past 2^53 that JSON reads as a known customer is refused, never advised as that customer', async (t) => {
  // A history whose first customer's purchases are under "12345678901234567000", the id JSON reads BIG as. Before:
  // a 200 advising BIG as that customer (customerSeen true), where fit predictions answered 400.
  const lines = readFileSync(SAMPLE, 'utf8').trim().split('\n');
  const first = String((JSON.parse(lines[0]) as { user_id: unknown }).user_id);
  const rounded = String(Number(BIG));
  const history = lines.map((l) => {
    const r = JSON.parse(l) as Record<string, unknown>;
    return JSON.stringify(String(r.user_id) === first ? { ...r, user_id: rounded } : r);
  });
  const file = join(tempDir(t, 'sizefit-review19-ids-'), 'history.jsonl');
  writeFileSync(file, history.join('\n') + '\n');
  const service = await FitService.load(served.dir, { history: file });
  const item = knownIds().item;
  // The rounded id as a string is that customer: the history is as meant.
  const seen = service.recommend({ requests: [{ customer: rounded, item }] }).body.recommendations[0];
  assert.equal(seen.customerSeen, true);
  const body = JSON.parse(`{"requests":[{"customer":${BIG},"item":"${item}"}]}`) as unknown;
  assert.throws(
    () => service.recommend(body),
    (e: unknown) => {
      assert.ok(e instanceof HttpError, String(e));
      assert.equal(e.status, 400);
      assert.deepEqual(
        e.problems.map((p) => p.path),
        ['$.requests[0].customer'],
      );
      assert.match(e.problems[0].reason, /^customer: 12345678901234567000 is past 2\^53/);
      return true;
    },
  );
  assert.throws(
    () => service.predict(JSON.parse(`{"records":[{"user_id":${BIG},"item_id":"${item}"}]}`) as unknown),
    (e: unknown) => e instanceof HttpError && e.status === 400,
  );
});

test('padded ids are trimmed on both endpoints: the known customer and article, as sent unpadded', async () => {
  const { customer, item } = knownIds();
  const recommend = async (c: string, i: string) => {
    const r = await post(served.server.url, '/v1/size-recommendations', {
      requests: [{ customer: c, item: i, sizes: [8, 12, 16] }],
    });
    assert.equal(r.status, 200, r.text);
    return (r.json as SizeRecommendationsResponse).recommendations[0];
  };
  const predict = async (c: string, i: string) => {
    const r = await post(served.server.url, '/v1/fit-predictions', { records: [{ user_id: c, item_id: i, size: 12 }] });
    assert.equal(r.status, 200, r.text);
    return (r.json as FitPredictionsResponse).probabilities;
  };
  const plainAdvice = await recommend(customer, item);
  const plainP = await predict(customer, item);
  assert.equal(plainAdvice.customerSeen, true);
  assert.equal(plainAdvice.articleSeen, true);
  for (const [c, i] of [
    [` ${customer}`, item],
    [`${customer}\t`, item],
    [customer, ` ${item} `],
    [`\n${customer}`, `${item}\r`],
  ]) {
    const what = `${JSON.stringify(c)}, ${JSON.stringify(i)}`;
    assert.deepEqual(await predict(c, i), plainP, `fit predictions for ${what}`);
    assert.deepEqual(await recommend(c, i), plainAdvice, `recommendation for ${what}`);
  }
});
