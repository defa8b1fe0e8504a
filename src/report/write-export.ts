import type { DB } from '../store/db.js';
import { writeFileAtomic, writeStreamAtomic } from '../util/atomic-write.js';
import { UserError } from '../util/errors.js';
import type { ExportFilter, ExportFormat } from './export.js';
import { exportRun } from './export.js';
/** What `export` and `run --export` write: a text format, or Parquet (to a file only). */
export type ExportTarget = ExportFormat | 'parquet';

/**
 * Exports a run to `file`, or to stdout without one. The file is written whole or not at all: a
 * failure half-way (a full disk) leaves whatever was there before.
 */
export async function writeExport(
  db: DB,
  run: string | undefined,
  format: ExportTarget,
  file: string | undefined,
  withText: boolean,
  filter?: ExportFilter,
): Promise<void> {
  if (format === 'parquet') {
    if (!file) throw new UserError('--parquet writes a binary file: give it --out <file.parquet>');
    const { exportParquet } = await import('./export-parquet.js');
    await writeStreamAtomic(file, (out) => exportParquet(db, run, out, { withText, filter }), 'the export');
    return;
  }
  if (!file) {
    await exportRun(db, run, format, process.stdout, { withText, filter });
    return;
  }
  await writeStreamAtomic(file, (out) => exportRun(db, run, format, out, { withText, filter }), 'the export');
}

/** Writes an export already made (an ExportBuffer's chunks) to `file`, whole or not at all. */
export function writeExportChunks(file: string, chunks: Iterable<string>): void {
  writeFileAtomic(file, chunks, 'the export');
}
