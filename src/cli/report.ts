import type { Command } from 'commander';
import { loadRunData } from '../analysis/samples.js';
import { buildReport } from '../report/build.js';
import { verdictLines } from '../report/summary.js';
import { terminalSummary } from '../report/terminal.js';
import { openStore } from '../store/store.js';
import { printWritten, say } from './output.js';

export function register(program: Command): void {
  program
    .command('report [run]')
    .description(
      'Analyse a stored run and write the report (HTML, SVG/PNG charts, summary.json). Default: the latest run.',
    )
    .option('--db <file>', 'the results store (SQLite)', 'overthink.db')
    .option('-o, --out <dir>', 'report folder', 'overthink-report')
    .option('--json', 'print the summary as JSON on stdout instead of the table')
    .action(async (run: string | undefined, flags: { db: string; out: string; json?: boolean }) => {
      const db = openStore(flags.db, { mustExist: true });
      try {
        const built = await buildReport(loadRunData(db, run), flags.out);
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(built.summary)}\n`);
          return;
        }
        process.stdout.write(`${terminalSummary(built.summary)}\n\n`);
        printWritten(built.files);
        for (const l of verdictLines(built.summary)) say(`verdict: ${l}`);
      } finally {
        db.close();
      }
    });
}
