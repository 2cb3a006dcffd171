// The server's request timeout with node's real timer: a request whose body or headers stop arriving is answered
// 408 about `requestTimeoutMs` after it began. Before, the timeouts were set on the server after it was created and
// node looked for expired requests only every 30 s: a timeout of 1,500 ms gave a 408 after about 30 s, the default
// 30 s one after 30 to 60 s. (fit-server.test.ts checks the 408's log line by firing the parser error by hand.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { FitService, InvalidArgumentError, startFitServer, type RunningFitServer } from '../../lib/index.js';
import { removeTrainedModelDirs, trainedModelDir } from './serve-fixtures.js';

let service: FitService;

before(async () => {
  service = await FitService.load(await trainedModelDir(false));
});
after(removeTrainedModelDirs);

/** What a raw connection got until the server closed it (or `waitMs` passed), and after how many ms. */
interface RawAnswer {
  text: string;
  ms: number;
  closed: boolean;
}

/** Opens a connection, writes `parts` (waiting `gapMs` between them), and reads until the server closes it. */
function rawExchange(s: RunningFitServer, parts: string[], gapMs = 0, waitMs = 8_000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const socket = connect(s.port, '127.0.0.1');
    let text = '';
    const done = (closed: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, ms: performance.now() - t0, closed });
    };
    const timer = setTimeout(() => done(false), waitMs);
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => (text += c));
    socket.on('close', () => done(true));
    socket.on('error', reject);
    void (async () => {
      for (const [i, part] of parts.entries()) {
        if (i > 0) await new Promise((r) => setTimeout(r, gapMs));
        if (!socket.destroyed) socket.write(part);
      }
    })();
  });
}

const HEAD =
  'POST /v1/fit-predictions HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n';

/** The status line and the JSON error of an answer written on the socket. */
function errorAnswer(text: string): { statusLine: string; error: { status: number; message: string } } {
  const [head, body] = text.split('\r\n\r\n');
  return {
    statusLine: head.split('\r\n')[0],
    error: (JSON.parse(body) as { error: { status: number; message: string } }).error,
  };
}

test(
  'a body that stops arriving is answered 408 about requestTimeoutMs after the request began, and logged',
  { timeout: 10_000 },
  async () => {
    const lines: string[] = [];
    const s = await startFitServer(service, {
      port: 0,
      log: (l) => lines.push(l),
      requestTimeoutMs: 400,
      shutdownTimeoutMs: 1_000,
    });
    try {
      const r = await rawExchange(s, [HEAD + '{"records": [']);
      assert.ok(r.closed, `the server closed the connection (got ${JSON.stringify(r.text)} after ${r.ms} ms)`);
      const { statusLine, error } = errorAnswer(r.text);
      assert.equal(statusLine, 'HTTP/1.1 408 Request Timeout');
      assert.equal(error.status, 408);
      assert.match(error.message, /not received in time/);
      // Generous bounds, not a timing test: not before the timeout, and far from node's 30 s default check.
      assert.ok(r.ms >= 350, `408 after ${r.ms} ms, before the timeout of 400 ms`);
      assert.ok(r.ms < 5_000, `408 after ${r.ms} ms`);
      for (let i = 0; i < 100 && lines.length === 0; i++) await new Promise((res) => setTimeout(res, 20));
      assert.equal(lines.length, 1);
      const entry = JSON.parse(lines[0]) as Record<string, unknown>;
      assert.equal(entry.path, '/v1/fit-predictions');
      assert.equal(entry.status, 408);
    } finally {
      await s.close();
    }
  },
);

