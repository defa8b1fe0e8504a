import { relative } from 'node:path';
import { stripControl } from '../util/terminal.js';

/** Paths are printed relative to the cwd when that is shorter, so they can be pasted. */
export function showPath(p: string): string {
  const r = relative(process.cwd(), p);
  return r && !r.startsWith('..') && r.length < p.length ? r : p;
}

export function printWritten(files: string[]): void {
  for (const f of files) process.stdout.write(`wrote ${showPath(f)}\n`);
}

/**
 * The files a report wrote: the one to open, last and alone (what a reader looks for); every file
 * with --verbose.
 */
export function printReportFiles(files: string[], verbose: boolean): void {
  if (verbose) printWritten(files.filter((f) => !f.endsWith('report.html')));
  const html = files.find((f) => f.endsWith('report.html'));
  if (html) process.stdout.write(`open: ${showPath(html)}\n`);
}

export function say(line: string): void {
  process.stdout.write(`${stripControl(line)}\n`);
}

/** First Ctrl-C stops cleanly (finished samples are kept); a second one exits at once. */
export function interruptSignal(): { signal: AbortSignal; dispose(): void } {
  const ac = new AbortController();
  let count = 0;
  const onSig = () => {
    count++;
    if (count === 1) {
      process.stderr.write('\noverthink: stopping — finishing writes; press Ctrl-C again to quit at once\n');
      ac.abort();
    } else process.exit(130);
  };
  process.on('SIGINT', onSig);
  process.on('SIGTERM', onSig);
  return {
    signal: ac.signal,
    dispose() {
      process.off('SIGINT', onSig);
      process.off('SIGTERM', onSig);
    },
  };
}
