import type { Command } from 'commander';
import { compareRuns, type RunInput } from '../analysis/compare.js';
import { computeCurves } from '../analysis/curves.js';
import { analyseEfficiency } from '../analysis/efficiency.js';
import { loadRunData } from '../analysis/samples.js';
import { analyseShapes } from '../analysis/shape.js';
import { analyseTrends } from '../analysis/trend.js';
import { buildComparison, compareTerminal } from '../report/compare-report.js';
import { describeOrigin } from '../run/origin.js';
import { openStore } from '../store/store.js';
import { checkOutputDir } from '../util/atomic-write.js';
import { UserError } from '../util/errors.js';
import { printWritten } from './output.js';

export function register(program: Command): void {
  program
    .command('compare <runs...>')
    .description(
      "Compare two or more runs: each run's trends side by side, differences from the first run with 95% CIs, and overlay charts.",
    )
    .option('--db <file>', 'the results store (SQLite) for runs given without a store', 'overthink.db')
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
      const inputs: RunInput[] = [];
      const seen = new Set<string>();
      for (const ref of refs) {
        const hash = ref.lastIndexOf('#');
        const dbPath = hash >= 0 ? ref.slice(0, hash) : flags.db;
        const runRef = hash >= 0 ? ref.slice(hash + 1) || undefined : ref;
        const db = openStore(dbPath, { readonly: true });
        try {
          const data = loadRunData(db, runRef, { excerptChars: 0, tags: false });
          const curves = computeCurves(data);
          let label = data.run.name ?? data.run.id;
          if (seen.has(label)) label = `${label}#${inputs.length + 1}`;
          seen.add(label);
          inputs.push({
            label,
            simulated: data.simulated,
            ...(data.origin ? { source: describeOrigin(data.origin) } : {}),
            analysis: {
              curves,
              trends: analyseTrends(data, curves),
              shapes: analyseShapes(data, curves),
              efficiency: analyseEfficiency(data),
            },
          });
        } finally {
          db.close();
        }
      }
      const comparison = compareRuns(inputs);
      const built = await buildComparison(comparison, flags.out);
      if (flags.json) return void process.stdout.write(`${JSON.stringify(comparison)}\n`);
      process.stdout.write(`${compareTerminal(comparison)}\n\n`);
      printWritten(built.files);
    });
}
