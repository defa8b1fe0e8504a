/** Where progress goes: process.stderr, or anything with `write` (tests). */
export interface ProgressSink {
  write(s: string): unknown;
  isTTY?: boolean;
}

/**
 * A download progress bar: one redrawn line on a TTY (at most ten redraws a second), and plain lines
 * otherwise (the start, every quarter, the end), so logs stay readable.
 */
export class DownloadProgress {
  private lastDraw = 0;
  private lastQuarter = -1;
  constructor(
    private readonly label: string,
    private readonly sink: ProgressSink,
    private readonly total: number | null,
    startAt: number,
  ) {
    const size = total === null ? 'size unknown' : formatBytes(total);
    const resume = startAt > 0 ? `, resuming at ${formatBytes(startAt)}` : '';
    if (!sink.isTTY) sink.write(`${label}: downloading (${size}${resume})\n`);
    this.update(startAt);
  }

  update(done: number): void {
    if (this.sink.isTTY) {
      const now = Date.now();
      if (now - this.lastDraw < 100) return;
      this.lastDraw = now;
      this.sink.write(`\r\x1b[2K${this.line(done)}`);
      return;
    }
    if (this.total === null || this.total === 0) return;
    const quarter = Math.floor((4 * done) / this.total);
    if (this.lastQuarter >= 0 && quarter > this.lastQuarter && quarter < 4)
      this.sink.write(`${this.line(done)}\n`);
    this.lastQuarter = Math.max(this.lastQuarter, quarter);
  }

  finish(done: number, note: string): void {
    if (this.sink.isTTY) this.sink.write(`\r\x1b[2K${this.line(done)} ${note}\n`);
    else this.sink.write(`${this.label}: ${formatBytes(done)} ${note}\n`);
  }

  private line(done: number): string {
    if (this.total === null || this.total === 0) return `${this.label} ${formatBytes(done)}`;
    const frac = Math.min(1, done / this.total);
    const width = 24;
    const filled = Math.round(frac * width);
    const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
    return `${this.label} [${bar}] ${(frac * 100).toFixed(0).padStart(3)}% ${formatBytes(done)}/${formatBytes(this.total)}`;
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}
