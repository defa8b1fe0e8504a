import type { Item } from '../tasks/types.js';
import type { DB } from './db.js';
import { SAMPLE_COLUMNS, type SampleRow } from './samples.js';
import { packSampleRow } from './text-codec.js';
import { type RowSink, type RowValues, type SamplePacking, ThreadSink } from './writer-sink.js';

/** A redo of a stored key replaces it. Values in SAMPLE_COLUMNS order. */
const INSERT_SQL = `INSERT OR REPLACE INTO samples (${SAMPLE_COLUMNS.join(', ')}) VALUES (${SAMPLE_COLUMNS.map(() => '?').join(', ')})`;

/** Items are written once per run; a resumed run finds them already there (and keeps those). */
const ITEMS_SQL = `INSERT OR IGNORE INTO items (run_id, task_id, item_id, prompt, target_json, strata_json, meta_json)
  VALUES (?, ?, ?, ?, ?, ?, ?)`;

/** What a writer inserts with, by the index its batches name. */
const STATEMENTS = [INSERT_SQL, ITEMS_SQL];
const SAMPLES = 0;
const ITEMS = 1;
const ITEMS_PER_BATCH = 5000;
/**
 * A batch is posted once its texts reach this many characters, whatever its row count: 256 rows of
 * 40k-character traces are ~20 MB, copied once to the thread and held there until committed, and 8
 * such batches in flight were most of a long-trace run's memory. Short rows never reach it.
 */
const MAX_BATCH_CHARS = 2 * 2 ** 20;
/**
 * Rows seen before the items are committed are held back from `onAdd` up to this many characters of
 * text (~100 long traces with their raw bodies: the first answers of a run at C=64); past it, `add`
 * waits for the items. A run of 200,000 items takes ~1 s to insert them, and holding every row
 * meanwhile would hold every trace.
 */
const MAX_HELD_CHARS = 8 * 2 ** 20;
/** Where a sample row's texts are, for packing them (text-codec.js). */
const PACKING: SamplePacking = {
  statement: SAMPLES,
  text: SAMPLE_COLUMNS.indexOf('text'),
  reasoning: SAMPLE_COLUMNS.indexOf('reasoning_text'),
  raw: SAMPLE_COLUMNS.indexOf('raw'),
};

const valuesOf = (r: SampleRow): RowValues => SAMPLE_COLUMNS.map((c) => r[c]);
const itemValues = (runId: string, it: Item): RowValues => [
  runId,
  it.taskId,
  it.itemId,
  it.prompt,
  JSON.stringify(it.target),
  JSON.stringify(it.strata),
  it.meta ? JSON.stringify(it.meta) : null,
];

/**
 * Writes finished samples in small transactions: at most `maxRows` rows or `maxDelayMs` of
 * latency. A crash loses only what is not yet committed; those samples are redone on resume, and
 * the primary key means a redo replaces, never duplicates. The inserts run on a thread of their own
 * (a store in a file), so the event loop that waits on the model is not stalled ~10 ms per batch;
 * `flush` returns once everything added is committed, as a synchronous write would.
 */
export class SampleWriter {
  /** Rows added and not yet sent, as values (prepared, where the sink prepares). */
  private buffer: RowValues[] = [];
  /** The buffers the prepared rows in `buffer` own, moved with them. */
  private moved: ArrayBuffer[] = [];
  /** The characters of text, reasoning and raw in `buffer`. */
  private bufferChars = 0;
  private timer: NodeJS.Timeout | null = null;
  private items: [runId: string, items: Item[]][] = [];
  private itemsSoon: NodeJS.Immediate | undefined;
  private readonly sink: RowSink;
  private maxRows: number;
  private readonly maxDelayMs: number;
  private readonly onAdd?: (row: SampleRow) => void;
  /** The number of the last batch of items posted: `onAdd` sees rows once it is committed. */
  private itemsBatch = 0;
  /** Rows added before the items were committed, for `onAdd`, in order; and their characters. */
  private held: SampleRow[] = [];
  private heldChars = 0;
  written = 0;

  constructor(
    db: DB,
    o: {
      maxRows?: number;
      maxDelayMs?: number;
      /**
       * Sees every row, in the order added (before it is committed), once the items added before it
       * are committed, so that a reader of the store finds them. Until then rows are held, not
       * waited for: the writing thread starts and inserts the items while the first requests are
       * out, and waiting for it at the first sample stalled every request of a run for ~40 ms.
       */
      onAdd?(row: SampleRow): void;
    } = {},
  ) {
    this.maxRows = o.maxRows ?? 256;
    this.maxDelayMs = o.maxDelayMs ?? 200;
    this.onAdd = o.onAdd;
    this.sink = db.memory ? inlineSink(db) : new ThreadSink(db.name, STATEMENTS, PACKING);
  }

