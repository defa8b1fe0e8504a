import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * A real llama.cpp `llama-server`, built once per machine from the source node-llama-cpp ships
 * (scripts/build-llama-server.sh, cached outside the repo), serving the tiny GGUF fixture on a free
 * loopback port. Tests are skipped only when OVERTHINK_SKIP_LLAMA=1; otherwise a binary that cannot
 * be found or built is a failure.
 */

export const ROOT = resolve(import.meta.dirname, '../..');
export const TINY_GGUF =
  process.env.OVERTHINK_TINY_GGUF ?? resolve(ROOT, 'test/fixtures/tiny-gguf/tiny-think.gguf');
export const SKIP_LLAMA = process.env.OVERTHINK_SKIP_LLAMA === '1';

/**
 * Slack on realized reasoning tokens. The count is the server's tokenizer run over the returned
 * reasoning text: that adds a leading-space token per segment between special tokens, and llama.cpp
 * closes the think block a token or two after the budget. Measured overshoot on this fixture: up to 11.
 */
export const LLAMA_SLACK = 16;

/** Where scripts/build-llama-server.sh puts the binary (same rule as the script). */
export function cachedBinaryPath(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'node_modules/node-llama-cpp/package.json'), 'utf8')) as {
    version: string;
  };
  const cache =
    process.env.OVERTHINK_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'overthink');
  return join(cache, `llama-server-${pkg.version}`, 'build/bin/llama-server');
}

function executable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The llama-server binary: OVERTHINK_LLAMA_SERVER, else the cache, else built now (about 11 min on 2 cores). */
export function findOrBuildLlamaServer(): string {
  const given = process.env.OVERTHINK_LLAMA_SERVER;
  if (given) {
    if (!executable(given)) throw new Error(`OVERTHINK_LLAMA_SERVER=${given} is not an executable file`);
    return given;
  }
  const cached = cachedBinaryPath();
  if (executable(cached)) return cached;
  // Two test files may get here at once; the build script wipes its tree before building, so only
  // one process builds and the others wait for its binary.
  const lock = `${dirname(dirname(dirname(cached)))}.lock`;
  mkdirSync(dirname(lock), { recursive: true });
  const deadline = Date.now() + 60 * 60 * 1000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (executable(cached)) return cached;
      if (Date.now() > deadline) throw new Error(`waited an hour for another llama-server build (${lock})`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2000);
    }
  }
  try {
    return executable(cached) ? cached : buildNow();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function buildNow(): string {
  const built = spawnSync('bash', [join(ROOT, 'scripts/build-llama-server.sh')], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 60 * 60 * 1000,
  });
  const path = built.stdout.trim().split('\n').at(-1) ?? '';
  if (built.status !== 0 || !executable(path)) {
    throw new Error(
      `building llama-server failed (exit ${built.status}); set OVERTHINK_SKIP_LLAMA=1 to skip`,
    );
  }
  return path;
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

export interface LlamaServer {
  /** 'http://127.0.0.1:PORT' (append /v1 for the OpenAI-compatible API). */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface LlamaServerOptions {
  binary?: string;
  model?: string;
  /** Context size (default 2048). */
  contextSize?: number;
  args?: string[];
}

export async function startLlamaServer(opts: LlamaServerOptions = {}): Promise<LlamaServer> {
  const binary = opts.binary ?? findOrBuildLlamaServer();
  const model = opts.model ?? TINY_GGUF;
  if (!existsSync(model)) throw new Error(`model file not found: ${model}`);
  const port = await freePort();
  const ctx = String(opts.contextSize ?? 2048);
  const args = ['-m', model, '--host', '127.0.0.1', '--port', String(port), '-t', '1', '-c', ctx];
  // One slot gets the whole context; the fixture declares a 512-token training context, which the
  // server would otherwise cap every slot to (longer task prompts then fail with HTTP 400).
  args.push('-np', '1', '--override-kv', `llama.context_length=int:${ctx}`);
  args.push('--reasoning-format', 'deepseek', ...(opts.args ?? []));
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => {
    log = (log + d.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(url, child, () => log);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return { url, port, stop: () => stopChild(child) };
}

async function waitHealthy(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`llama-server exited with ${child.exitCode}:\n${log()}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`llama-server did not become healthy:\n${log()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((res) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      res();
    });
    child.kill('SIGTERM');
  });
}
