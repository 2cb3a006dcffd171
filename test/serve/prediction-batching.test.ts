// Batched fit predictions: FitService.predictMany answers each request as predict does alone while scoring groups of
// requests in one model call; an error (a bad request, a model fault on one request's rows) reaches only its request;
// PredictionBatcher groups the requests of one event-loop turn; the server's batchRecords option and the CLI flag.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import {
  FitService,
  HttpError,
  InvalidArgumentError,
  PredictionBatcher,
  SizefitError,
  startFitServer,
  type ColumnarDataset,
  type FitModel,
  type PredictionOutcome,
} from '../../lib/index.js';
import {
  modclothLines,
  post,
  removeTrainedModelDirs,
  sampleRecords,
  syntheticModelDir,
  trainedModelDir,
} from './serve-fixtures.js';
import { tempDir } from '../temp-dir.js';

let service: FitService;

before(async () => {
  service = await FitService.load(await trainedModelDir(false));
});
after(() => removeTrainedModelDirs());

/**
 * The model of the test service wrapped: `calls` lists the row count of each predictProba call, `lines` its rows' line
 * numbers (records read in one pass are lines 1..n, a request read alone starts at line 1); `change` may alter P.
 */
function counted(change?: (data: ColumnarDataset, P: Float64Array) => Float64Array): {
  model: FitModel;
  calls: number[];
  lines: number[][];
} {
  const calls: number[] = [];
  const lines: number[][] = [];
  const inner = service.model;
  const model = new Proxy(inner, {
    get(target, key) {
      if (key === 'predictProba') {
        return (data: ColumnarDataset): Float64Array => {
          calls.push(data.length);
          lines.push([...data.lineNumbers]);
          const P = target.predictProba(data);
          return change ? change(data, P) : P;
        };
      }
      const v: unknown = Reflect.get(target, key, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { model, calls, lines };
}

/** A service on `model` with the test service's manifest. */
function serviceOn(model: FitModel): FitService {
  return new FitService(model, service.manifest, service.dir, null);
}

/** What predict gives a request alone: its result, or its error. */
function alone(s: FitService, body: unknown): PredictionOutcome {
  try {
    return { result: s.predict(body) };
  } catch (error) {
    return { error };
  }
}

/** Compares outcomes: equal results, or errors of one class with the same message, status and problems. */
function assertSameOutcome(got: PredictionOutcome, want: PredictionOutcome, what: string): void {
  if ('result' in want) {
    assert.ok('result' in got, `${what}: expected a result, got ${String((got as { error: unknown }).error)}`);
    assert.deepEqual(got.result, want.result, what);
    return;
  }
  assert.ok('error' in got, `${what}: expected an error`);
  const g = got.error as Error & { status?: number; problems?: unknown; code?: string };
  const w = want.error as Error & { status?: number; problems?: unknown; code?: string };
  assert.equal(g.constructor, w.constructor, what);
  assert.equal(g.message, w.message, what);
  assert.equal(g.status, w.status, what);
  assert.equal(g.code, w.code, what);
  assert.deepEqual(g.problems, w.problems, what);
}

const one = (i: number): { records: Record<string, unknown>[] } => ({ records: sampleRecords(1, 100 + i) });

test('predictMany answers each request as predict does alone, scoring each group of at most maxRecords in one call', () => {
  const { model, calls } = counted();
  const s = serviceOn(model);
  const bodies: unknown[] = [
    one(0),
    one(1),
    { records: [{ ...sampleRecords(1, 3)[0], age: 'old' }] }, // a 400: left out of its group
    { records: [{ ...sampleRecords(1, 4)[0], age: 'old' }], badValues: 'missing' }, // lenient: a note, scored
    { records: sampleRecords(3, 200) },
    one(2),
    { records: sampleRecords(5, 300) }, // more than maxRecords: alone
    one(3),
    { records: 'none' }, // a 400
  ];
  const outcomes = s.predictMany(
    bodies.map((body) => ({ body })),
    4,
  );
  // Groups: [0, 1, 3] (3 rows; adding 4's 3 would pass 4), [4, 5] (4 rows), [7] (1 row); 6 (5 rows) is scored alone
  // when it is reached, before the group it interrupts: [0, 1, 3], 6, [4, 5], [7].
  assert.deepEqual(calls, [3, 5, 4, 1]);
  const plain = serviceOn(service.model);
  bodies.forEach((body, i) => assertSameOutcome(outcomes[i], alone(plain, body), `request ${i}`));
  assert.ok('error' in outcomes[2] && outcomes[2].error instanceof HttpError && outcomes[2].error.status === 400);
  assert.ok('result' in outcomes[3] && outcomes[3].result.body.notes!.length === 1);
  assert.ok('error' in outcomes[8] && outcomes[8].error instanceof HttpError);
  assert.deepEqual(s.predictMany([]), []);
});

test('a group of default-mode requests is read in one pass; when one has a value that cannot be read, each is read alone', () => {
  const { model, lines } = counted();
  const s = serviceOn(model);
  const plain = serviceOn(service.model);
  const bodies: unknown[] = [one(0), { records: sampleRecords(2, 50) }, one(1)];
  const outcomes = s.predictMany(bodies.map((body) => ({ body })));
  assert.deepEqual(lines, [[1, 2, 3, 4]], 'the four records read as the lines of one file');
  bodies.forEach((body, i) => assertSameOutcome(outcomes[i], alone(plain, body), `request ${i}`));

  lines.length = 0;
  const bad = { records: [{ ...sampleRecords(1, 9)[0], age: 'old' }] };
  const withBad: unknown[] = [one(0), bad, { records: sampleRecords(2, 50) }];
  const again = s.predictMany(withBad.map((body) => ({ body })));
  assert.deepEqual(lines, [[1, 1, 2]], 'each read alone (lines from 1), the readable ones scored together');
  withBad.forEach((body, i) => assertSameOutcome(again[i], alone(plain, body), `request ${i} with a bad one`));
  assert.ok(
    'error' in again[1] && again[1].error instanceof HttpError && /age/.test(JSON.stringify(again[1].error.problems)),
  );
});

test('predictMany passes each request its own reading notes', () => {
  const s = serviceOn(service.model);
  const note = { path: '$.records[0].size', reason: 'given twice with different values: read as missing' };
  const body = { records: sampleRecords(1, 20), badValues: 'missing' };
  const [a, b] = s.predictMany([{ body, readingNotes: [note] }, { body }]);
  assert.ok('result' in a && 'result' in b);
  assert.deepEqual(a.result.body.notes, [note]);
  assert.deepEqual(b.result.body.notes, []);
  assert.deepEqual(a.result.body.probabilities, b.result.body.probabilities);
});

test("a model fault on one request's rows is that request's error; the others of its group are answered", () => {
  // NaN for the rows of size 99: a fault of the model on that row only.
  const nanOn99 = counted((data, P) => {
    const size = data.numbers('size');
    for (let i = 0; i < data.length; i++) if (size[i] === 99) P.fill(NaN, i * 3, i * 3 + 3);
    return P;
  });
  const bodies = [one(0), { records: [{ ...sampleRecords(1, 7)[0], size: 99 }] }, one(1)];
  const s = serviceOn(nanOn99.model);
  const outcomes = s.predictMany(bodies.map((body) => ({ body })));
  assert.deepEqual(nanOn99.calls, [3], 'one call for the group');
  const plain = serviceOn(service.model);
  assertSameOutcome(outcomes[0], alone(plain, bodies[0]), 'request 0');
  assertSameOutcome(outcomes[2], alone(plain, bodies[2]), 'request 2');
  assertSameOutcome(outcomes[1], alone(s, bodies[1]), 'request 1');
  const e = (outcomes[1] as { error: unknown }).error;
  assert.ok(e instanceof SizefitError && e.code === 'MODEL_FAULT');
  assert.match(e.message, /returned NaN as P\(small\) of row 0/);

  // A model that throws on any row of size 99: the group's call fails, each request is scored alone.
  const throwsOn99 = counted((data, P) => {
    if (data.numbers('size').includes(99)) throw new TypeError('size 99 breaks the model');
    return P;
  });
  const t = serviceOn(throwsOn99.model).predictMany(bodies.map((body) => ({ body })));
  assert.deepEqual(throwsOn99.calls, [3, 1, 1, 1]);
  assertSameOutcome(t[0], alone(plain, bodies[0]), 'request 0 after the throw');
  assertSameOutcome(t[2], alone(plain, bodies[2]), 'request 2 after the throw');
  assert.ok('error' in t[1] && t[1].error instanceof TypeError && /size 99/.test(t[1].error.message));

  // A model that gives one row's probabilities whatever it is asked: wrong for the group, so each is asked alone.
  const oneRow = counted((_data, P) => P.slice(0, 3));
  const o = serviceOn(oneRow.model).predictMany([0, 1, 2].map((i) => ({ body: one(i) })));
  assert.deepEqual(oneRow.calls, [3, 1, 1, 1]);
  o.forEach((x, i) => assertSameOutcome(x, alone(plain, one(i)), `one-row model, request ${i}`));
});

test('PredictionBatcher scores the requests of one event-loop turn together; a large request is answered alone', async () => {
  const { model, calls } = counted();
  const s = serviceOn(model);
  const batcher = new PredictionBatcher(s, 8);
  const plain = serviceOn(service.model);
  const first = [0, 1, 2].map((i) => batcher.predict(one(i)));
  assert.equal(batcher.waiting, 3);
  const big = batcher.predict({ records: sampleRecords(9, 400) }); // 9 > 8 records: at once
  assert.deepEqual(calls, [9], 'the large request was scored before the turn ended');
  const bad = batcher.predict({ records: [{ size: 'huge' }] });
  assert.equal(batcher.waiting, 4);
  const got = await Promise.all(first);
  got.forEach((r, i) => assert.deepEqual(r, plain.predict(one(i)), `request ${i}`));
  assert.deepEqual(await big, plain.predict({ records: sampleRecords(9, 400) }));
  await assert.rejects(
    bad,
    (e: unknown) => e instanceof HttpError && e.status === 400 && /size/.test(JSON.stringify(e.problems)),
  );
  assert.deepEqual(calls, [9, 3], 'the three single records in one call; the bad request not scored');
  // A later request goes into the next turn's batch.
  const later = await batcher.predict(one(5));
  assert.deepEqual(later, plain.predict(one(5)));
  assert.deepEqual(calls, [9, 3, 1]);
  assert.equal(batcher.waiting, 0);
  // A body that is not an object is refused as predict refuses it, without waiting.
  await assert.rejects(batcher.predict(null), HttpError);
});

test('a server batching pipelined requests answers each as the service alone, in fewer model calls', async () => {
  const { model, calls } = counted();
  const s = serviceOn(model);
  const server = await startFitServer(s, { port: 0, log: () => {} });
  try {
    // Six requests written at once on one connection (HTTP/1.1 pipelining): read in one turn of the event loop.
    const bodies = [0, 1, 2, 3, 4, 5].map((i) => JSON.stringify(one(i)));
    const raw = bodies
      .map(
        (b) =>
          `POST /v1/fit-predictions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n` +
          `content-length: ${Buffer.byteLength(b)}\r\n\r\n${b}`,
      )
      .join('');
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () => socket.end(raw));
      let got = '';
      socket.setEncoding('utf8');
      socket.on('data', (d: string) => (got += d));
      socket.on('end', () => resolve(got));
      socket.on('error', reject);
      setTimeout(() => reject(new Error('no answer within 20 s')), 20_000).unref();
    });
    const answers = [...text.matchAll(/HTTP\/1\.1 (\d+)[^]*?\r\n\r\n(\{[^\r]*?\})(?=HTTP|$)/g)];
    assert.equal(answers.length, 6, text.slice(0, 500));
    const plain = serviceOn(service.model);
    answers.forEach((m, i) => {
      assert.equal(m[1], '200');
      assert.deepEqual(JSON.parse(m[2]), plain.predict(one(i)).body, `answer ${i}`);
    });
    assert.ok(calls.length < 6, `six requests in ${calls.length} model calls (${calls.join(', ')})`);
    assert.equal(
      calls.reduce((a, b) => a + b, 0),
      6,
    );
  } finally {
    await server.close();
  }
  // Without batching, one call per request.
  const unbatched = counted();
  const u = await startFitServer(serviceOn(unbatched.model), { port: 0, log: () => {}, batchRecords: 0 });
  try {
    for (const i of [0, 1, 2]) {
      const r = await post(u.url, '/v1/fit-predictions', one(i));
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, serviceOn(service.model).predict(one(i)).body);
    }
    assert.deepEqual(unbatched.calls, [1, 1, 1]);
  } finally {
    await u.close();
  }
});

