import http from 'node:http';
import { createRequire } from 'node:module';

// node:https (and TLS under it) loads only for an https:// server: ~5 ms of every local run's start.
const requireBuiltin = createRequire(import.meta.url);
const httpsModule = (): typeof import('node:https') => requireBuiltin('node:https');

/**
 * A lean JSON-over-HTTP client on node:http keep-alive sockets, for OpenAI-compatible servers. Against
 * a fast local server (vLLM, llama.cpp) the official SDK's fetch stack costs several times the CPU of
 * the request itself; this sends the same body and hands back the same parsed JSON, and fails in ways
 * `toProviderError` classifies exactly as it does the SDK's errors (see HttpStatusError).
 */
export interface JsonResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  /** The body as received. */
  text: string;
}

/**
 * A non-2xx answer, shaped like the SDK's APIError: numeric `status`, the response `headers` and the
 * message the SDK would make (`<status> <error.message>`), so retries, retry-after and error text match.
 */
export class HttpStatusError extends Error {
  override name = 'HttpStatusError';
  constructor(
    readonly status: number,
    readonly headers: http.IncomingHttpHeaders,
    bodyText: string,
  ) {
    super(statusMessage(status, bodyText));
  }
}

/** The SDK's APIError.makeMessage: the JSON body's `error.message`, else the whole `error`, else the text. */
export function statusMessage(status: number, bodyText: string): string {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    json = undefined;
  }
  const error = json && typeof json === 'object' ? (json as { error?: unknown }).error : undefined;
  const em = error && typeof error === 'object' ? (error as { message?: unknown }).message : undefined;
  const msg = em
    ? typeof em === 'string'
      ? em
      : JSON.stringify(em)
    : error
      ? JSON.stringify(error)
      : json === undefined
        ? bodyText
        : undefined;
  return msg ? `${status} ${msg}` : `${status} status code (no body)`;
}

/**
 * As the SDK reads a 2xx body: nothing for 204, JSON for a JSON media type (an empty body when
 * content-length is 0), else the text itself, which the provider then rejects as an unexpected body.
 */
export function parseBody(status: number, headers: http.IncomingHttpHeaders, text: string): unknown {
  if (status === 204) return null;
  const media = headers['content-type']?.split(';')[0]?.trim();
  if (media?.includes('application/json') || media?.endsWith('+json')) {
    if (headers['content-length'] === '0') return undefined;
    return JSON.parse(text);
  }
  return text;
}

/** What http.request's own `signal` handling rejects with. */
function abortError(signal: AbortSignal): Error {
  return Object.assign(new Error('The operation was aborted', { cause: signal.reason }), {
    name: 'AbortError',
    code: 'ABORT_ERR',
  });
}

/**
 * No byte for the idle time of a stream. Worded as the runner words its own timeout ('request timed
 * out'), and named as the SDKs name theirs, so that it is classified alike: class timeout, retryable.
 */
export class IdleTimeoutError extends Error {
  override name = 'TimeoutError';
  constructor() {
    super('request timed out');
  }
}

/** The idle watch looks at the socket this many times per `idleMs`. */
const IDLE_CHECKS = 4;

/**
 * Calls `onIdle` once the request's socket has received no byte for `idleMs`, give or take a quarter:
 * it compares the socket's byte count a quarter of `idleMs` apart, and fires after four quiet looks in
 * a row, so between `idleMs` and 1.25 × `idleMs` after the last byte. Nothing runs per chunk: a trace
 * streamed a token at a time arrives in ~10k chunks a sample, and re-arming a timer on each cost ~3% of
 * the stream's CPU.
 */
function watchIdle(req: http.ClientRequest, idleMs: number, onIdle: () => void): NodeJS.Timeout {
  let last = -1;
  let quiet = 0;
  return setInterval(() => {
    const read = req.socket?.bytesRead ?? 0;
    if (read !== last) {
      last = read;
      quiet = 0;
    } else if (++quiet >= IDLE_CHECKS) {
      onIdle();
    }
  }, idleMs / IDLE_CHECKS).unref();
}

export class JsonClient {
  private readonly agent: http.Agent;
  private readonly request: typeof http.request;
  private readonly url: URL;

