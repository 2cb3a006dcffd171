import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { findDuplicateJsonKeys, type DuplicateJsonKey } from '../core/json-duplicate-keys.js';
import { jsonPathKey } from '../core/json-path.js';
import { InvalidArgumentError } from '../core/errors.js';
import { DEFAULT_BATCH_RECORDS, MAX_BATCH_RECORDS, type FitService } from './fit-service.js';
import { HttpError, type RequestProblem } from './http-error.js';
import { formatRequestLog, type RequestLogEntry } from './request-log.js';
import { PredictionBatcher } from './prediction-batcher.js';

/** Options of {@link startFitServer}. */
export interface FitServerOptions {
  /** TCP port; 0 picks a free one. Default 8080. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1` (loopback only). */
  host?: string;
  /** Receives one JSON line per request (default: written to stdout). */
  log?: (line: string) => void;
  /** How long {@link RunningFitServer.close} waits for in-flight requests before cutting them. Default 10,000 ms. */
  shutdownTimeoutMs?: number;
  /**
   * Longest time a client may take to send a whole request (its headers: at most 20,000 ms of it); a request still
   * arriving then is answered 408 within about a quarter of this time more (at most 1,000 ms more). Default 30,000 ms;
   * 0: no limit. A fraction of a millisecond is rounded up.
   * @throws InvalidArgumentError (from {@link startFitServer}) when negative, not a number or over 2^53 - 1.
   */
  requestTimeoutMs?: number;
  /**
   * Fit-prediction requests that arrive together are scored in one model call of at most this many records
   * ({@link PredictionBatcher}: the same answers, about half the cost per request under load); a request with more
   * records is scored alone. Default 64; 0 scores every request alone, as it arrives.
   * @throws InvalidArgumentError (from {@link startFitServer}) when not an integer from 0 to 100,000.
   */
  batchRecords?: number;
}

/** A started fit server. */
export interface RunningFitServer {
  /** The node http server. */
  readonly server: Server;
  /** `http://host:port`, for clients. */
  readonly url: string;
  /** The port listened on (useful with port 0). */
  readonly port: number;
  /** Requests being handled now. */
  inFlight(): number;
  /**
   * Graceful shutdown: stops accepting connections, closes the connections no request is using (idle keep-alive ones,
   * ones opened without a request yet or still sending one's headers), lets in-flight requests finish (their answers
   * carry `Connection: close`), then resolves. Requests still running or being answered after `shutdownTimeoutMs` are
   * cut; `forced` then says so (and only then). Calling it again returns the same promise.
   */
  close(): Promise<{ forced: boolean }>;
}

type Route = { methods: readonly string[]; handle: (req: IncomingMessage, ctx: Ctx) => Promise<unknown> | unknown };
interface Ctx {
  records: number;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    return Promise.reject(
      new HttpError(413, `the body is ${declared} bytes; the limit is ${limit} bytes`, [], { connection: 'close' }),
    );
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    let done = false;
    const fail = (e: Error): void => {
      if (done) return;
      done = true;
      reject(e);
    };
    req.on('data', (c: Buffer) => {
      if (done) return;
      n += c.length;
      if (n > limit) {
        fail(new HttpError(413, `the body is over ${limit} bytes, the limit`, [], { connection: 'close' }));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, n));
    });
    // A request stream fails only on the client's side (an upload aborted mid-body): a 400, not a server bug.
    // Every request emits 'close' once answered; the error is built only when the body had not ended (building
    // one, with its stack, for each request cost about 2% of the service's time).
    req.on('error', (e: Error) => {
      if (!done) fail(new HttpError(400, `the request body could not be read (${e.message})`));
    });
    req.on('close', () => {
      if (!done) fail(new HttpError(400, 'the client closed the connection before the body ended'));
    });
  });
}

/**
 * The answer to an error Node's HTTP parser raised on a connection (before a request reached the handler, or while
 * its body was arriving): status, reason phrase and message.
 */
export function clientErrorAnswer(code: string | undefined): [number, string, string] {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return [408, 'Request Timeout', 'the request was not received in time (server.requestTimeout)'];
  }
  if (code === 'HPE_HEADER_OVERFLOW')
    return [431, 'Request Header Fields Too Large', 'the request headers are too large'];
  // The client ended its side of the connection (FIN) within a request: an upload given up mid-body, not bad syntax.
  if (code === 'HPE_INVALID_EOF_STATE') {
    return [400, 'Bad Request', 'the client closed the connection before the request ended'];
  }
  return [400, 'Bad Request', 'malformed HTTP request'];
}

