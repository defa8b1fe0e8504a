import { once } from 'node:events';
import { createWriteStream, existsSync, statSync, unlinkSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { DownloadProgress, type ProgressSink } from './progress.js';

/** A download that could not be completed (network, HTTP status, checksum). The CLI exits 1. */
export class DownloadError extends Error {
  override name = 'DownloadError';
  constructor(
    message: string,
    /** 'fetch': the file could not be had (network, HTTP); 'checksum': it came, but failed its check. */
    readonly kind: 'fetch' | 'checksum' | 'cancelled' = 'fetch',
  ) {
    super(message);
  }
}

/** A failure worth another attempt: dropped connection, idle timeout, 5xx, 429. */
class RetryableError extends Error {}

export interface DownloadOptions {
  label: string;
  sink: ProgressSink;
  headers?: Record<string, string>;
  /** Total attempts, each resuming from what the previous one wrote. Default 4. */
  attempts?: number;
  /** First back-off; doubles per attempt. Default 1000 ms. */
  retryDelayMs?: number;
  /** Abort an attempt when no bytes arrive for this long. Default 60 s. */
  idleTimeoutMs?: number;
  fetchImpl?: typeof fetch;
  signal?: AbortSignal;
}

export interface DownloadResult {
  bytes: number;
  /** Byte offset each request started at; a value > 0 means a Range request resumed a partial file. */
  startOffsets: number[];
}

/**
 * Downloads `url` into `part`, resuming whatever `part` already holds with an HTTP Range request.
 * A server that ignores Range (200) restarts the file; a short or dropped body is retried from
 * where it stopped. On final failure the partial file is kept so the next pull resumes from it.
 */
export async function downloadWithResume(
  url: string,
  part: string,
  opts: DownloadOptions,
): Promise<DownloadResult> {
  const attempts = opts.attempts ?? 4;
  const startOffsets: number[] = [];
  let lastError = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const offset = existsSync(part) ? statSync(part).size : 0;
    startOffsets.push(offset);
    try {
      const bytes = await attemptOnce(url, part, offset, opts);
      return { bytes, startOffsets };
    } catch (err) {
      if (!(err instanceof RetryableError)) throw err;
      lastError = err.message;
      if (attempt === attempts) break;
      const have = existsSync(part) ? statSync(part).size : 0;
      opts.sink.write(
        `${opts.label}: ${lastError}; retrying from byte ${have} (attempt ${attempt + 1} of ${attempts})\n`,
      );
      await sleep((opts.retryDelayMs ?? 1000) * 2 ** (attempt - 1));
    }
  }
  const kept = existsSync(part) && statSync(part).size > 0;
  throw new DownloadError(
    `${opts.label}: download failed after ${attempts} attempts (${lastError})` +
      (kept ? `; the partial file ${part} is kept and the next pull resumes from it` : ''),
  );
}

async function attemptOnce(
  url: string,
  part: string,
  offset: number,
  opts: DownloadOptions,
): Promise<number> {
  const idle = new AbortController();
  const signal = opts.signal ? AbortSignal.any([idle.signal, opts.signal]) : idle.signal;
  const idleMs = opts.idleTimeoutMs ?? 60_000;
  let timer = setTimeout(() => idle.abort(), idleMs);
  const headers: Record<string, string> = { ...opts.headers };
  if (offset > 0) headers.Range = `bytes=${offset}-`;
  let res: Response;
  try {
    res = await (opts.fetchImpl ?? fetch)(url, { headers, signal, redirect: 'follow' });
  } catch (err) {
    clearTimeout(timer);
    if (opts.signal?.aborted) throw new DownloadError(`${opts.label}: cancelled`, 'cancelled');
    throw new RetryableError(idle.signal.aborted ? `no response for ${idleMs} ms` : describe(err));
  }

  let start = 0;
  let total: number | null = null;
  if (res.status === 416 && offset > 0) {
    // Nothing left to send: either the partial file is already complete, or it is bogus.
    clearTimeout(timer);
    await res.body?.cancel();
    const size = parseTotal(res.headers.get('content-range'));
    if (size === offset) return offset;
    unlinkSync(part);
    throw new RetryableError('the server rejected the resume offset; starting over');
  }
  if (res.status === 206) {
    const range = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(res.headers.get('content-range') ?? '');
    if (!range || Number(range[1]) !== offset) {
      clearTimeout(timer);
      await res.body?.cancel();
      unlinkSync(part);
      throw new RetryableError('the server resumed at the wrong offset; starting over');
    }
    start = offset;
    total = range[2] === '*' ? null : Number(range[2]);
  } else if (res.ok) {
    const len = res.headers.get('content-length');
    total = len === null ? null : Number(len);
  } else {
    clearTimeout(timer);
    await res.body?.cancel();
    const msg = `HTTP ${res.status} ${res.statusText} for ${url}`;
    if (res.status >= 500 || res.status === 429) throw new RetryableError(msg);
    throw new DownloadError(`${opts.label}: ${msg}`);
  }

  const progress = new DownloadProgress(opts.label, opts.sink, total, start);
  // 206 appends to the partial file; 200 (even to a Range request) rewrites it from byte 0.
  const out = createWriteStream(part, { flags: start > 0 ? 'a' : 'w' });
  let done = start;
  try {
    if (res.body) {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        clearTimeout(timer);
        timer = setTimeout(() => idle.abort(), idleMs);
        if (!out.write(chunk)) await once(out, 'drain');
        done += chunk.byteLength;
        progress.update(done);
      }
    }
  } catch (err) {
    if (opts.signal?.aborted) throw new DownloadError(`${opts.label}: cancelled`, 'cancelled');
    throw new RetryableError(
      idle.signal.aborted ? `no data for ${idleMs} ms` : `connection lost at byte ${done} (${describe(err)})`,
    );
  } finally {
    clearTimeout(timer);
    // Flush what arrived, so a retry resumes from exactly the bytes on disk.
    await new Promise<void>((resolve, reject) =>
      out.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
  }
  if (total !== null && done !== total) {
    throw new RetryableError(`connection closed at byte ${done} of ${total}`);
  }
  progress.finish(done, start > 0 ? `(resumed from byte ${start})` : '');
  return done;
}

function parseTotal(contentRange: string | null): number | null {
  const m = /\/(\d+)$/.exec(contentRange ?? '');
  return m ? Number(m[1]) : null;
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}