  constructor(
    baseURL: string,
    private readonly headers: Record<string, string>,
  ) {
    this.url = new URL(baseURL.replace(/\/+$/, ''));
    const lib = this.url.protocol === 'https:' ? httpsModule() : http;
    this.request = lib.request;
    // One pooled, kept-alive socket per concurrent request; idle ones are closed by the server or on close().
    this.agent = new lib.Agent({ keepAlive: true });
  }

  /** POSTs `body` as JSON to `<baseURL><path>` and parses the JSON answer. */
  post(path: string, body: unknown, signal: AbortSignal): Promise<JsonResponse> {
    return this.send(path, body, signal, 'application/json', (res, resolve, reject) => {
      res.setEncoding('utf8');
      let text = '';
      res.on('data', (c: string) => {
        text += c;
      });
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) return reject(new HttpStatusError(status, res.headers, text));
        try {
          resolve({ status, headers: res.headers, body: parseBody(status, res.headers, text), text });
        } catch (err) {
          reject(err as Error);
        }
      });
    });
  }

  /**
   * POSTs `body` as JSON and hands a 2xx `text/event-stream` answer to `onText` piece by piece, as
   * decoded UTF-8 (a character cut across packets is held back by the decoder). A non-2xx answer is an
   * HttpStatusError as for `post`; another media type, a TimeoutError-named error after `idleMs`
   * without a byte, and whatever `onText` throws end the request with that error.
   */
  postStream(
    path: string,
    body: unknown,
    signal: AbortSignal,
    idleMs: number,
    onText: (text: string) => void,
  ): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
    return this.send(
      path,
      body,
      signal,
      'text/event-stream',
      (res, resolve, reject, fail) => {
        res.setEncoding('utf8');
        const status = res.statusCode ?? 0;
        const media = res.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
        if (status < 200 || status >= 300 || media !== 'text/event-stream') {
          let text = '';
          res.on('data', (c: string) => {
            text += c;
          });
          res.on('end', () =>
            reject(
              status < 200 || status >= 300
                ? new HttpStatusError(status, res.headers, text)
                : new Error(`stream ended: expected text/event-stream, got ${media ?? 'no content type'}`),
            ),
          );
          return;
        }
        res.on('data', (c: string) => {
          try {
            onText(c);
          } catch (err) {
            fail(err as Error);
          }
        });
        res.on('end', () => resolve({ status, headers: res.headers }));
      },
      idleMs,
    );
  }

  /**
   * One request: `onResponse` reads the answer; a socket closed mid-body, a request error, the
   * caller's abort, the idle watch (when `idleMs` is given: watchIdle) or `fail` end it.
   */
  private send<T>(
    path: string,
    body: unknown,
    signal: AbortSignal,
    accept: string,
    onResponse: (
      res: http.IncomingMessage,
      resolve: (v: T) => void,
      reject: (e: Error) => void,
      fail: (e: Error) => void,
    ) => void,
    idleMs?: number,
  ): Promise<T> {
    const data = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(abortError(signal));
      const req = this.request(
        {
          agent: this.agent,
          method: 'POST',
          protocol: this.url.protocol,
          hostname: this.url.hostname,
          port: this.url.port,
          path: `${this.url.pathname}${path}${this.url.search}`,
          headers: {
            ...this.headers,
            'content-type': 'application/json',
            accept,
            'content-length': Buffer.byteLength(data),
          },
        },
        (res) => {
          res.on('error', reject);
          // A socket closed mid-body without an 'error' event still must not hang the request.
          res.on('close', () => {
            if (!res.complete)
              reject(Object.assign(new Error('response terminated'), { code: 'ECONNRESET' }));
          });
          onResponse(res, resolve, reject, (e) => {
            reject(e);
            req.destroy();
          });
        },
      );
      req.on('error', reject);
      // One listener of our own rather than http.request's `signal` option, which costs Node several
      // listeners and an end-of-stream watcher per request (measurable at a thousand requests a second).
      const onAbort = () => req.destroy(abortError(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      const idle =
        idleMs === undefined
          ? undefined
          : watchIdle(req, idleMs, () => {
              reject(new IdleTimeoutError());
              req.destroy();
            });
      req.on('close', () => {
        signal.removeEventListener('abort', onAbort);
        if (idle) clearInterval(idle);
      });
      req.end(data);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
