import { existsSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import YAML from 'yaml';
import { closeItems, loadExperimentItems } from '../run/items.js';
import { validateExperiment } from '../run/load.js';
import { UserError } from '../util/errors.js';
import { say, showPath } from './output.js';
import { spendOf } from './spend-guard.js';

/**
 * A first experiment file, every line commented: runnable as it is (free, on the simulator), and one
 * edit away from a real model. `test/cli/init.test.ts` plans it, so it always validates.
 */
export function sweepTemplate(model: string): string {
  const sim = model.startsWith('sim:');
  return `# An overthink experiment. Run it:        overthink run --config sweep.yaml
# See what it would cost first:           overthink plan --config sweep.yaml
# Every field, its default and its meaning: docs/reference.md (or \`overthink run --help\`).

# A name you can use instead of the run id (overthink report <name>).
name: first-sweep

# Models, as provider:model. sim:inverse is an offline simulator whose accuracy falls as it reasons
# longer: free, no key. For a real model, set its key in the environment (or .env) and write e.g.
#   models: [anthropic:claude-sonnet-4-6]     # ANTHROPIC_API_KEY
#   models: [openai:gpt-5.6-sol]              # OPENAI_API_KEY
#   models: [google:gemini-3.8-flash]         # GEMINI_API_KEY
# \`overthink models list\` shows every known model with its prices.
models: [${model}]

# Tasks (\`overthink tasks list\`; \`overthink tasks show <id>\` prints items and options).
tasks:
  - id: misleading-math
    options: { n: 100 }      # how many items to make (the paper's file has 2,500)
  - misleading-python

# Use at most this many items per task (a seeded random subset): keep it small until the numbers
# look right. Remove it for the whole task.
limit: ${sim ? 20 : 10}

# Reasoning budgets in tokens. 'paper' (the default) runs each model at the budgets the paper used
# for its family (Claude 0–16384; o-series 1024, 4096, 8192); or give a list:
# budgets: [0, 1024, 4096, 16384]
budgets: paper

# Samples per item and budget (the paper: 3). Different trials get different seeds.
trials: 3
seed: 1

# controlled: the budget is sent to the model; natural: no budget, the model reasons as it likes
# (then \`trials\` is the number of samples per item).
regime: controlled

# Requests in flight at once. Lower it if the provider rate-limits you.
concurrency: 8

# Spend. \`run\` asks before a plan estimated above confirmAboveUsd (and refuses without a terminal
# unless --yes); maxCostUsd stops starting requests before the spend could pass it.
confirmAboveUsd: 5
maxCostUsd: ${sim ? 5 : 20}

# Where results go: one SQLite store for every run (rerunning a run resumes it), and the report's
# folder (default: overthink-report/<store>-<run id>).
output:
  db: overthink.db
`;
}

export function register(program: Command): void {
  program
    .command('init')
    .description('Write a commented experiment file to start from (sweep.yaml), runnable as it is.')
    .option('--out <file>', 'where to write it', 'sweep.yaml')
    .option('-m, --model <spec>', 'the model it names', 'sim:inverse')
    .option('--force', 'overwrite the file if it exists')
    .addHelpText(
      'after',
      `
Examples:
  overthink init                                       sweep.yaml on the offline simulator
  overthink init --model anthropic:claude-sonnet-4-6   the same on a real model
  overthink init --out eval/sweep.yaml --force

Then: overthink plan --config sweep.yaml, and overthink run --config sweep.yaml.`,
    )
    .action(async (flags: { out: string; model: string; force?: boolean }) => {
      if (existsSync(flags.out) && !flags.force)
        throw new UserError(`${flags.out} exists; nothing was written (give --force to overwrite it)`);
      const text = sweepTemplate(flags.model);
      // Validated and planned before it is written: a bad --model writes nothing, and the cost said
      // here is the one `plan` will show.
      const exp = validateExperiment(YAML.parse(text), `--model ${flags.model}`);
      const tasks = await loadExperimentItems(exp, dirname(resolve(flags.out)));
      const spend = spendOf(exp, tasks);
      closeItems(tasks);
      try {
        writeFileSync(flags.out, text);
      } catch (err) {
        throw new UserError(
          `${flags.out}: cannot write (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
        );
      }
      const cost = spend.unpriced.length
        ? `no price known for ${spend.unpriced.join(', ')}`
        : `estimated $${spend.estimateUsd.toFixed(2)}${spend.atRiskUsd < spend.estimateUsd ? `, capped at $${spend.atRiskUsd.toFixed(2)} by maxCostUsd` : ''}`;
      say(`wrote ${showPath(flags.out)}: ${spend.samples.toLocaleString('en-US')} samples, ${cost}`);
      say(`next: overthink plan --config ${flags.out}, then overthink run --config ${flags.out}`);
    });
}
