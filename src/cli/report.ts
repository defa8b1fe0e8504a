import type { Command } from 'commander';
import { loadTagConfig } from '../analysis/failure-config.js';
import { reportRun } from '../pipelines/report.js';
import { verdictLines } from '../report/summary.js';
import { terminalSummary } from '../report/terminal.js';
import { checkOutputDir } from '../util/atomic-write.js';
import { UserError } from '../util/errors.js';
import { dbOption } from './db-option.js';
import { printReportFiles, say } from './output.js';

interface ReportFlags {
  db: string;
  out?: string;
  json?: boolean;
  verbose?: boolean;
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
    .addOption(dbOption())
    .option('-o, --out <dir>', 'report folder (default: overthink-report/<store>-<run id>)')
    .option('--json', 'print the summary as JSON on stdout instead of the table')
    .option('--tags <file>', 'failure-mode tag rules (YAML/JSON) overriding the built-in ones')
    .option('--seed <n>', 'seed for the bootstrap and permutation tests', '1')
    .option(
      '--excerpt-chars <n>',
      'characters of each trace kept in report.html (default: scaled to the run size)',
    )
    .option('--no-png', 'write SVG charts only')
    .option(
      '-v, --verbose',
      'list every file written (charts, CSV tables, summary.json), not only report.html',
    )
    .addHelpText(
      'after',
      `
Examples:
  overthink report                         the latest run in overthink.db
  overthink report r-9844e986a672 --db other.db
  overthink report --json > summary.json   every number, for scripts
  overthink report -o site/report --no-png`,
    )
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
      checkOutputDir(flags.out ?? 'overthink-report', flags.out ? '--out' : 'the report folder');
      const built = await reportRun({
        db: flags.db,
        run,
        out: flags.out,
        tags,
        excerptChars: chars,
        seed,
        png: flags.png,
      });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(built.summary)}\n`);
        return;
      }
      process.stdout.write(`${terminalSummary(built.summary)}\n\n`);
      for (const l of verdictLines(built.summary)) say(`verdict: ${l}`);
      printReportFiles(built.files, flags.verbose ?? false);
    });
}
