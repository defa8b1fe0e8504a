import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** How the loopback server misbehaves for one path. */
export interface Route {
  body: Buffer;
  /** Send the full Content-Length but cut the connection after this many bytes, for the first N requests. */
  dropAfter?: number;
  dropTimes?: number;
  /** Answer every request with 200 and the whole body, as servers without Range support do. */
  ignoreRange?: boolean;
  status?: number;
}

export interface Seen {
  path: string;
  range: string | undefined;
  authorization: string | undefined;
}

/**
 * A loopback static-file server with HTTP Range support and injectable faults. It speaks plain
 * node:http, so the client under test goes through real sockets, headers and partial bodies.
 */
export async function startFileServer(routes: Record<string, Route>) {
  const seen: Seen[] = [];
  const sockets = new Set<Socket>();
  const drops = new Map<string, number>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    seen.push({ path, range: req.headers.range, authorization: req.headers.authorization });
    const route = routes[path];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (route.status) {
      res.writeHead(route.status).end('nope');
      return;
    }
    const { body } = route;
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    let start = 0;
    if (m && !route.ignoreRange) {
      start = Number(m[1]);
      if (start >= body.length) {
        res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
        return;
      }
      res.writeHead(206, {
        'content-length': String(body.length - start),
        'content-range': `bytes ${start}-${body.length - 1}/${body.length}`,
        'accept-ranges': 'bytes',
      });
    } else {
      res.writeHead(200, { 'content-length': String(body.length), 'accept-ranges': 'bytes' });
    }
    const dropped = drops.get(path) ?? 0;
    if (route.dropAfter !== undefined && dropped < (route.dropTimes ?? 1)) {
      drops.set(path, dropped + 1);
      // Flush part of the body, then kill the socket: the client sees a truncated response.
      res.write(body.subarray(start, start + route.dropAfter), () => {
        setTimeout(() => req.socket.destroy(), 20);
      });
      return;
    }
    res.end(body.subarray(start));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    routes,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Deterministic pseudo-random bytes, so fixtures need no files on disk. */
export function fixtureBytes(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}
