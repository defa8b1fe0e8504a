import type { Command } from 'commander';
import { compareStoredRuns } from '../pipelines/compare.js';
import { compareTerminal } from '../report/compare-report.js';
import { checkOutputDir } from '../util/atomic-write.js';
import { UserError } from '../util/errors.js';
import { dbOption } from './db-option.js';
import { printWritten } from './output.js';

export function register(program: Command): void {
  program
    .command('compare <runs...>')
    .description(
      "Compare two or more runs: each run's trends side by side, differences from the first run with 95% CIs, and overlay charts.",
    )
    .addOption(dbOption('the results store (SQLite) for runs given without a store'))
    .option(
      '-o, --out <dir>',
      'folder for compare.html, compare.json, compare.csv and charts',
      'overthink-compare',
    )
    .option('--json', 'print the comparison as JSON on stdout')
    .addHelpText(
      'after',
      `
A run is an id or name in --db, or <store.db>#<run> for a run in another store (<store.db># for its latest).
The first run is the baseline.

Examples:
  overthink compare r-1a2b3c r-4d5e6f
  overthink compare before.db# after.db# -o compare-out`,
    )
    .action(async (refs: string[], flags: { db: string; out: string; json?: boolean }) => {
      if (refs.length < 2) throw new UserError('compare needs at least two runs');
      checkOutputDir(flags.out, '--out');
      const runs = refs.map((ref) => {
        const hash = ref.lastIndexOf('#');
        return hash >= 0
          ? { db: ref.slice(0, hash), run: ref.slice(hash + 1) || undefined }
          : { db: flags.db, run: ref };
      });
      const { comparison, files } = await compareStoredRuns(runs, flags.out);
      if (flags.json) return void process.stdout.write(`${JSON.stringify(comparison)}\n`);
      process.stdout.write(`${compareTerminal(comparison)}\n\n`);
      printWritten(files);
    });
}
