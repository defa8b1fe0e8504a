import type { Command } from 'commander';
import { computeCurves } from '../analysis/curves.js';
import { loadRunData } from '../analysis/samples.js';
import { analyseShapes, declineFromBest, type Shape } from '../analysis/shape.js';
import { DEFAULT_RULES } from '../mitigate/gate-rules.js';
import type { BudgetScore } from '../mitigate/policy.js';
import { recommend } from '../mitigate/recommend.js';
import { armPrompt } from '../prompts/anchoring.js';
import { amount } from '../report/shape-format.js';
import { describeOrigin } from '../run/origin.js';
import { openStore } from '../store/store.js';
import { isShareMetric, type Metric } from '../tasks/metrics.js';
import { checkOutputFile, writeFileAtomic } from '../util/atomic-write.js';
import { UserError } from '../util/errors.js';
import { printWritten, say } from './output.js';

export function register(program: Command): void {
  program
    .command('recommend [run]')
    .description(
      'Budget guard-rail: per task, the best budget and the smallest one within epsilon of it; writes a policy JSON.',
    )
    .option('--db <file>', 'the results store (SQLite)', 'overthink.db')
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
        const db = openStore(f.db, { readonly: true });
        try {
          const data = loadRunData(db, run, { tags: false, excerptChars: 0 });
          const models = [...new Set(data.samples.map((s) => s.model))];
          const model = f.model ?? (models.length === 1 ? models[0] : undefined);
          if (!model)
            throw new UserError(
              `run ${data.run.id} has several models (${models.join(', ')}): choose one with --model`,
            );
          if (!models.includes(model))
            throw new UserError(`--model: '${model}' is not in run ${data.run.id} (${models.join(', ')})`);
          const curves = computeCurves(data);
          const policy = recommend(curves, { model, run: data.run.id, epsilon });
          const shapes = analyseShapes(data, curves).filter(
            (x) => x.model === model && x.stratum === 'all' && x.variant === armPrompt(x.variant),
          );
          if (Object.keys(policy.tasks).length === 0)
            throw new UserError(`run ${data.run.id} has no budgeted samples to recommend from`);
          const source = data.origin ? describeOrigin(data.origin) : undefined;
          writeFileAtomic(
            f.out,
            `${JSON.stringify({ ...policy, simulated: data.simulated, ...(source ? { source } : {}) }, null, 2)}\n`,
            'the policy',
          );
          if (f.json) {
            const fromBest = Object.fromEntries(
              Object.entries(policy.tasks).flatMap(([task, t]) => {
                const sh = shapes.find((x) => x.taskId === task && x.best.budget === t.best.budget);
                return sh ? [[task, fromBestLine(sh)]] : [];
              }),
            );
            const doc = {
              ...policy,
              simulated: data.simulated,
              ...(source ? { source } : {}),
              fromBest,
              files: [f.out],
            };
            process.stdout.write(`${JSON.stringify(doc)}\n`);
            return;
          }
          if (data.simulated)
            say('*** SIMULATED MODEL: this policy comes from a simulator, not a real model. ***');
          if (source) say(`run ${data.run.id}: ${source}`);
          for (const [task, t] of Object.entries(policy.tasks)) {
            say(
              `${task}: best ${fmt(t.best, t.metric)} · recommended ceiling ${fmt(t.recommended, t.metric)} (within ${within(epsilon, t.metric)} of the best)`,
            );
            const sh = shapes.find((x) => x.taskId === task && x.best.budget === t.best.budget);
            if (sh) say(`  ${fromBestLine(sh)}`);
          }
          printWritten([f.out]);
        } finally {
          db.close();
        }
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

/** What the gate's no-decline-from-best (default tolerance) says about the same best budget. */
function fromBestLine(s: Shape): string {
  const rule = DEFAULT_RULES.find((r) => r.rule === 'no-decline-from-best');
  const eps = rule && 'epsilon' in rule ? rule.epsilon : 0.02;
  const d = declineFromBest(s);
  const v = (x: number) => (isShareMetric(s.metric) ? `${(x * 100).toFixed(1)} pts` : x.toFixed(3));
  if (!d || s.best.budget === s.last.budget)
    return `the largest budget (${s.last.budget}) is the best: the gate's no-decline-from-best passes`;
  return (
    `the largest budget (${s.last.budget}) is ${v(d.decline)} worse than the best (simultaneous 95% lower bound ${v(d.lower)}): ` +
    `the gate's no-decline-from-best (tolerance ${v(eps)}) ${d.lower > eps ? 'FAILS' : 'passes'} on this run`
  );
}
