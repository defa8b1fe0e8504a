import type { Command } from 'commander';
import type { BudgetScore } from '../mitigate/policy.js';
import { recommendBudgets } from '../pipelines/recommend.js';
import { amount } from '../report/shape-format.js';
import { isShareMetric, type Metric } from '../tasks/metrics.js';
import { checkOutputFile } from '../util/atomic-write.js';
import { UserError } from '../util/errors.js';
import { dbOption } from './db-option.js';
import { printWritten, say } from './output.js';

export function register(program: Command): void {
  program
    .command('recommend [run]')
    .description(
      'Budget guard-rail: per task, the best budget and the smallest one within epsilon of it; writes a policy JSON.',
    )
    .addOption(dbOption())
    .option('--model <spec>', 'which model of the run (default: its only model)')
    .option('--epsilon <x>', 'tolerance: accuracy points as a share (0.01 = 1 point), or error units', '0.01')
    .option('--out <file>', 'policy file', 'budget-policy.json')
    .option('--json', 'print the policy as JSON on stdout (nothing else there), with the files written')
    .addHelpText(
      'after',
      `
Examples:
  overthink recommend                          the latest run's only model
  overthink recommend --model anthropic:claude-sonnet-4-6 --epsilon 0.02 --out policy.json
  overthink recommend --json

Use the policy at runtime with the library:
  import { clampBudget, parsePolicy } from 'overthink';
  const policy = parsePolicy(JSON.parse(readFileSync('budget-policy.json', 'utf8')));
  const budget = clampBudget(policy, 'misleading-math', requestedBudget);`,
    )
    .action(
      (
        run: string | undefined,
        f: { db: string; model?: string; epsilon: string; out: string; json?: boolean },
      ) => {
        const epsilon = Number(f.epsilon);
        if (!Number.isFinite(epsilon) || epsilon < 0)
          throw new UserError(`--epsilon: '${f.epsilon}' is not a non-negative number`);
        checkOutputFile(f.out, '--out');
        const { policy, fromBest, files } = recommendBudgets({
          db: f.db,
          run,
          model: f.model,
          epsilon,
          out: f.out,
        });
        if (f.json) {
          process.stdout.write(`${JSON.stringify({ ...policy, fromBest, files })}\n`);
          return;
        }
        if (policy.simulated)
          say('*** SIMULATED MODEL: this policy comes from a simulator, not a real model. ***');
        if (policy.source) say(`run ${policy.run}: ${policy.source}`);
        for (const [task, t] of Object.entries(policy.tasks)) {
          say(
            `${task}: best ${fmt(t.best, t.metric)} · recommended ceiling ${fmt(t.recommended, t.metric)} (within ${within(epsilon, t.metric)} of the best)`,
          );
          if (fromBest[task]) say(`  ${fromBest[task]}`);
        }
        printWritten(files);
      },
    );
}

/** The tolerance in the metric's unit: points for a share, the metric's own unit otherwise. */
function within(epsilon: number, metric: string): string {
  return isShareMetric(metric as Metric)
    ? amount({ metric: metric as Metric }, epsilon).replace(/^\+/, '')
    : String(epsilon);
}

function fmt(s: BudgetScore, metric: string): string {
  const v = (x: number) => (metric === 'error' ? x.toFixed(3) : `${(x * 100).toFixed(1)}%`);
  return `budget ${s.budget}: ${v(s.score)} [${v(s.lo)}, ${v(s.hi)}] (n=${s.n})`;
}
