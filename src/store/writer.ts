import type { DB, SampleRow } from './store.js';

const COLUMNS = [
  'key',
  'run_id',
  'model',
  'task_id',
  'item_id',
  'regime',
  'budget',
  'trial',
  'variant',
  'seed',
  'max_tokens',
  'sent_params',
  'budget_note',
  'text',
  'reasoning_text',
  'raw',
  'input_tokens',
  'output_tokens',
  'reasoning_tokens',
  'reasoning_source',
  'stop_reason',
  'latency_ms',
  'cost_usd',
  'attempts',
  'error',
  'error_class',
  'finished_at',
] as const satisfies readonly (keyof SampleRow)[];

/**
 * Writes finished samples in small transactions: at most `maxRows` rows or `maxDelayMs` of
 * latency. A crash loses only what is still in the buffer; those samples are redone on resume,
 * and the primary key means a redo replaces, never duplicates.
 */
export class SampleWriter {
  private buffer: SampleRow[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly insertMany: (rows: SampleRow[]) => void;
  written = 0;

  constructor(
    db: DB,
    private readonly maxRows = 256,
    private readonly maxDelayMs = 200,
  ) {
    const stmt = db.prepare(
      `INSERT OR REPLACE INTO samples (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`,
    );
    this.insertMany = db.transaction((rows: SampleRow[]) => {
      for (const r of rows) stmt.run(r);
    });
  }

  add(row: SampleRow): void {
    this.buffer.push(row);
    if (this.buffer.length >= this.maxRows) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.maxDelayMs);
      this.timer.unref();
    }
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.buffer.length === 0) return;
    const rows = this.buffer;
    this.buffer = [];
    this.insertMany(rows);
    this.written += rows.length;
  }
}