  /**
   * A run's items. Posted on the next turn of the event loop, once the run's first requests are out
   * (their rows cost ~4 µs each to build and copy, their inserts ~5 µs each on the thread), and in any
   * case before any sample: one thread, so committed before them. Readers see them after a flush.
   */
  addItems(runId: string, items: Item[]): void {
    this.items.push([runId, items]);
    this.itemsSoon ??= setImmediate(() => {
      try {
        this.sendItems();
      } catch {
        // The thread has failed: the same error comes from the next write or flush, which resend them.
      }
    });
  }

  add(row: SampleRow): void {
    const chars = (row.text?.length ?? 0) + (row.reasoning_text?.length ?? 0) + (row.raw?.length ?? 0);
    if (this.onAdd) this.see(row, chars);
    const values = valuesOf(row);
    if (this.sink.prepare) for (const b of this.sink.prepare(values)) this.moved.push(b);
    this.buffer.push(values);
    this.bufferChars += chars;
    if (this.buffer.length >= this.maxRows || this.bufferChars >= MAX_BATCH_CHARS) this.send();
    else if (!this.timer) {
      this.timer = setTimeout(() => {
        try {
          this.send();
        } catch {
          // The thread has failed (a full disk): thrown from a timer it would kill the process; the
          // same error comes from the next add or flush, where the run can stop cleanly.
        }
      }, this.maxDelayMs);
      this.timer.unref();
    }
  }

  /**
   * From now on every row is posted as it is added. A run calls this once its plan has run out: its
   * last rows are then committed while the last requests are still out, and its final flush waits
   * for one insert rather than a batch.
   */
  eager(): void {
    this.maxRows = 1;
    this.send();
  }

  /** Commits everything added so far before returning. */
  flush(): void {
    this.send();
    this.sink.drain();
    this.release();
  }

  /** Hands `row` to onAdd after any held before it, or holds it until the items are committed. */
  private see(row: SampleRow, chars: number): void {
    this.held.push(row);
    this.heldChars += chars;
    if (this.heldChars > MAX_HELD_CHARS && !this.itemsCommitted()) {
      this.sendItems();
      this.sink.drain();
    }
    this.release();
  }

  private itemsCommitted(): boolean {
    return this.items.length === 0 && this.sink.committed() >= this.itemsBatch;
  }

  /** Hands the held rows on, in order, once the items are committed. */
  private release(): void {
    if (this.held.length === 0 || !this.itemsCommitted()) return;
    const rows = this.held;
    this.held = [];
    this.heldChars = 0;
    for (const r of rows) this.onAdd?.(r);
  }

  /** Flushes, then releases the writing thread. */
  close(): void {
    this.flush();
    this.sink.close();
  }

  private sendItems(): void {
    if (this.itemsSoon) clearImmediate(this.itemsSoon);
    this.itemsSoon = undefined;
    // In batches: however large the dataset, the copy of one message on each side stays small.
    while (this.items.length > 0) {
      const [runId, items] = this.items[0];
      for (let i = 0; i < items.length; i += ITEMS_PER_BATCH)
        this.itemsBatch = this.sink.write(
          ITEMS,
          items.slice(i, i + ITEMS_PER_BATCH).map((it) => itemValues(runId, it)),
        );
      this.items.shift();
    }
  }

  private send(): void {
    this.sendItems();
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.buffer.length === 0) return;
    const rows = this.buffer;
    const moved = this.moved;
    this.buffer = [];
    this.moved = [];
    this.bufferChars = 0;
    this.sink.write(SAMPLES, rows, moved);
    this.written += rows.length;
  }
}

/** In-process inserts, for stores that live in memory (a second connection could not see them). */
function inlineSink(db: DB): RowSink {
  let written = 0;
  const inserts = STATEMENTS.map((sql, i) => {
    const stmt = db.prepare(sql);
    return db.transaction((rows: RowValues[]) => {
      for (const r of rows) {
        if (i === PACKING.statement) packSampleRow(r, PACKING);
        stmt.run(r);
      }
    });
  });
  return {
    write(statement, rows) {
      inserts[statement](rows);
      return ++written;
    },
    committed: () => written,
    drain() {},
    close() {},
  };
}
