import { extname } from 'node:path';
import type { Command } from 'commander';
import { type ExportFormat, exportRun } from '../report/export.js';
import { type DB, openStore } from '../store/store.js';
import { checkOutputDir, checkOutputFile, writeFileAtomic, writeStreamAtomic } from '../util/atomic-write.js';
import { UserError } from '../util/errors.js';
import { printWritten } from './output.js';

export function register(program: Command): void {
  program
    .command('export [run]')
    .description(
      'Export a run\'s scored samples as JSON lines, CSV or JSON (one record per sample, with "pass").',
    )
    .option('--db <file>', 'the results store (SQLite)', 'overthink.db')
    .option('--jsonl', 'JSON lines (default)')
    .option('--csv', 'CSV with a header row')
    .option('--json', 'one JSON array')
    .option('--with-text', 'include the answer text and reasoning text')
    .option('--out <file>', 'write to a file instead of stdout')
    .option(
      '--inspect <dir>',
      "write Inspect AI logs instead: one EvalLog .json per model, task and budget, for Inspect's log viewer",
    )
    .action(
      async (
        run: string | undefined,
        f: {
          db: string;
          jsonl?: boolean;
          csv?: boolean;
          json?: boolean;
          withText?: boolean;
          out?: string;
          inspect?: string;
        },
      ) => {
        if (f.inspect !== undefined) return inspectExport(run, f);
        const formats = [f.jsonl && 'jsonl', f.csv && 'csv', f.json && 'json'].filter(Boolean) as (
          | 'jsonl'
          | 'csv'
          | 'json'
        )[];
        if (formats.length > 1) throw new UserError('choose one of --jsonl, --csv, --json');
        if (f.out) checkOutputFile(f.out, '--out');
        const db = openStore(f.db, { readonly: true });
        try {
          await writeExport(db, run, formats[0] ?? 'jsonl', f.out, f.withText ?? false);
        } finally {
          db.close();
        }
        if (f.out) printWritten([f.out]);
      },
    );
}

/**
 * Exports a run to `file`, or to stdout without one. The file is written whole or not at all: a
 * failure half-way (a full disk) leaves whatever was there before.
 */
export async function writeExport(
  db: DB,
  run: string | undefined,
  format: ExportFormat,
  file: string | undefined,
  withText: boolean,
): Promise<void> {
  if (!file) {
    await exportRun(db, run, format, process.stdout, { withText });
    return;
  }
  await writeStreamAtomic(file, (out) => exportRun(db, run, format, out, { withText }), 'the export');
}

/** Writes an export already made (an ExportBuffer's chunks) to `file`, whole or not at all. */
export function writeExportChunks(file: string, chunks: Iterable<string>): void {
  writeFileAtomic(file, chunks, 'the export');
}

/**
 * `run --export <file>`: the format its extension asks for. Checked before the run starts, with the
 * folder, so a typo does not surface only after hours of sampling.
 */
export function exportTarget(file: string): ExportFormat {
  const format = FORMAT_OF_EXTENSION[extname(file).toLowerCase()];
  if (!format) throw new UserError(`--export ${file}: expected a file ending in .jsonl, .csv or .json`);
  checkOutputFile(file, '--export');
  return format;
}

const FORMAT_OF_EXTENSION: Record<string, ExportFormat | undefined> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.csv': 'csv',
  '.json': 'json',
};

/**
 * `export --inspect <dir>`: the run as Inspect logs (report/export-inspect.ts), loaded only here: it
 * brings Inspect's schema and ajv, which a plain export does not need at start-up.
 */
async function inspectExport(
  run: string | undefined,
  f: { db: string; inspect?: string; [k: string]: unknown },
): Promise<void> {
  const other = ['jsonl', 'csv', 'json', 'out', 'withText'].find((k) => f[k] !== undefined);
  const flag = (k: string) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  if (other) throw new UserError(`--inspect writes Inspect logs; it does not take --${flag(other)}`);
  const dir = f.inspect as string;
  checkOutputDir(dir, '--inspect');
  const { exportInspect } = await import('../report/export-inspect.js');
  const db = openStore(f.db, { readonly: true });
  try {
    printWritten(exportInspect(db, run, dir));
  } finally {
    db.close();
  }
}