test('startFitServer refuses a batchRecords that is not an integer from 0 to 100,000', async () => {
  for (const bad of [-1, 1.5, 100_001, Number.NaN]) {
    await assert.rejects(
      startFitServer(service, { port: 0, batchRecords: bad }),
      (e: unknown) =>
        e instanceof InvalidArgumentError && /batchRecords must be an integer from 0 to 100000/.test(e.message),
    );
  }
});

test('sizefit serve --batch-records must be an integer from 0 to 100,000', () => {
  for (const bad of ['-1', '100001', 'many']) {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'lib/cli/main.ts', 'serve', '--model', 'nowhere', '--batch-records', bad],
      { encoding: 'utf8', timeout: 60_000 },
    );
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /--batch-records/);
  }
});

test('requests read in different record formats (a model of data in no format) are scored in separate groups', async (t) => {
  const parent = tempDir(t, 'sizefit-batch-formats-');
  const s0 = await FitService.load(await syntheticModelDir(parent));
  const inner = s0.model;
  const calls: string[] = [];
  const model = new Proxy(inner, {
    get(target, key) {
      if (key === 'predictProba') {
        return (data: ColumnarDataset): Float64Array => {
          calls.push(`${data.meta.format} x${data.length}`);
          return target.predictProba(data);
        };
      }
      const v: unknown = Reflect.get(target, key, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  const s = new FitService(model, s0.manifest, s0.dir, null);
  const modcloth = (i: number): unknown => {
    const r = JSON.parse(modclothLines[i]) as Record<string, unknown>;
    delete r.fit;
    return { records: [r] };
  };
  const rtr = (i: number): unknown => {
    const r = one(i).records[0];
    delete r.fit;
    return { records: [r] };
  };
  const bodies = [modcloth(0), modcloth(1), rtr(0), rtr(1), modcloth(2)];
  const outcomes = s.predictMany(bodies.map((body) => ({ body })));
  outcomes.forEach((o, i) => assert.ok('result' in o, `request ${i}: ${String((o as { error?: unknown }).error)}`));
  assert.deepEqual(calls, ['modcloth x2', 'renttherunway x2', 'modcloth x1']);
  bodies.forEach((b, i) => assertSameOutcome(outcomes[i], alone(s0, b), `request ${i}`));
});
