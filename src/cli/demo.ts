import type { Command } from 'commander';
import { loadExperiment } from '../run/load.js';
import { dbOption } from './db-option.js';
import { runAndReport } from './run.js';

export function register(program: Command): void {
  program
    .command('demo')
    .description(
      'Offline demo: the quick preset on a simulated inverse-scaling model (sim:inverse), then the report.',
    )
    .addOption(dbOption())
    .option('-o, --out <dir>', 'report folder (default: overthink-report/<store>-<run id>)')
    .option('-v, --verbose', 'list every file written, not only report.html')
    .addHelpText(
      'after',
      `
Runs Misleading Math at budgets 0, 1024, 2048, 4096, 8192 and 16384 with 3 trials on sim:inverse, a
simulated reasoner whose accuracy falls as it reasons longer. Nothing leaves this machine and no key is
needed. Every artefact says "simulated model". Next: \`overthink init\` for an experiment file to edit,
or \`overthink run --help\` to try a real model.

Examples:
  overthink demo
  overthink demo --db demo.db -o demo-report --verbose`,
    )
    .action(async (flags: { db: string; out?: string; verbose?: boolean }) => {
      const loaded = loadExperiment({ preset: 'quick' });
      process.exitCode = await runAndReport(loaded, {
        db: flags.db,
        out: flags.out,
        report: true,
        verbose: flags.verbose,
      });
    });
}