/**
 * The path of a request target: origin-form (`/healthz?x`) as written up to the query, absolute-form
 * (`http://host:port/healthz`, which HTTP/1.1 servers must accept) without its scheme and authority. The path is not
 * normalised (`/a/../healthz` stays unknown), as before.
 */
function targetPath(rawUrl: string): string {
  let target = rawUrl;
  if (target.charCodeAt(0) !== 47) {
    const m = /^https?:\/\/[^/?#]*/i.exec(target);
    if (m !== null) {
      const rest = target.slice(m[0].length);
      target = rest.charCodeAt(0) === 47 ? rest : `/${rest}`;
    }
  }
  const q = target.indexOf('?');
  return q < 0 ? target : target.slice(0, q);
}

/** Whether an answer tells the client that the connection closes after it. */
function closesConnection(res: ServerResponse): boolean {
  const c = res.getHeader('connection');
  return typeof c === 'string' && c.toLowerCase() === 'close';
}

/** A request body read as JSON, with the keys it gives more than once with different values (JSON.parse kept the last). */
interface JsonBody {
  json: unknown;
  conflicts: DuplicateJsonKey[];
}

async function readJson(req: IncomingMessage, limit: number): Promise<JsonBody> {
  const [rawType, ...params] = String(req.headers['content-type'] ?? '').split(';');
  const type = rawType.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(415, `content-type must be application/json, got '${type || '(none)'}'`);
  }
  // JSON is UTF-8 (RFC 8259); a body declared in another charset would be decoded wrongly, not read.
  const charset = params
    .map((p) => p.trim().toLowerCase())
    .find((p) => p.startsWith('charset='))
    ?.slice(8)
    .replace(/^"|"$/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new HttpError(415, `the body must be UTF-8 JSON, got charset '${charset}'`);
  }
  const body = await readBody(req, limit);
  if (body.length === 0)
    throw new HttpError(400, 'the body is empty', [{ path: '$', reason: 'expected a JSON object' }]);
  if (!isUtf8(body)) {
    const at = firstInvalidUtf8(body);
    throw new HttpError(400, 'the body is not valid UTF-8', [
      { path: '$', reason: `the bytes from offset ${at} are not UTF-8` },
    ]);
  }
  // A leading byte-order mark is skipped, as RFC 8259 allows and the dataset reader does (JSON.parse refused it
  // with an invisible character in the reason).
  const decoded = body.toString('utf8');
  const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, 'the body is not valid JSON', [{ path: '$', reason: visible((e as Error).message) }]);
  }
  // Every conflicting key (the body is bounded, the scan linear): lenient predictions read each as missing.
  return { json, conflicts: findDuplicateJsonKeys(text, Infinity, true) };
}

/**
 * A message with its invisible characters (controls, zero-width and directional marks, a byte-order mark) written as
 * `\uXXXX`, so that a reason quoting the body shows what is there.
 */
function visible(message: string): string {
  return message.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (c) => {
    const hex = c.codePointAt(0)!.toString(16).toUpperCase();
    return hex.length <= 4 ? `\\u${hex.padStart(4, '0')}` : `\\u{${hex}}`;
  });
}

/** Characters of a repeated key's path (the holding object's path, then the key's step) kept in a problem. */
const PATH_HEAD = 200;
const KEY_HEAD = 100;

/** `text` cut to its first `n` characters (a surrogate pair kept whole) with how many were cut, if longer. */
function cut(text: string, n: number): string {
  if (text.length <= n) return text;
  const end = /[\uDC00-\uDFFF]/.test(text[n]!) ? n - 1 : n;
  return `${text.slice(0, end)}…(+${text.length - end} characters)`;
}

/**
 * The path of a repeated key for a problem: `jsonPathKey(d.path, d.key)` with the holding object's path cut to its
 * first {@link PATH_HEAD} characters and the key's step to its first {@link KEY_HEAD}, each saying how much was cut.
 * A body repeating a key in each of its nested objects has conflicts whose paths are as long as the nesting: twenty
 * of them made a 1 MB body's 400 about 2 MB.
 */
function conflictPath(d: DuplicateJsonKey): string {
  return cut(d.path, PATH_HEAD) + cut(jsonPathKey('', d.key), KEY_HEAD);
}

