import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { Outcome } from '../core/outcome.js';
import type { Item } from '../tasks/types.js';
import type { TagConfig } from './failure-config.js';
import { hasDistractors, hasFeatures } from './failure-modes.js';
import type { TraceFacts } from './trace-facts.js';

/**
 * Reasoning traces inflated and tagged on threads of their own (trace-worker.ts), for `report` on
 * long-trace runs: at 200,000 traces of 40k characters, inflating and scanning them is most of the
 * work. The main thread goes on reading and scoring rows; each trace goes out as stored (its
 * compressed bytes: zstd or deflate) and comes back as its facts (trace-facts.ts, the same function the main thread
 * uses without the pool). Synchronous for its caller: it waits on shared memory, not on the event
 * loop, so `loadRunData` stays a plain function. At most two batches per thread are in flight, so
 * what is held does not grow with the run.
 */
export class TracePool {
  private readonly workers: Worker[] = [];
  /** Each thread answers on a channel of its own, read with receiveMessageOnPort. */
  private readonly ports: MessagePort[] = [];
  private readonly counter = new Int32Array(new SharedArrayBuffer(4));
  private batch = newBatch();
  private inFlight = 0;
  private next = 0;
  private seq = 0;
  private readonly indices = new Map<number, Int32Array>();

  constructor(
    tagConfig: TagConfig,
    excerptChars: number,
    threads: number,
    private readonly settle: (index: number, facts: TraceFacts) => void,
  ) {
    // From src/ (under tsx) the thread is the .ts file, from dist/ the .js, from the bundle its own.
    const here = import.meta.url;
    const file = here.endsWith('.ts')
      ? './trace-worker.ts'
      : here.endsWith('.cjs')
        ? './trace-worker.cjs'
        : './trace-worker.js';
    const code = bootstrap(new URL(file, import.meta.url), here.endsWith('.ts'));
    const counter = this.counter.buffer as SharedArrayBuffer;
    for (let i = 0; i < threads; i++) {
      const { port1, port2 } = new MessageChannel();
      this.ports.push(port1);
      const workerData: TraceWorkerData = { tagConfig, excerptChars, counter, results: port2 };
      this.workers.push(new Worker(code, { eval: true, workerData, transferList: [port2] }));
    }
  }

  /** A trace as stored, for the sample at `index` (its facts arrive through `settle`). */
  push(index: number, stored: unknown, outcome: Outcome, item: Item): void {
    const b = this.batch;
    b.indices.push(index);
    b.stored.push(stored);
    b.outcomes.push(outcome);
    // Only the parts of an item the tagger reads, and only for items whose rules read it.
    b.items.push(
      hasDistractors(item) || hasFeatures(item)
        ? { ...item, meta: item.meta?.features ? { features: item.meta.features } : {} }
        : null,
    );
    b.bytes += typeof stored === 'string' ? stored.length : ((stored as Uint8Array | null)?.length ?? 0);
    if (b.indices.length >= BATCH_ROWS || b.bytes >= BATCH_BYTES) this.send();
  }

  /** Waits for every trace pushed (the caller then closes the pool). */
  finish(): void {
    if (this.batch.indices.length) this.send();
    while (this.inFlight > 0) this.receive();
  }

  /** Stops the threads, finished or not. */
  close(): void {
    for (const w of this.workers) void w.terminate();
    for (const p of this.ports) p.close();
    this.workers.length = 0;
  }

  private send(): void {
    while (this.inFlight >= 2 * this.workers.length) this.receive();
    const b = this.batch;
    this.batch = newBatch();
    const start = this.seq++;
    this.indices.set(start, Int32Array.from(b.indices));
    const msg: TraceBatch = { start, stored: b.stored, outcomes: b.outcomes, items: b.items };
    this.workers[this.next].postMessage(msg);
    this.next = (this.next + 1) % this.workers.length;
    this.inFlight++;
  }

  /** Blocks until a thread answers, and settles that batch's samples. */
  private receive(): void {
    let idle = 0;
    for (;;) {
      const seen = Atomics.load(this.counter, 0);
      for (const port of this.ports) {
        const m = receiveMessageOnPort(port);
        if (m) {
          this.apply(m.message as TraceResult);
          return;
        }
      }
      // A thread that cannot load its code says so (bootstrap); one that dies later never answers,
      // and its error event cannot reach a blocked thread: give up rather than wait for ever.
      if (Atomics.wait(this.counter, 0, seen, 1000) === 'timed-out' && ++idle >= 60)
        throw new Error('trace pool: no answer from its threads in 60 s');
    }
  }

  private apply(r: TraceResult): void {
    this.inFlight--;
    if ('error' in r)
      throw new Error(`trace pool: a thread ${r.start < 0 ? 'could not start' : 'failed'}: ${r.error}`);
    const idx = this.indices.get(r.start) as Int32Array;
    this.indices.delete(r.start);
    for (let k = 0; k < idx.length; k++)
      this.settle(idx[k], { tags: r.tags[k], chars: r.chars[k], excerpt: r.excerpts[k] });
  }
}

/**
 * The code a thread starts with. It loads trace-worker: under tsx (tests, `npm run dev`) after
 * registering tsx's loader, which does not pass to a thread, from where this file resolves it (from
 * the working directory, a run outside the repository found no tsx). If loading fails it says so at
 * once, on its channel: the main thread waits on shared memory, where no error event reaches it.
 */
function bootstrap(worker: URL, underTsx: boolean): string {
  const load = underTsx
    ? `import(${JSON.stringify(tsxApi())}).then((t) => { t.register(); return import(${JSON.stringify(worker.href)}); })`
    : `import(${JSON.stringify(worker.href)})`;
  return `${load}.catch((e) => {
  const d = require('node:worker_threads').workerData;
  d.results.postMessage({ start: -1, error: String((e && e.stack) || e) });
  const c = new Int32Array(d.counter);
  Atomics.add(c, 0, 1);
  Atomics.notify(c, 0);
});`;
}

/** tsx's ES module API as its package exports it, found from this file. */
function tsxApi(): string {
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
  const entry: string = JSON.parse(readFileSync(pkg, 'utf8')).exports['./esm/api'].import.default;
  return new URL(entry, pathToFileURL(pkg)).href;
}

/** Below this many traces the threads' start-up costs more than they save. */
export const POOL_MIN_TRACES = 4000;

/** Threads for a report of `traces` traces: none for a small run or a single core. */
export function poolThreads(traces: number): number {
  const cores = availableParallelism();
  return traces >= POOL_MIN_TRACES && cores > 1 ? Math.min(cores, 8) : 0;
}

const BATCH_ROWS = 256;
/** ~4 MB of stored traces a batch (compressed 40k-character traces are ~13-14 KB). */
const BATCH_BYTES = 4 << 20;

function newBatch() {
  return {
    indices: [] as number[],
    stored: [] as unknown[],
    outcomes: [] as Outcome[],
    items: [] as (Item | null)[],
    bytes: 0,
  };
}

export interface TraceWorkerData {
  tagConfig: TagConfig;
  excerptChars: number;
  /** Bumped by a thread after each answer, so the main thread can sleep until one comes. */
  counter: SharedArrayBuffer;
  results: MessagePort;
}

export interface TraceBatch {
  start: number;
  stored: unknown[];
  outcomes: Outcome[];
  /** null: an item none of whose fields the tagger reads (no distractors, no features). */
  items: (Item | null)[];
}

export type TraceResult =
  | { start: number; tags: Int32Array; chars: Int32Array; excerpts: (string | undefined)[] }
  | { start: number; error: string };
