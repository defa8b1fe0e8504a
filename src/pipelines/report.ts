import type { TagConfig } from '../analysis/failure-config.js';
import { loadRunData } from '../analysis/samples.js';
import { type BuiltReport, buildReport } from '../report/build.js';
import { defaultReportDir } from '../report/report-dir.js';
import { openStore } from '../store/open.js';

export interface ReportRunOptions {
  /** The store file (SQLite). */
  db: string;
  /** A run id or name; default: the store's latest run. */
  run?: string;
  /** The report folder; default: overthink-report/<store>-<run id> (`defaultReportDir`). */
  out?: string;
  /** Failure-mode tag rules; default: the built-in ones. */
  tags?: TagConfig;
  /** Characters of each trace kept in report.html; default: scaled to the run's size. */
  excerptChars?: number | 'auto';
  /** Seeds the bootstrap and permutation tests (default 1). */
  seed?: number;
  /** Also write PNG copies of the charts (default true). */
  png?: boolean;
}

/**
 * store → score → analyse → report: a stored run's report folder (report.html, summary.json, CSV
 * tables, charts). The store is opened read-only and closed again.
 */
export async function reportRun(o: ReportRunOptions): Promise<BuiltReport> {
  const db = openStore(o.db, { readonly: true });
  try {
    const data = loadRunData(db, o.run, { tags: o.tags, excerptChars: o.excerptChars });
    return await buildReport(data, o.out ?? defaultReportDir(o.db, data.run.id), {
      seed: o.seed,
      png: o.png,
    });
  } finally {
    db.close();
  }
}