/** The 400 for keys given more than once with different values (the first 20 named, long paths cut). */
function conflictError(conflicts: DuplicateJsonKey[]): HttpError {
  return new HttpError(
    400,
    'the body gives a key more than once with different values',
    conflicts.slice(0, 20).map((d) => ({
      path: conflictPath(d),
      reason: 'given more than once with different values',
    })),
  );
}

/**
 * The body of `POST /v1/fit-predictions` with its conflicting keys settled. With `"badValues": "missing"` (given once)
 * a record's field given more than once with different values is read as missing, as the dataset reader reads such
 * a line, and noted with its path; a key repeated inside a nested value of a record (an object the reader reads as
 * missing or ignores) is let be, as the reader lets it be. Anywhere else (or in the default mode) such a key is a 400.
 */
function settlePredictionConflicts(body: JsonBody): { json: unknown; notes: RequestProblem[] } {
  if (body.conflicts.length === 0) return { json: body.json, notes: [] };
  const json = body.json as { records?: unknown; badValues?: unknown } | null;
  const records = json !== null && typeof json === 'object' && Array.isArray(json.records) ? json.records : null;
  /**
   * The record the conflict is in (-1: none) and whether it is in the record's own keys, not deeper. Placed by its
   * depth and first path steps, not by its path: a body may repeat a key in each of thousands of nested objects.
   */
  const inRecord = (d: DuplicateJsonKey): [number, boolean] => {
    const [top, i] = d.head;
    if (records === null || top !== 'records' || typeof i !== 'number') return [-1, false];
    const r: unknown = records[i];
    return [r !== null && typeof r === 'object' && !Array.isArray(r) ? i : -1, d.depth === 2];
  };
  if (json?.badValues !== 'missing' || body.conflicts.some((d) => inRecord(d)[0] < 0)) {
    throw conflictError(body.conflicts);
  }
  const notes: RequestProblem[] = [];
  for (const d of body.conflicts) {
    const [i, own] = inRecord(d);
    if (!own) continue;
    (records![i] as Record<string, unknown>)[d.key] = null;
    notes.push({
      path: conflictPath(d),
      reason: 'given more than once with different values: read as missing',
    });
  }
  return { json, notes };
}

/** Byte offset of the first byte that does not begin a valid UTF-8 sequence (the body is known to be invalid). */
function firstInvalidUtf8(body: Buffer): number {
  let i = 0;
  while (i < body.length) {
    const b = body[i];
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0 || i + len > body.length || !isUtf8(body.subarray(i, i + len))) return i;
    i += len;
  }
  return body.length;
}

/** The timeouts node's HTTP server keeps: `connectionsCheckingInterval` is how often it looks for expired requests. */
interface ConnectionTimeouts {
  requestTimeout: number;
  headersTimeout: number;
  connectionsCheckingInterval: number;
}

/**
 * The server's timeouts for a `requestTimeoutMs` option. Node checks them only when its connection-checking timer
 * fires (every 30 s by default): set on the server after it was created, a timeout of 1,500 ms gave a 408 after about
 * 30 s, the default 30 s one after 30 to 60 s. The timer here fires every quarter of the shortest timeout (at least
 * every 1,000 ms, at most every 10 ms); it looks only at connections with a request under way.
 */
function connectionTimeouts(requestTimeoutMs: number | undefined): ConnectionTimeouts {
  const given = requestTimeoutMs ?? 30_000;
  if (typeof given !== 'number' || !(given >= 0 && given <= Number.MAX_SAFE_INTEGER)) {
    throw new InvalidArgumentError(
      `startFitServer: requestTimeoutMs must be a number of milliseconds from 0 (no limit) to 2^53 - 1, got ${String(given)}`,
    );
  }
  const requestTimeout = Math.ceil(given);
  const headersTimeout = Math.min(requestTimeout, 20_000);
  const shortest = requestTimeout > 0 ? headersTimeout : 4_000;
  return {
    requestTimeout,
    headersTimeout,
    connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(shortest / 4))),
  };
}

