import type { BuiltReport } from '../report/build.js';
import { ExportBuffer } from '../report/export-buffer.js';
import { defaultReportDir } from '../report/report-dir.js';
import { type ExportTarget, writeExport, writeExportChunks } from '../report/write-export.js';
import { guardHeap } from '../run/heap-guard.js';
import type { LoadedExperiment } from '../run/load.js';
import { type RunOptions, type RunResult, runExperiment } from '../run/run.js';
import { type FailureDigest, failureDigest } from '../store/failures.js';
import { openStore } from '../store/open.js';

export interface RunAndReportOptions extends Omit<RunOptions, 'onSample'> {
  /** The report folder; default: overthink-report/<store>-<run id> (`defaultReportDir`). */
  out?: string;
  /** Write the report when the run ends (default true). */
  report?: boolean;
  /** Also export the run's scored samples to this file when it ends, as `overthink export` does. */
  exportTo?: { file: string; format: ExportTarget };
  /**
   * Told how the run ended (and its failed samples, when any failed), before the report is made:
   * the CLI prints its summary here, so that it comes before the report's work.
   */
  onRunEnd?(run: RunResult, failures: FailureDigest | undefined): void;
}

export interface RunAndReportResult {
  run: RunResult;
  /** The run's failed samples by class, when any failed after retries. */
  failures?: FailureDigest;
  /** Absent when the run was interrupted or `report` is false. */
  report?: BuiltReport;
  /** Every file written: the export first, then the report's. */
  files: string[];
}

/**
 * config → plan → run → store, then score → analyse → report: a sweep, its export and its report.
 * An interrupted run is left for a rerun to resume, with neither. The export is made from the rows as
 * they are stored, while the run waits on the model; when it cannot hold the whole run (a resumed
 * run, a large one, Parquet) it is read back from the store, to the same bytes.
 */
export async function runAndReport(
  loaded: LoadedExperiment,
  o: RunAndReportOptions,
): Promise<RunAndReportResult> {
  // Parquet is columnar: it is always written from the store.
  const textFormat = o.exportTo && o.exportTo.format !== 'parquet' ? o.exportTo.format : undefined;
  const exportBuffer = textFormat && new ExportBuffer(textFormat, loaded.experiment.extractor);
  const run = await runExperiment(loaded, {
    ...o,
    onPlan: async (tasks) => {
      exportBuffer?.useMetrics(tasks);
      await o.onPlan?.(tasks);
    },
    onSample: exportBuffer ? (row, item) => exportBuffer.add(row, item) : undefined,
  });
  const failures = run.stored.errors > 0 ? readFailures(o.db, run.runId) : undefined;
  o.onRunEnd?.(run, failures);
  if (run.status === 'interrupted') return { run, failures, files: [] };
  // Analysis and report code are a third of what a run loads: only a run that reports loads it.
  const reporting = o.report !== false ? await import('./report.js') : undefined;
  let report: BuiltReport | undefined;
  // The buffer is the export if it holds every sample the store holds for the run.
  let exportFromStore = o.exportTo;
  if (exportFromStore && exportBuffer?.complete(run.stored.total)) {
    writeExportChunks(exportFromStore.file, exportBuffer.chunks());
    exportFromStore = undefined;
  }
  if (exportFromStore) {
    const db = openStore(o.db, { readonly: true });
    // The run's items are garbage by now; without the guard V8 grew around them (part F).
    const unguard = guardHeap();
    try {
      await writeExport(db, run.runId, exportFromStore.format, exportFromStore.file, false);
    } finally {
      unguard();
      db.close();
    }
  }
  if (reporting)
    report = await reporting.reportRun({
      db: o.db,
      run: run.runId,
      out: o.out ?? defaultReportDir(o.db, run.runId),
    });
  const files = [...(o.exportTo ? [o.exportTo.file] : []), ...(report?.files ?? [])];
  return { run, failures, report, files };
}

/** The run's failed samples, read back from the store (which holds the earlier runs' too). */
function readFailures(db: string, runId: string): FailureDigest {
  const store = openStore(db, { readonly: true });
  try {
    return failureDigest(store, runId);
  } finally {
    store.close();
  }
}
