import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { Server as HttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A loopback HTTP server for protocol tests. It records every request and answers through a
 * protocol handler (Anthropic, OpenAI, Gemini… see the sibling files). Faults are injected per
 * request: `enqueue` replies for the next requests in order, or `intercept` to decide per request.
 */

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. '/v1/messages'. */
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (undefined when empty or not JSON). */
  body: unknown;
  rawBody: string;
}

export interface SseEvent {
  event?: string;
  data: unknown;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  /** Server-sent events, written one by one. */
  sse?: SseEvent[];
  text?: string;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Destroy the connection without answering (a network reset). */
  reset?: boolean;
  /** Never answer (until the client gives up or the server closes). */
  hang?: boolean;
  /** For SSE: destroy the connection after this many events (a stream cut mid-way). */
  cutAfterEvents?: number;
  /** JSON Lines, written one by one (batch results files). */
  lines?: string[];
  /** For `lines`: write this many, then half of the next, then destroy the connection. */
  cutAfterLines?: number;
}

export type Handler = (req: RecordedRequest) => Reply | Promise<Reply>;

/**
 * Checks every request before anything else answers it (queued and intercepted replies included):
 * a Reply refuses the request, undefined lets it through. The contract servers (test/contracts/) set it.
 */
export type Gate = (req: RecordedRequest) => Reply | undefined;

export interface ProtocolServer {
  /** 'http://127.0.0.1:PORT' */
  url: string;
  port: number;
  requests: RecordedRequest[];
  enqueue(...replies: Reply[]): void;
  /** Return a Reply to answer a request yourself, or undefined to let the protocol handler answer. */
  intercept(fn: ((req: RecordedRequest) => Reply | undefined) | undefined): void;
  /** The last recorded request's JSON body. */
  lastBody(): Record<string, unknown>;
  /** Requests the gate refused, with the reply they got. */
  refused: { request: RecordedRequest; reply: Reply }[];
  close(): Promise<void>;
}

export async function startProtocolServer(handler: Handler, gate?: Gate): Promise<ProtocolServer> {
  const requests: RecordedRequest[] = [];
  const refused: ProtocolServer['refused'] = [];
  const queue: Reply[] = [];
  let interceptor: ((req: RecordedRequest) => Reply | undefined) | undefined;

  const server = createServer(async (req, res) => {
    const rec = await recordRequest(req);
    requests.push(rec);
    const refusal = gate?.(rec);
    if (refusal) refused.push({ request: rec, reply: refusal });
    const reply = refusal ?? queue.shift() ?? interceptor?.(rec) ?? (await handler(rec));
    await send(res, reply);
  });
  const { url, port, close } = await listenLoopback(server);

  return {
    url,
    port,
    requests,
    enqueue: (...replies) => void queue.push(...replies),
    intercept: (fn) => {
      interceptor = fn;
    },
    lastBody: () => (requests[requests.length - 1]?.body ?? {}) as Record<string, unknown>,
    refused,
    close,
  };
}

/** Reads a request whole; the body is parsed as JSON when it is JSON. */
export async function recordRequest(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const rawBody = Buffer.concat(chunks).toString('utf8');
  let body: unknown;
  try {
    body = rawBody ? JSON.parse(rawBody) : undefined;
  } catch {
    body = undefined;
  }
  return { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body, rawBody };
}

/**
 * Listens on a free loopback port (its URL https:// for an HTTPS server). `close` destroys the open
 * sockets first, so that kept-alive client connections cannot hold the server open.
 */
export async function listenLoopback(
  server: Server | HttpsServer,
): Promise<{ url: string; port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${server instanceof HttpsServer ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** One server-sent event as written on the wire. */
export function sseEvent(ev: SseEvent): string {
  const data = typeof ev.data === 'string' ? ev.data : JSON.stringify(ev.data);
  return `${ev.event ? `event: ${ev.event}\n` : ''}data: ${data}\n\n`;
}

async function send(res: ServerResponse, reply: Reply): Promise<void> {
  if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
  if (reply.hang) return;
  if (reply.reset) {
    res.socket?.destroy();
    return;
  }
  const status = reply.status ?? 200;
  if (reply.sse) {
    res.writeHead(status, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      ...reply.headers,
    });
    let n = 0;
    for (const ev of reply.sse) {
      if (reply.cutAfterEvents !== undefined && n >= reply.cutAfterEvents) {
        res.socket?.destroy();
        return;
      }
      res.write(sseEvent(ev));
      n++;
    }
    res.end();
    return;
  }
  if (reply.lines) {
    res.writeHead(status, { 'content-type': 'application/binary', ...reply.headers });
    for (const [i, line] of reply.lines.entries()) {
      if (reply.cutAfterLines !== undefined && i >= reply.cutAfterLines) {
        res.write(line.slice(0, Math.floor(line.length / 2)));
        await new Promise((r) => setTimeout(r, 20));
        res.socket?.destroy();
        return;
      }
      res.write(`${line}\n`);
    }
    res.end();
    return;
  }
  if (reply.json !== undefined) {
    res.writeHead(status, { 'content-type': 'application/json', ...reply.headers });
    res.end(JSON.stringify(reply.json));
    return;
  }
  res.writeHead(status, { 'content-type': 'text/plain', ...reply.headers });
  res.end(reply.text ?? '');
}

/** A JSON error reply in the common `{error:{type,message}}` shape. */
export function errorReply(status: number, message: string, headers: Record<string, string> = {}): Reply {
  return { status, headers, json: { type: 'error', error: { type: 'error', message } } };
}
