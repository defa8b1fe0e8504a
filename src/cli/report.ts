import type { Command } from 'commander';
import { loadTagConfig } from '../analysis/failure-config.js';
import { loadRunData } from '../analysis/samples.js';
import { buildReport } from '../report/build.js';
import { verdictLines } from '../report/summary.js';
import { terminalSummary } from '../report/terminal.js';
import { openStore } from '../store/store.js';
import { checkOutputDir } from '../util/atomic-write.js';
import { UserError } from '../util/errors.js';
import { printWritten, say } from './output.js';

interface ReportFlags {
  db: string;
  out: string;
  json?: boolean;
  tags?: string;
  seed: string;
  excerptChars?: string;
  png: boolean;
}

export function register(program: Command): void {
  program
    .command('report [run]')
    .description(
      'Analyse a stored run and write the report (HTML, SVG/PNG charts, CSV tables, summary.json). Default: the latest run.',
    )
    .option('--db <file>', 'the results store (SQLite)', 'overthink.db')
    .option('-o, --out <dir>', 'report folder', 'overthink-report')
    .option('--json', 'print the summary as JSON on stdout instead of the table')
    .option('--tags <file>', 'failure-mode tag rules (YAML/JSON) overriding the built-in ones')
    .option('--seed <n>', 'seed for the bootstrap and permutation tests', '1')
    .option(
      '--excerpt-chars <n>',
      'characters of each trace kept in report.html (default: scaled to the run size)',
    )
    .option('--no-png', 'write SVG charts only')
    .action(async (run: string | undefined, flags: ReportFlags) => {
      const seed = Number(flags.seed);
      if (!Number.isInteger(seed) || seed < 0)
        throw new UserError(`--seed: expected a whole number, got '${flags.seed}'`);
      const chars = flags.excerptChars === undefined ? 'auto' : Number(flags.excerptChars);
      if (chars !== 'auto' && (!Number.isInteger(chars) || chars < 0))
        throw new UserError(
          `--excerpt-chars: expected a whole number of characters, got '${flags.excerptChars}'`,
        );
      const tags = flags.tags ? loadTagConfig(flags.tags) : undefined;
      checkOutputDir(flags.out, '--out');
      const db = openStore(flags.db, { readonly: true });
      try {
        const data = loadRunData(db, run, { tags, excerptChars: chars });
        const built = await buildReport(data, flags.out, { seed, png: flags.png });
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
