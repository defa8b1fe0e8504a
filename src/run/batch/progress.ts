import type { BatchRow } from '../../store/batches.js';
import { stripControl } from '../../util/terminal.js';
import { formatDuration } from '../progress.js';

/**
 * Per-batch progress on stderr: counts by status and age. On a TTY the block of batch lines is
 * redrawn in place; otherwise a plain line is printed when a batch changes (or every `quietMs`
 * when it does not), so CI logs stay short.
 */
export class BatchProgress {
  private lines = 0;
  private readonly last = new Map<string, { text: string; at: number }>();
  private readonly rows = new Map<string, BatchRow>();

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly enabled = true,
    private readonly quietMs = 60_000,
  ) {}

  update(b: BatchRow, now = Date.now()): void {
    this.rows.set(b.id, b);
    if (!this.enabled) return;
    if (this.stream.isTTY) {
      this.redraw(now);
      return;
    }
    const text = batchLine(b, now);
    const state = text.replace(/ · age .*$/, '');
    const prev = this.last.get(b.id);
    if (prev && prev.text === state && now - prev.at < this.quietMs) return;
    this.last.set(b.id, { text: state, at: now });
    this.stream.write(`${text}\n`);
  }

  /** A message between progress updates (warnings, retries), kept above the redrawn block. */
  log(line: string): void {
    if (!this.enabled) return;
    if (this.stream.isTTY) {
      this.clear();
      this.stream.write(`${stripControl(line)}\n`);
      this.redraw(Date.now());
    } else this.stream.write(`${stripControl(line)}\n`);
  }

  /** A settled batch leaves the live block (its last line stays printed). */
  done(b: BatchRow): void {
    this.update(b);
    if (this.enabled && this.stream.isTTY) {
      this.clear();
      this.stream.write(`${batchLine(b, Date.now())}\n`);
    }
    this.rows.delete(b.id);
    if (this.enabled && this.stream.isTTY) this.redraw(Date.now());
  }

  private clear(): void {
    if (this.lines > 0) this.stream.write(`\x1b[${this.lines}A\x1b[0J`);
    this.lines = 0;
  }

  private redraw(now: number): void {
    this.clear();
    for (const b of this.rows.values()) this.stream.write(`${batchLine(b, now)}\n`);
    this.lines = this.rows.size;
  }
}

/** e.g. `batch b-3f2a1c (anthropic:claude-sonnet-4-6, round 1, 1000 requests): in_progress · 600 succeeded · 400 processing · age 12m03s` */
export function batchLine(b: BatchRow, now = Date.now()): string {
  const counts = (
    [
      ['succeeded', b.succeeded],
      ['errored', b.errored],
      ['expired', b.expired],
      ['canceled', b.canceled],
      ['processing', b.processing],
    ] as const
  )
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`);
  // While at the provider, its own word (in_progress, finalizing…); ours once settled or stuck.
  const status =
    (b.status === 'submitted' || b.status === 'ended') && b.provider_status ? b.provider_status : b.status;
  const age = formatDuration((now - Date.parse(b.created_at)) / 1000);
  return stripControl(
    `batch ${b.id} (${b.model}, round ${b.round}, ${b.requests} requests): ${[status, ...counts].join(' · ')} · age ${age}`,
  );
}
