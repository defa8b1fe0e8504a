import { Worker } from 'node:worker_threads';
import { prepareSampleRow } from './text-codec.js';

const STATE = { committed: 0, errorBytes: 1, ready: 2, closed: 3 } as const; // as in writer-thread.js
const ERROR_OFFSET = 16;
const ERROR_SPACE = 4096;

/** Batches posted but not yet committed before `write` waits: bounds memory when SQLite lags. */
const MAX_IN_FLIGHT = 8;
/** A commit takes milliseconds and a lock at most busy_timeout (10 s): this long without one is a fault. */
const STALL_MS = 60_000;
/** The thread opens the store in milliseconds. */
const START_MS = 15_000;
/** Closing a connection takes milliseconds (a checkpoint of a large WAL, a little more). */
const CLOSE_MS = 10_000;

/** Which statement inserts samples, and the positions of its texts in a row (text-codec.js). */
export interface SamplePacking {
  statement: number;
  text: number;
  reasoning: number;
  raw: number;
}

/** A row's values in COLUMNS order: what crosses to the writing thread (far less to copy than objects). */
export type RowValues = unknown[];

/**
 * Where a writer's batches go, each inserted in one transaction with the statement it names (an index
 * into STATEMENTS), in the order written; `drain` returns once all of them are committed. A sink that
 * packs texts on this thread has `prepare`: each sample row goes through it once, as it is added, and
 * the buffers it returns travel (moved, not copied) with the batch that holds the row.
 */
export interface RowSink {
  prepare?(row: RowValues): ArrayBuffer[];
  /** Posts a batch; returns its number (1, 2, … in the order written). */
  write(statement: number, rows: RowValues[], moved?: ArrayBuffer[]): number;
  /** How many batches are committed so far, without waiting. */
  committed(): number;
  drain(): void;
  close(): void;
}

/**
 * The main thread's end of the writing thread (writer-thread.js). Batches are posted without waiting;
 * `drain` blocks until the thread has committed all of them. Progress and failures travel through
 * shared memory, because a thread blocked in Atomics.wait receives no messages.
 */
export class ThreadSink implements RowSink {
  private readonly worker: Worker;
  private readonly shared = new SharedArrayBuffer(ERROR_OFFSET + ERROR_SPACE);
  private readonly state = new Int32Array(this.shared, 0, 4);
  private posted = 0;
  /** The thread's own failure (it died before it could write one into shared memory). */
  private failure: Error | undefined;

  /**
   * `pack`: which statement inserts samples and where their texts are. Rows are packed in two halves
   * (text-codec.js): here what needs the texts as strings, which this thread holds already (the raw
   * body compacted, texts made UTF-8 bytes that are moved, not copied, to the thread); there the
   * compression. A 40k-character trace copied across as a string cost the thread its copy and the
   * collections that followed (~0.2 ms a sample).
   */
  constructor(
    file: string,
    statements: string[],
    private readonly pack?: SamplePacking,
  ) {
    // Beside this module in src/, dist/ and the CLI bundle alike (plain JS: see the file).
    this.worker = new Worker(new URL('./writer-thread.js', import.meta.url), {
      workerData: { file, statements, shared: this.shared, pack },
      // Its objects live one batch each: a small young generation keeps its heap (and RSS) small.
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    });
    // Seen whenever the event loop turns (a wait below cannot see it, hence its own timeouts).
    this.worker.on('error', (err) => {
      this.failure = err;
    });
    // The writer drains explicitly; a run that fails before that must still let the process exit.
    this.worker.unref();
  }

  /**
   * The first half of packing a sample row, done as soon as it is added rather than when its batch
   * is posted: held as strings until then (~25 long rows a batch), the traces could outlive a young
   * collection and be promoted; as bytes they are off the heap and go with the batch.
   */
  prepare(row: RowValues): ArrayBuffer[] {
    return this.pack ? prepareSampleRow(row, this.pack) : [];
  }

  write(statement: number, rows: RowValues[], moved: ArrayBuffer[] = []): number {
    this.check();
    this.worker.postMessage([statement, rows], moved);
    this.posted++;
    if (this.posted - Atomics.load(this.state, STATE.committed) > MAX_IN_FLIGHT)
      this.waitFor(this.posted - MAX_IN_FLIGHT);
    return this.posted;
  }

  committed(): number {
    this.check();
    return Atomics.load(this.state, STATE.committed);
  }

  drain(): void {
    this.waitFor(this.posted);
  }

  /** Drains, then waits (briefly) for the thread to close its connection. */
  close(): void {
    this.drain();
    this.worker.postMessage(null);
    const until = Date.now() + CLOSE_MS;
    while (Atomics.load(this.state, STATE.closed) === 0 && this.failure === undefined && Date.now() < until)
      Atomics.wait(this.state, STATE.closed, 0, 50);
  }

  private waitFor(batches: number): void {
    let last = Atomics.load(this.state, STATE.committed);
    let since = Date.now();
    for (;;) {
      this.check();
      const now = Atomics.load(this.state, STATE.committed);
      if (now >= batches) return;
      const ready = Atomics.load(this.state, STATE.ready) === 1;
      if (now !== last) [last, since] = [now, Date.now()];
      else if (Date.now() - since > (ready ? STALL_MS : START_MS))
        throw new Error(
          ready
            ? `the store's writing thread committed nothing for ${STALL_MS / 1000} s`
            : "the store's writing thread did not start",
        );
      Atomics.wait(this.state, STATE.committed, now, 500);
    }
  }

  private check(): void {
    const n = Atomics.load(this.state, STATE.errorBytes);
    if (n > 0) {
      const text = Buffer.from(this.shared, ERROR_OFFSET, n).toString('utf8');
      const cut = text.indexOf('\n');
      throw Object.assign(new Error(`writing samples to the store failed: ${text.slice(cut + 1)}`), {
        code: text.slice(0, cut) || undefined,
      });
    }
    if (this.failure) throw new Error(`writing samples to the store failed: ${this.failure.message}`);
  }
}
