import { basename, extname, join } from 'node:path';

/**
 * Where a report goes unless told: a folder of its own per store and run, so reporting a second
 * store (or run) never overwrites the first one's report.
 */
export function defaultReportDir(db: string, runId: string): string {
  return join('overthink-report', `${basename(db, extname(db))}-${runId}`);
}
