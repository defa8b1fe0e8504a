import type { BatchStats } from './context.js';

/** One or two lines for the run summary: what went through batches, what failed, what was retried. */
export function batchSummaryLines(b: BatchStats): string[] {
  const parts = [`${b.submitted} batch(es) submitted`];
  if (b.reattached) parts.push(`${b.reattached} reattached`);
  if (b.recovered) parts.push(`${b.recovered} recovered after a crash`);
  parts.push(
    `${b.requests} requests sent`,
    `${b.succeeded} stored`,
    `$${b.costUsd.toFixed(4)} at the batch price`,
  );
  const lines = [`batches: ${parts.join(' · ')}`];
  const f = b.failedEntries;
  const failed = (['errored', 'expired', 'canceled', 'missing'] as const).filter((k) => f[k] > 0);
  if (failed.length) {
    const what = failed.map((k) => `${f[k]} ${k}`).join(', ');
    const then = [
      b.retriedInBatch ? `${b.retriedInBatch} retried in a new batch` : '',
      b.retriedSync ? `${b.retriedSync} sent synchronously` : '',
      b.failed ? `${b.failed} stored as errors` : '',
    ].filter(Boolean);
    lines.push(`batch entries failed: ${what}${then.length ? ` → ${then.join(', ')}` : ''}`);
  }
  if (b.leftOpen)
    lines.push(
      `${b.leftOpen} batch(es) still open at the provider: run the same command again to collect them`,
    );
  return lines;
}
