import { stripControl } from '../util/terminal.js';

export interface ProgressState {
  done: number;
  total: number;
  errors: number;
  retries: number;
  reasoningTokens: number;
  costUsd: number;
  startedAt: number;
  /** Requests sent and not yet answered, and when the oldest of them was sent (ms since the epoch). */
  inFlight?: number;
  waitingSince?: number;
}

/** From this long on, the line says how long the oldest request in flight has waited. */
export const SHOW_WAITING_MS = 30_000;

/**
 * Shows progress on stderr: one redrawn line on a TTY (at most 10 times a second), plain
 * periodic lines otherwise, so CI logs stay readable.
 */
export class Progress {
  private last = 0;
  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly plainEveryMs = 5000,
    private readonly enabled = true,
  ) {}

  update(s: ProgressState, force = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    const every = this.stream.isTTY ? 100 : this.plainEveryMs;
    if (!force && now - this.last < every) return;
    this.last = now;
    const line = stripControl(formatProgress(this.label, s, now));
    if (this.stream.isTTY) this.stream.write(`\r\x1b[2K${line}`);
    else this.stream.write(`${line}\n`);
  }

  finish(s: ProgressState): void {
    if (!this.enabled) return;
    this.update(s, true);
    if (this.stream.isTTY) this.stream.write('\n');
  }
}

export function formatProgress(label: string, s: ProgressState, now = Date.now()): string {
  const elapsed = Math.max(0.001, (now - s.startedAt) / 1000);
  const rate = s.done / elapsed;
  const left = s.total - s.done;
  const eta = rate > 0 ? formatDuration(left / rate) : '?';
  const pct = s.total ? ((100 * s.done) / s.total).toFixed(1) : '100.0';
  const parts = [
    `${label} ${s.done}/${s.total} (${pct}%)`,
    // Under one a second (long generations), per minute: "0.0/s" would say nothing.
    s.done > 0 && rate < 1 ? `${(rate * 60).toFixed(1)}/min` : `${rate.toFixed(1)}/s`,
    `ETA ${eta}`,
    `${formatTokens(s.reasoningTokens)} reasoning tok`,
    `$${s.costUsd.toFixed(4)}`,
  ];
  if (s.errors) parts.push(`${s.errors} errors`);
  if (s.retries) parts.push(`${s.retries} retries`);
  // Long generations (minutes at large budgets) would otherwise leave a line that looks stuck.
  if (s.inFlight && s.waitingSince !== undefined && now - s.waitingSince >= SHOW_WAITING_MS)
    parts.push(
      `${s.inFlight} in flight, the oldest sent ${formatDuration((now - s.waitingSince) / 1000)} ago`,
    );
  return parts.join(' · ');
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

function formatTokens(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(n);
}