test(
  'headers that stop arriving are answered 408 in time too (no request reached the handler: no log line)',
  { timeout: 10_000 },
  async () => {
    const lines: string[] = [];
    const s = await startFitServer(service, {
      port: 0,
      log: (l) => lines.push(l),
      requestTimeoutMs: 400,
      shutdownTimeoutMs: 1_000,
    });
    try {
      const r = await rawExchange(s, ['POST /v1/fit-predictions HTTP/1.1\r\nHost: x\r\n']);
      assert.ok(r.closed, `the server closed the connection (got ${JSON.stringify(r.text)} after ${r.ms} ms)`);
      assert.equal(errorAnswer(r.text).statusLine, 'HTTP/1.1 408 Request Timeout');
      assert.ok(r.ms >= 350 && r.ms < 5_000, `408 after ${r.ms} ms`);
      assert.deepEqual(lines, []);
    } finally {
      await s.close();
    }
  },
);

test(
  'a slow request that ends in time is served, and an idle keep-alive connection is not cut by the timeout',
  { timeout: 10_000 },
  async () => {
    const s = await startFitServer(service, {
      port: 0,
      log: () => {},
      requestTimeoutMs: 400,
      shutdownTimeoutMs: 1_000,
    });
    try {
      const body = '{"records": [{"size": 8}]}';
      const head = `POST /v1/fit-predictions HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`;
      // Body in two parts 150 ms apart, then 700 ms idle (longer than the timeout) before a second request.
      const socket = connect(s.port, '127.0.0.1');
      socket.setEncoding('utf8');
      let text = '';
      socket.on('data', (c: string) => (text += c));
      const waitFor = async (n: number): Promise<void> => {
        for (let i = 0; i < 200 && (text.match(/HTTP\/1\.1 /g) ?? []).length < n; i++) {
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      socket.write(head + body.slice(0, 10));
      await new Promise((r) => setTimeout(r, 150));
      socket.write(body.slice(10));
      await waitFor(1);
      await new Promise((r) => setTimeout(r, 700));
      assert.ok(!socket.destroyed, 'the idle keep-alive connection is still open');
      socket.write(head + body);
      await waitFor(2);
      socket.destroy();
      const statuses = [...text.matchAll(/HTTP\/1\.1 (\d+)/g)].map((m) => m[1]);
      assert.deepEqual(statuses, ['200', '200'], text);
    } finally {
      await s.close();
    }
  },
);

test('the default timeouts are 30 s per request, 20 s for its headers, checked at least every second', async () => {
  const s = await startFitServer(service, { port: 0, log: () => {} });
  try {
    assert.equal(s.server.requestTimeout, 30_000);
    assert.equal(s.server.headersTimeout, 20_000);
    // (node's `connectionsCheckingInterval`, not in its type declarations; its default of 30 s made the 408 of a
    // 30 s timeout come after 30 to 60 s)
    const interval = (s.server as unknown as { connectionsCheckingInterval: number }).connectionsCheckingInterval;
    assert.ok(interval > 0 && interval <= 1_000, `checked every ${interval} ms`);
  } finally {
    await s.close();
  }
});

test('a requestTimeoutMs that is not a number of milliseconds from 0 is refused, naming it; a fraction is rounded up', async () => {
  for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, '500' as unknown as number]) {
    let accepted: RunningFitServer | undefined;
    try {
      accepted = await startFitServer(service, { port: 0, log: () => {}, requestTimeoutMs: bad });
    } catch (e) {
      assert.ok(e instanceof InvalidArgumentError, String(e));
      assert.match(e.message, /requestTimeoutMs must be a number of milliseconds/);
      continue;
    }
    await accepted.close();
    assert.fail(`requestTimeoutMs ${String(bad)} was accepted`);
  }
  const s = await startFitServer(service, { port: 0, log: () => {}, requestTimeoutMs: 1_500.5 });
  try {
    assert.equal(s.server.requestTimeout, 1_501);
    assert.equal(s.server.headersTimeout, 1_501);
  } finally {
    await s.close();
  }
  const none = await startFitServer(service, { port: 0, log: () => {}, requestTimeoutMs: 0 });
  try {
    assert.equal(none.server.requestTimeout, 0);
    assert.equal(none.server.headersTimeout, 0);
  } finally {
    await none.close();
  }
});
