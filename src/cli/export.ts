import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import { exportRun } from '../report/export.js';
import { openStore } from '../store/store.js';
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
    .action(
      async (
        run: string | undefined,
        f: { db: string; jsonl?: boolean; csv?: boolean; json?: boolean; withText?: boolean; out?: string },
      ) => {
        const formats = [f.jsonl && 'jsonl', f.csv && 'csv', f.json && 'json'].filter(Boolean) as (
          | 'jsonl'
          | 'csv'
          | 'json'
        )[];
        if (formats.length > 1) throw new UserError('choose one of --jsonl, --csv, --json');
        const db = openStore(f.db, { mustExist: true });
        const out = f.out ? createWriteStream(f.out) : process.stdout;
        try {
          await exportRun(db, run, formats[0] ?? 'jsonl', out, { withText: f.withText ?? false });
        } finally {
          db.close();
          if (f.out) await new Promise<void>((r) => (out as NodeJS.WritableStream).end(r));
        }
        if (f.out) printWritten([f.out]);
      },
    );
}
