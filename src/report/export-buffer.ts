import { ScoreMemo } from '../score/memo.js';
import type { Extractor } from '../score/score.js';
import { EXPORT_ORDER, exportRowOf } from '../store/export-rows.js';
import type { SampleRow } from '../store/samples.js';
import type { Metric } from '../tasks/metrics.js';
import type { Item } from '../tasks/types.js';
import {
  type ExportFormat,
  type ExportItem,
  exportHead,
  exportItem,
  exportPiece,
  exportTail,
  exportValues,
  formatRecord,
} from './export.js';

/** A record with the columns it is sorted by, not the whole sample: texts stay out. */
type Entry = Pick<SampleRow, (typeof EXPORT_ORDER)[number]> & { record: string };

/**
 * A run's export made as its samples are stored, rather than read back from the store when it ends:
 * the scoring and formatting happen while the run waits on the model, and the end only sorts and
 * writes. Only the end knows whether it holds the whole run (a resumed run stored samples before
 * this process; a large run outgrows the cap); if not, the caller exports from the store instead.
 * Either way the file is the same, byte for byte.
 */
export class ExportBuffer {
  /** By key: a sample stored twice keeps its last record, as the store keeps its last row. */
  private readonly entries = new Map<string, Entry>();
  private readonly memo: ScoreMemo;
  /** Each item's export form, made once: an item has a sample per budget and trial. */
  private readonly items = new WeakMap<Pick<Item, 'target' | 'strata'>, ExportItem>();
  private metrics = new Map<string, Metric>();
  private chars = 0;
  private overflowed = false;

  constructor(
    private readonly format: ExportFormat,
    /**
     * Past this many characters of records (~30,000 samples, ~20 MB) it stops holding them and the
     * export is read from the store at the end, as a 1M-sample run's (~550 MB of records) must be.
     */
    /** The extractor the run is scored with (its config's `extractor`). */
    extractor: Extractor = 'paper',
    private readonly maxChars = 16 * 2 ** 20,
  ) {
    this.memo = new ScoreMemo(extractor);
  }

  /** The metric of each task, as the run's plan resolved it (the manifest says the same). */
  useMetrics(tasks: { taskId: string; metric: string }[]): void {
    this.metrics = new Map(tasks.map((t) => [t.taskId, t.metric as Metric]));
  }

  add(row: SampleRow, item: Pick<Item, 'target' | 'strata'>): void {
    if (this.overflowed) return;
    let it = this.items.get(item);
    if (!it) {
      it = exportItem(item);
      this.items.set(item, it);
    }
    const rec = exportValues(
      exportRowOf(row),
      it,
      this.metrics.get(row.task_id) ?? 'accuracy',
      this.memo,
      false,
    );
    const record = formatRecord(rec, this.format, false);
    this.chars += record.length - (this.entries.get(row.key)?.record.length ?? 0);
    if (this.chars > this.maxChars) {
      this.overflowed = true;
      this.entries.clear();
      return;
    }
    this.entries.set(row.key, {
      model: row.model,
      task_id: row.task_id,
      budget: row.budget,
      trial: row.trial,
      item_id: row.item_id,
      variant: row.variant,
      key: row.key,
      record,
    });
  }

  /**
   * Whether this buffer holds every one of the run's `stored` samples: each record here was stored,
   * so equal counts mean the same set.
   */
  complete(stored: number): boolean {
    return !this.overflowed && this.entries.size === stored;
  }

  /**
   * The export, sorted, in pieces of about a megabyte to write one after another (one string of it
   * all, and its bytes, would double what the end of a large run holds). It empties the buffer.
   */
  *chunks(): Generator<string> {
    const sorted = [...this.entries.values()].sort(byExportOrder);
    this.entries.clear();
    let part = [exportHead(this.format, false)];
    let size = 0;
    for (let i = 0; i < sorted.length; i++) {
      const piece = exportPiece(this.format, sorted[i].record, i);
      part.push(piece);
      size += piece.length;
      if (size >= 2 ** 20) {
        yield part.join('');
        [part, size] = [[], 0];
      }
    }
    part.push(exportTail(this.format));
    yield part.join('');
  }
}

/** EXPORT_ORDER, as the store applies it: numbers by value, text by UTF-8 bytes. */
function byExportOrder(a: Entry, b: Entry): number {
  for (const c of EXPORT_ORDER) {
    const x = a[c];
    const y = b[c];
    const d = typeof x === 'number' ? x - (y as number) : compareText(x, y as string);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Text in UTF-8 byte order, as SQLite orders TEXT: code point order. JavaScript's `<` compares UTF-16
 * units, which puts characters above U+FFFF (surrogate pairs) before U+E000–U+FFFF.
 */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}
