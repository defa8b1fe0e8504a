import type { Command } from 'commander';
import { translateBudget } from '../budget/translate.js';
import { paperFamily, paperFamilyOf } from '../config/paper-families.js';
import { type Experiment, type ModelConfig, modelConfig } from '../config/schema.js';
import { type Budget, budgetLabel } from '../core/budget.js';
import { closeItems, loadExperimentItems, warnStandIns } from '../run/items.js';
import { armsOf, budgetsOf, estimatePlan, maxTokensFor, planSize, runIdOf } from '../run/plan.js';
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
      .option('--json', 'print the plan as JSON (nothing else on stdout)'),
  )
    .addHelpText(
      'after',
      `
Examples:
  overthink plan --preset paper-main --model anthropic:claude-sonnet-4-6 --limit 100
  overthink plan --config sweep.yaml
  overthink plan --model openai:gpt-5.6-sol --tasks misleading-math --limit 50 --json

Nothing is sent and nothing is written. Costs are estimates: each sample is taken to use about its
budget plus a short answer. \`run\` asks before anything above confirmAboveUsd (default $5).`,
    )
    .action(async (flags: ExperimentFlags & { json?: boolean }) => {
      const loaded = experimentFromFlags(flags);
      const exp = loaded.experiment;
      const tasks = await loadExperimentItems(exp, loaded.baseDir);
      warnStandIns(tasks);
      const rows = estimatePlan(exp, tasks);
      const total = planSize(exp, tasks);
      closeItems(tasks);
      const models = exp.models.map(modelConfig).map((m) => modelPlan(exp, m));
      if (flags.json) {
        process.stdout.write(
          `${JSON.stringify({ runId: runIdOf(exp), total, prompt: exp.prompt, extractor: exp.extractor, models, tasks: tasks.map((t) => ({ id: t.taskId, items: t.items.length, ...(t.notice ? { notice: t.notice } : {}) })), estimate: rows })}\n`,
        );
        return;
      }
      say(
        `run ${runIdOf(exp)} · ${exp.regime} regime · ${exp.trials} ${exp.regime === 'natural' ? 'sample(s) per item' : 'trial(s)'} · seed ${exp.seed} · prompt ${exp.prompt} · extractor ${exp.extractor}`,
      );
      for (const t of tasks)
        say(
          `  task ${t.taskId}: ${t.items.length} items${t.notice ? " (not the paper's own items: see the warning above)" : ''}`,
        );
      const items = tasks.reduce((s, t) => s + t.items.length, 0);
      const arms = armsOf(exp).length;
      const scheduled = rows.filter((r) => r.arm === 'scheduler').length;
      const perModel = models.map((m) => m.budgets.length);
      const budgetCount = perModel.every((n) => n === perModel[0]) ? `${perModel[0]}` : perModel.join('+');
      say(
        `  ${total} samples in all (${exp.models.length} model(s) × ${items} items × ${budgetCount} budget(s) × ${exp.trials} trial(s)` +
          `${arms > 1 ? ` × ${arms} anchoring arms` : ''}${scheduled ? `, plus the scheduler arm on ${scheduled} model(s)` : ''})`,
      );
      for (const m of models) {
        say(`  model ${m.id} · ${m.settings}${m.seeds ? ` · seeds ${m.seeds.join(', ')}` : ''}`);
        say(`    ${m.budgets.map((b) => `${b.budget} → ${b.sent} (max ${b.maxTokens})`).join(', ')}`);
      }
      say('');
      const table = [
        ['model', 'budget', 'samples', 'input tok', 'output tok (est.)', 'cost USD', 'batch USD'],
      ];
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

interface ModelPlan {
  id: string;
  family: string;
  settings: string;
  seeds?: number[];
  budgets: { budget: string; sent: string; maxTokens: number; note?: string }[];
}

/** Each budget of a model as the provider will receive it: what a reader checks before paying. */
function modelPlan(exp: Experiment, m: ModelConfig): ModelPlan {
  const budgets = budgetsOf(exp, m).map((b: Budget) => {
    const maxTokens = maxTokensFor(exp, m, b);
    if (m.id.startsWith('sim:')) return { budget: budgetLabel(b), sent: 'simulated', maxTokens };
    const t = translateBudget({
      spec: m.id,
      budget: b,
      maxTokens,
      temperature: m.temperature,
      topP: m.topP,
      api: m.api,
      budgetMode: m.budgetMode,
      options: m.options,
    });
    const sent =
      t.prefill !== undefined
        ? `prefill ${JSON.stringify(t.prefill)}`
        : describeSent(t.params, m.id.startsWith('anthropic:'));
    return { budget: budgetLabel(b), sent, maxTokens: t.maxTokens, note: t.note };
  });
  return {
    id: m.id,
    family: paperFamilyOf(m.id),
    settings: paperFamily(m.id).label,
    seeds: m.seeds,
    budgets,
  };
}

/** The reasoning control a request carries, in a few words. */
function describeSent(p: Record<string, unknown>, anthropic: boolean): string {
  const get = (path: string): unknown =>
    path
      .split('.')
      .reduce<unknown>(
        (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
        p,
      );
  const effort = get('reasoning_effort') ?? get('reasoning.effort') ?? get('output_config.effort');
  if (effort !== undefined) return `effort ${String(effort)}`;
  const thinking = get('thinking.type');
  if (thinking === 'enabled') return `budget_tokens ${String(get('thinking.budget_tokens'))}`;
  if (thinking === 'disabled') return 'thinking off';
  if (thinking === 'adaptive') return 'adaptive thinking';
  const gBudget =
    get('thinkingConfig.thinkingBudget') ?? get('generationConfig.thinkingConfig.thinkingBudget');
  if (gBudget !== undefined) return `thinkingBudget ${String(gBudget)}`;
  const level = get('thinkingConfig.thinkingLevel') ?? get('generationConfig.thinkingConfig.thinkingLevel');
  if (level !== undefined) return `thinkingLevel ${String(level)}`;
  for (const k of ['thinking_token_budget', 'thinking_budget_tokens'])
    if (k in p) return `${k} ${String(p[k])}`;
  if (get('chat_template_kwargs.enable_thinking') === false) return 'thinking off (chat template)';
  return anthropic ? 'no thinking' : 'stated in the prompt only';
}

function fmtInt(n: number): string {
  return n.toLocaleString('en-US');
}
function money(n: number | null): string {
  return n === null ? 'n/a' : n.toFixed(2);
}
