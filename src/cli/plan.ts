import type { Command } from 'commander';
import { loadExperimentItems, warnStandIns } from '../run/items.js';
import { budgetLabel } from '../run/keys.js';
import { armsOf, budgetsOf, estimatePlan, planSize, runIdOf } from '../run/plan.js';
import { alignColumns } from '../util/terminal.js';
import { addExperimentFlags, type ExperimentFlags, experimentFromFlags } from './experiment-flags.js';
import { say } from './output.js';

export function register(program: Command): void {
  addExperimentFlags(
    program
      .command('plan')
      .description(
        'Show what a run would do (samples, tokens, estimated cost per model × budget) without running anything.',
      )
      .option('--json', 'print the plan as JSON'),
  ).action(async (flags: ExperimentFlags & { json?: boolean }) => {
    const loaded = experimentFromFlags(flags);
    const exp = loaded.experiment;
    const tasks = await loadExperimentItems(exp, loaded.baseDir);
    warnStandIns(tasks);
    const rows = estimatePlan(exp, tasks);
    const total = planSize(exp, tasks);
    if (flags.json) {
      process.stdout.write(
        `${JSON.stringify({ runId: runIdOf(exp), total, tasks: tasks.map((t) => ({ id: t.taskId, items: t.items.length, ...(t.notice ? { notice: t.notice } : {}) })), estimate: rows })}\n`,
      );
      return;
    }
    say(`run ${runIdOf(exp)} · ${exp.regime} regime · ${exp.trials} trial(s) · seed ${exp.seed}`);
    for (const t of tasks)
      say(
        `  task ${t.taskId}: ${t.items.length} items${t.notice ? " (not the paper's own items: see the warning above)" : ''}`,
      );
    const items = tasks.reduce((s, t) => s + t.items.length, 0);
    const arms = armsOf(exp).length;
    const scheduled = rows.filter((r) => r.arm === 'scheduler').length;
    say(
      `  ${total} samples in all (${exp.models.length} model(s) × ${items} items × ${budgetsOf(exp).length} budget(s) × ${exp.trials} trial(s)` +
        `${arms > 1 ? ` × ${arms} anchoring arms` : ''}${scheduled ? `, plus the scheduler arm on ${scheduled} model(s)` : ''})`,
    );
    say('');
    const table = [['model', 'budget', 'samples', 'input tok', 'output tok (est.)', 'cost USD', 'batch USD']];
    let sum = 0;
    let sumBatch = 0;
    let unknown = false;
    let noBatch = false;
    for (const r of rows) {
      if (r.costUsd !== null && r.batchCostUsd === null) noBatch = true;
      if (r.costUsd === null) unknown = true;
      sum += r.costUsd ?? 0;
      sumBatch += r.batchCostUsd ?? 0;
      table.push([
        r.model,
        r.arm === 'scheduler' ? `scheduler ≤${budgetLabel(r.budget)}` : budgetLabel(r.budget),
        String(r.samples),
        fmtInt(r.inputTokens),
        fmtInt(r.outputTokens),
        money(r.costUsd),
        money(r.batchCostUsd),
      ]);
    }
    const anyBatch = rows.some((r) => r.batchCostUsd !== null);
    table.push(['total', '', String(total), '', '', money(sum), anyBatch ? money(sumBatch) : 'n/a']);
    for (const line of alignColumns(table, (i) => i >= 2)) say(line);
    say('');
    say(
      'Estimates assume each sample uses about its budget (budgets are soft on most APIs) plus a short answer.',
    );
    if (scheduled)
      say('The scheduler rows are upper bounds: every sample reasoning to the ceiling, with every probe.');
    if (exp.maxCostUsd !== undefined && sum > exp.maxCostUsd)
      say(
        `⚠ the estimate (${money(sum)} USD) is above maxCostUsd (${money(exp.maxCostUsd)}): the run will stop starting requests before it passes the ceiling, so about ${((100 * exp.maxCostUsd) / sum).toPrecision(2)}% of it would be done.`,
      );
    if (noBatch)
      say(
        'batch USD: the price through the provider batch API (run --batch); n/a where overthink has none (sim, google, openai-compatible, local); the total counts only models that have one.',
      );
    if (unknown)
      say(
        'Some models have no known price: see `overthink models list`, or set `prices` on the model in the config.',
      );
  });
}

function fmtInt(n: number): string {
  return n.toLocaleString('en-US');
}
function money(n: number | null): string {
  return n === null ? 'n/a' : n.toFixed(2);
}
