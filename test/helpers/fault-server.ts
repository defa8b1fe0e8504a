import { createHash } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import { anthropicReply, defaultTurn, type TurnFn } from './anthropic-server.js';
import { EMPTY_ANSWER_KINDS, type EmptyAnswerKind, emptyAnswer } from './empty-answers.js';
import { defaultGeminiTurn, geminiReply } from './gemini-server.js';
import { defaultChatTurn, type OpenAIServerOptions, openaiReply } from './openai-server.js';
import {
  listenLoopback,
  type RecordedRequest,
  type Reply,
  recordRequest,
  sseEvent,
} from './protocol-server.js';

/**
 * A loopback model server that speaks the OpenAI Chat Completions and Responses APIs
 * (`/v1/chat/completions`, `/v1/responses`), the Anthropic Messages API (`/v1/messages`, JSON or
 * SSE) and Gemini's generateContent (`/v1beta/models/…`), and injects faults into a share of
 * the requests. Whether a request is faulted, and how, is a pure function of (seed, request body,
 * how many times that same body was seen before), so a run gets the same faults whatever the
 * concurrency or order. Every request is logged, so a test can check the client's bookkeeping
 * against what the server actually saw.
 */

export const FAULT_KINDS = [
  'rate-limit', // 429, no retry-after
  'rate-limit-retry-after', // 429 with retry-after (seconds)
  'overloaded-529',
  'server-500',
  'bad-gateway-502',
  'unavailable-503',
  'reset-mid-body', // headers and half the body, then the socket is destroyed
  'hang', // never answers; the client's timeout must fire
  'truncated-json', // a well-formed HTTP response whose JSON body (or SSE event) is cut short
  'slow-body', // the body trickles in over `slowMs`: slower, but a success
  'stalled-body', // half the body, then nothing until past the client's timeout
  'wrong-content-type', // 200 text/html, like a proxy's error page
  'error-payload', // 200 whose body (or SSE stream) is an error object
  ...EMPTY_ANSWER_KINDS, // 200 whose body parses but holds no answer (see empty-answers.ts)
  'echo-request', // 500 whose message quotes the request's URL and credentials, as a debugging proxy may
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Faults after which the request still succeeds. */
export const BENIGN_FAULTS: ReadonlySet<FaultKind> = new Set(['slow-body']);

/** The error class the runner should record when a sample's last attempt met this fault. */
export const FAULT_CLASS: Record<FaultKind, string | null> = {
  'rate-limit': 'rate_limit',
  'rate-limit-retry-after': 'rate_limit',
  'overloaded-529': 'overloaded',
  'server-500': 'server',
  'bad-gateway-502': 'server',
  'unavailable-503': 'overloaded',
  'reset-mid-body': 'network',
  hang: 'timeout',
  'truncated-json': 'bad_response',
  'slow-body': null,
  'stalled-body': 'timeout',
  'wrong-content-type': 'bad_response',
  'error-payload': 'overloaded',
  'no-choices': 'bad_response',
  'empty-choice': 'bad_response',
  'null-content': 'bad_response',
  'content-filter': 'bad_response',
  'echo-request': 'server',
};

export interface FaultServerOptions {
  seed: number;
  /** Share of requests that get a fault, 0–1. */
  rate: number;
  /** Relative weight per kind; kinds left out are never injected. Default: every kind, equally. */
  weights?: Partial<Record<FaultKind, number>>;
  /** How long 'hang' and 'stalled-body' hold the connection (keep it above the client's timeout). */
  hangMs?: number;
  /** How long 'slow-body' spreads its body over (keep it well below the client's timeout). */
  slowMs?: number;
  /** The retry-after header of 'rate-limit-retry-after', in seconds. */
  retryAfterS?: number;
  anthropicTurn?: TurnFn;
  openai?: OpenAIServerOptions;
}

export interface LoggedRequest {
  /** Hash of path + body: the same sample retried has the same key. */
  key: string;
  /** 0 for the first time this key was seen, 1 for the first retry… */
  attempt: number;
  path: string;
  fault: FaultKind | null;
}

export interface FaultServer {
  url: string;
  /** Every model request (not /tokenize), in arrival order. */
  log: LoggedRequest[];
  injected: Record<FaultKind, number>;
  /** Per request key: the fault met by each attempt, null for a normal answer. */
  byKey: Map<string, (FaultKind | null)[]>;
  /** The exact body bytes each normal (unfaulted) answer carried, by request key. */
  sent: Map<string, Buffer>;
  close(): Promise<void>;
}

/** A number in [0, 1) from the hash of its parts. */
function unit(...parts: (string | number)[]): number {
  const h = createHash('sha256').update(parts.join('\u0000')).digest();
  return h.readUInt32BE(0) / 2 ** 32;
}

export function pickFault(
  o: Pick<FaultServerOptions, 'seed' | 'rate' | 'weights'>,
  key: string,
  attempt: number,
): FaultKind | null {
  if (unit(o.seed, 'fault?', key, attempt) >= o.rate) return null;
  const weights = FAULT_KINDS.map((k) => (o.weights ? (o.weights[k] ?? 0) : 1));
  const total = weights.reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  let x = unit(o.seed, 'kind', key, attempt) * total;
  for (let i = 0; i < FAULT_KINDS.length; i++) {
    x -= weights[i];
    if (x < 0) return FAULT_KINDS[i];
  }
  return FAULT_KINDS[FAULT_KINDS.length - 1];
}

export async function startFaultServer(o: FaultServerOptions): Promise<FaultServer> {
  const log: LoggedRequest[] = [];
  const byKey = new Map<string, (FaultKind | null)[]>();
  const sent = new Map<string, Buffer>();
  const injected = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const server = createServer(async (req, res) => {
    const rec = await recordRequest(req);
    // Routed by path alone: a base URL's query (`?api-key=…`) reaches the server, as through a proxy.
    const routed = { ...rec, path: rec.path.replace(/\?.*$/, '') };
    const reply = routed.path.startsWith('/v1/messages')
      ? anthropicReply(routed, o.anthropicTurn ?? defaultTurn)
      : routed.path.startsWith('/v1beta/models/')
        ? geminiReply(routed, defaultGeminiTurn)
        : openaiReply(routed, o.openai ?? { turn: defaultChatTurn });
    if (routed.path === '/tokenize') return void serialize(res, reply, null, rec);
    const key = createHash('sha256').update(`${rec.path}\n${rec.rawBody}`).digest('hex').slice(0, 20);
    const history = byKey.get(key) ?? [];
    const fault = pickFault(o, key, history.length);
    log.push({ key, attempt: history.length, path: rec.path, fault });
    history.push(fault);
    byKey.set(key, history);
    if (fault) injected[fault]++;
    // An empty answer is a well-formed 200: written as a normal reply, bent first.
    const empty = (EMPTY_ANSWER_KINDS as readonly string[]).includes(fault ?? '');
    const out = empty
      ? serialize(res, emptyAnswer(fault as EmptyAnswerKind, routed.path, reply), null, rec)
      : serialize(res, reply, fault, rec);
    if (!fault || BENIGN_FAULTS.has(fault)) sent.set(key, out);
  });

  /** Writes `reply`, bent by `fault`; returns the body bytes it meant to send. */
  function serialize(
    res: ServerResponse,
    reply: Reply,
    fault: FaultKind | null,
    rec: RecordedRequest,
  ): Buffer {
    const sse = reply.sse !== undefined;
    const contentType = sse ? 'text/event-stream' : 'application/json';
    const full = Buffer.from(
      reply.sse ? reply.sse.map(sseEvent).join('') : JSON.stringify(reply.json ?? {}),
      'utf8',
    );
    const anthropicError = (type: string, message: string) => ({
      type: 'error',
      error: { type, message },
    });
    const status = (code: number, headers: Record<string, string> = {}) => {
      const json = JSON.stringify(
        anthropicError(code === 429 ? 'rate_limit_error' : 'api_error', `fault ${code}`),
      );
      res.writeHead(code, { 'content-type': 'application/json', ...headers });
      res.end(json);
    };
    switch (fault) {
      case 'rate-limit':
        status(429);
        break;
      case 'rate-limit-retry-after':
        status(429, { 'retry-after': String(o.retryAfterS ?? 1) });
        break;
      case 'overloaded-529':
        status(529);
        break;
      case 'server-500':
        status(500);
        break;
      case 'bad-gateway-502':
        status(502);
        break;
      case 'unavailable-503':
        status(503);
        break;
      case 'reset-mid-body':
        res.writeHead(200, { 'content-type': contentType, 'content-length': String(full.length) });
        res.write(full.subarray(0, Math.floor(full.length / 2)), () => res.socket?.destroy());
        break;
      case 'hang':
        later(o.hangMs ?? 30_000, () => res.socket?.destroy());
        break;
      case 'truncated-json': {
        if (sse) {
          // Whole events up to the middle, then one event whose JSON stops half-way, then a clean end.
          const events = full.toString('utf8').split('\n\n');
          const half = Math.max(1, Math.floor(events.length / 2));
          const cut = events[half] ?? 'data: {"type":"message_delta"}';
          const broken = `${events.slice(0, half).join('\n\n')}\n\n${cut.slice(0, Math.ceil(cut.length / 2))}\n\n`;
          res.writeHead(200, { 'content-type': contentType });
          res.end(broken);
        } else {
          const part = full.subarray(0, Math.floor(full.length / 2));
          res.writeHead(200, { 'content-type': contentType, 'content-length': String(part.length) });
          res.end(part);
        }
        break;
      }
      case 'slow-body': {
        res.writeHead(200, { 'content-type': contentType, 'content-length': String(full.length) });
        const pieces = 4;
        const size = Math.ceil(full.length / pieces);
        const step = (i: number) => {
          if (res.destroyed) return;
          const piece = full.subarray(i * size, (i + 1) * size);
          if (i === pieces - 1) res.end(piece);
          else {
            res.write(piece);
            later((o.slowMs ?? 200) / pieces, () => step(i + 1));
          }
        };
        step(0);
        break;
      }
      case 'stalled-body':
        res.writeHead(200, { 'content-type': contentType, 'content-length': String(full.length) });
        res.write(full.subarray(0, Math.floor(full.length / 2)));
        later(o.hangMs ?? 30_000, () => res.socket?.destroy());
        break;
      case 'wrong-content-type':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<html><body><h1>502 Bad Gateway</h1><p>upstream went away</p></body></html>');
        break;
      case 'echo-request': {
        const h = rec.headers;
        const quoted = `${rec.method} ${rec.path} authorization=${h.authorization ?? ''} x-api-key=${h['x-api-key'] ?? ''}`;
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify(anthropicError('api_error', `upstream failed for ${quoted}`)));
        break;
      }
      case 'error-payload': {
        if (sse) {
          // The Messages API reports an overload that happens mid-stream as an `error` event.
          const first = full.toString('utf8').split('\n\n')[0];
          const err = anthropicError('overloaded_error', 'Overloaded');
          res.writeHead(200, { 'content-type': contentType });
          res.end(`${first}\n\nevent: error\ndata: ${JSON.stringify(err)}\n\n`);
        } else {
          // Some gateways answer 200 with an error object instead of an HTTP error.
          const err = {
            ...anthropicError('overloaded_error', 'Overloaded'),
            error: { type: 'overloaded_error', code: 'overloaded', message: 'Overloaded' },
          };
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(err));
        }
        break;
      }
      case null: {
        const status = reply.status ?? 200;
        res.writeHead(status, {
          'content-type': contentType,
          ...(sse ? {} : { 'content-length': String(full.length) }),
          ...reply.headers,
        });
        res.end(full);
        break;
      }
    }
    return full;
  }

  const loopback = await listenLoopback(server);
  return {
    url: loopback.url,
    log,
    injected,
    byKey,
    sent,
    close: () => {
      for (const t of timers) clearTimeout(t);
      return loopback.close();
    },
  };
}
