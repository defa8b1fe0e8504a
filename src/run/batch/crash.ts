/**
 * Test hook for crash safety: when OVERTHINK_CRASH_AT names this point, the process kills itself
 * with SIGKILL there (no cleanup, no flush), exactly as a power cut would. Points:
 * - batch-written: batch row and keys stored, nothing sent
 * - batch-created: the provider accepted the batch, its id not yet stored
 * - batch-persisted: the provider's id stored, polling not started
 * - batch-results: a batch's results read and stored, its failed entries not yet retried
 */
export type CrashPoint = 'batch-written' | 'batch-created' | 'batch-persisted' | 'batch-results';

export function crashPoint(point: CrashPoint): void {
  if (process.env.OVERTHINK_CRASH_AT !== point) return;
  process.kill(process.pid, 'SIGKILL');
  // SIGKILL is delivered at once; never run on past this line while it lands.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10_000);
}