/**
 * Starts the HTTP JSON service of a loaded {@link FitService} on node's http module:
 * `POST /v1/fit-predictions`, `POST /v1/size-recommendations`, `GET /v1/model` (the manifest) and `GET /healthz`
 * (`{"status": "ok", model, kind, inFlight}`, `inFlight` the other requests being handled; 503 while closing).
 * Request targets in origin form (`/healthz`) and absolute form (`http://host/healthz`) are served, paths as written.
 * Every answer of a request that reaches the handler is JSON with an `x-request-id` header; errors are
 * `{"error": {status, message, problems, requestId}}` with 400 (schema: path + reason of each problem), 404, 405
 * (with `Allow`), 413 (body limit; with `Expect: 100-continue`, before any `100 Continue`), 415 (content type), 501
 * (no history) or 500 (a bug: the message is logged, the client gets the request id). Errors of node's HTTP parser
 * (malformed request, headers too large, a body too slow or ended by the client) get a JSON error without request id
 * and close the connection. Node itself answers, without a JSON body and without a log line, an HTTP/1.1 request
 * without `Host` (400) and an `Expect` other than `100-continue` (417). No input makes the process fail: each
 * request's errors are caught. One JSON log line per request that reaches the handler (see {@link RequestLogEntry})
 * with the status the client got, the 408 of a body that arrived too slowly included.
 * @returns the running server once it listens.
 * @throws the listen error (e.g. EADDRINUSE).
 * @throws InvalidArgumentError when `requestTimeoutMs` is not a number of milliseconds from 0 to 2^53 - 1.
 */
export async function startFitServer(service: FitService, options: FitServerOptions = {}): Promise<RunningFitServer> {
  const timeouts = connectionTimeouts(options.requestTimeoutMs);
  const batchRecords = options.batchRecords ?? DEFAULT_BATCH_RECORDS;
  if (!(Number.isInteger(batchRecords) && batchRecords >= 0 && batchRecords <= MAX_BATCH_RECORDS)) {
    throw new InvalidArgumentError(
      `batchRecords must be an integer from 0 to ${MAX_BATCH_RECORDS}, got ${String(batchRecords)}`,
    );
  }
  const batcher = batchRecords > 0 ? new PredictionBatcher(service, batchRecords) : undefined;
  const log = options.log ?? ((line: string) => void process.stdout.write(line + '\n'));
  const limit = service.limits.maxBodyBytes;
  let inFlight = 0;
  let draining = false;
  let closing: Promise<{ forced: boolean }> | null = null;
  let drained: (() => void) | null = null;

  const routes: Record<string, Route> = {
    '/healthz': {
      methods: ['GET', 'HEAD'],
      handle: () => {
        if (draining) throw new HttpError(503, 'the service is shutting down');
        // The other requests being handled: this health check is one of the `inFlight` requests too.
        return { status: 'ok', model: service.manifest.model, kind: service.manifest.kind, inFlight: inFlight - 1 };
      },
    },
    '/v1/model': { methods: ['GET', 'HEAD'], handle: () => service.manifest },
    '/v1/fit-predictions': {
      methods: ['POST'],
      handle: async (req, ctx) => {
        const { json, notes } = settlePredictionConflicts(await readJson(req, limit));
        const r = batcher !== undefined ? await batcher.predict(json, notes) : service.predict(json, notes);
        ctx.records = r.records;
        return r.body;
      },
    },
    '/v1/size-recommendations': {
      methods: ['POST'],
      handle: async (req, ctx) => {
        const body = await readJson(req, limit);
        if (body.conflicts.length > 0) throw conflictError(body.conflicts);
        const r = service.recommend(body.json);
        ctx.records = r.records;
        return r.body;
      },
    },
  };

  // What the 'clientError' handler wrote on a socket itself (a 408 when a body arrives too slowly), so that the
  // request being read there is logged with the status the client got, not the 400 its aborted body gives.
  const answeredBySocket = new WeakMap<object, { status: number; message: string }>();

  /**
   * Sends an answer; false when none can be sent any more (already answered, by this handler or by the
   * 'clientError' handler on the socket, or the connection is gone).
   */
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): boolean => {
    if (res.headersSent || res.destroyed || (res.socket !== null && answeredBySocket.has(res.socket))) return false;
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': JSON_TYPE,
      'content-length': String(Buffer.byteLength(text)),
      ...(draining ? { connection: 'close' } : {}),
      ...headers,
    });
    res.end(text);
    return true;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const t0 = performance.now();
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    const path = targetPath(req.url ?? '/');
    const method = req.method ?? 'GET';
    const ctx: Ctx = { records: 0 };
    let status = 200;
    let error: string | undefined;
    let sent = false;
    inFlight++;
    try {
      const route = Object.prototype.hasOwnProperty.call(routes, path) ? routes[path] : undefined;
      if (route === undefined) throw new HttpError(404, `no such path: ${path.slice(0, 200)}`);
      if (!route.methods.includes(method)) {
        throw new HttpError(405, `${method} is not allowed on ${path} (allowed: ${route.methods.join(', ')})`, [], {
          allow: route.methods.join(', '),
        });
      }
      const body = await route.handle(req, ctx);
      sent = send(res, 200, body, { 'x-request-id': id });
    } catch (e) {
      if (e instanceof HttpError) {
        status = e.status;
        error = e.message;
        sent = send(
          res,
          status,
          { error: { status, message: e.message, problems: e.problems, requestId: id } },
          { 'x-request-id': id, ...e.headers },
        );
      } else {
        status = 500;
        error = e instanceof Error ? (e.stack ?? e.message) : String(e);
        sent = send(
          res,
          500,
          { error: { status: 500, message: `internal error; quote request id ${id}`, problems: [], requestId: id } },
          { 'x-request-id': id },
        );
      }
    } finally {
      inFlight--;
      const answered = sent ? undefined : answeredBySocket.get(req.socket);
      if (answered !== undefined) {
        status = answered.status;
        error = answered.message;
      }
      const entry: RequestLogEntry = {
        time: new Date().toISOString(),
        id,
        method,
        path: path.slice(0, 200),
        status,
        ms: Math.round((performance.now() - t0) * 1000) / 1000,
        records: ctx.records,
        ...(error !== undefined ? { error } : {}),
      };
      try {
        log(formatRequestLog(entry));
      } catch {
        // A failing log sink must not fail the request.
      }
      if (draining && inFlight === 0 && drained !== null) drained();
    }
  };

  // Each open connection with the number of its requests not answered in full yet, so that close() can end the
  // connections no request is using: node's closeIdleConnections() leaves one that has sent no request, and closing
  // then waited for the timeout and said requests were cut.
  const connections = new Map<Socket, number>();
  const endUnused = (): void => {
    // (a connection the 'clientError' handler answered is ending on its own, once its answer is written)
    for (const [socket, requests] of connections) {
      if (requests === 0 && !answeredBySocket.has(socket)) socket.destroy();
    }
  };
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const socket = req.socket;
    connections.set(socket, (connections.get(socket) ?? 0) + 1);
    res.once('close', () => {
      const requests = connections.get(socket);
      if (requests === undefined) return;
      connections.set(socket, requests - 1);
      // An answer sent keep-alive before close() and still being written when the last request finished: its
      // connection is unused now (an answer with `Connection: close` has node close it).
      if (requests === 1 && draining && inFlight === 0 && !closesConnection(res)) socket.destroy();
    });
    handle(req, res).catch(() => res.destroy());
  };
  const server = createServer(timeouts, onRequest);
  server.on('connection', (socket: Socket) => {
    connections.set(socket, 0);
    socket.once('close', () => connections.delete(socket));
  });
  // 'Expect: 100-continue': a body declared over the limit is answered 413 without inviting the client to send it.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const declared = req.headers['content-length'];
    if (!(declared !== undefined && Number(declared) > limit)) res.writeContinue();
    onRequest(req, res);
  });
  server.on('clientError', (err: Error & { code?: string }, socket) => {
    if (socket.writable && err.code !== 'ECONNRESET') {
      const [status, reason, message] = clientErrorAnswer(err.code);
      answeredBySocket.set(socket, { status, message });
      const text = JSON.stringify({ error: { status, message, problems: [] } });
      socket.end(
        `HTTP/1.1 ${status} ${reason}\r\ncontent-type: ${JSON_TYPE}\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
      );
    } else socket.destroy();
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shutdownTimeout = options.shutdownTimeoutMs ?? 10_000;

  return {
    server,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    inFlight: () => inFlight,
    close() {
      if (closing !== null) return closing;
      draining = true;
      closing = new Promise<{ forced: boolean }>((resolve) => {
        let forced = false;
        const closed = new Promise<void>((r) => server.close(() => r()));
        server.closeIdleConnections();
        endUnused();
        const idle = new Promise<void>((r) => {
          if (inFlight === 0) r();
          else drained = r;
        });
        const timer = setTimeout(() => {
          // Cut: a request still being handled, or an answer still being written.
          forced = inFlight > 0 || [...connections.values()].some((requests) => requests > 0);
          server.closeAllConnections();
          for (const socket of connections.keys()) socket.destroy();
        }, shutdownTimeout);
        void idle
          .then(() => {
            server.closeIdleConnections();
            endUnused();
          })
          .then(() => closed)
          .then(() => {
            clearTimeout(timer);
            resolve({ forced });
          });
      });
      return closing;
    },
  };
}
