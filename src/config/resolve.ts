import { paperFamily, paperFamilyOf } from './paper-families.js';
import {
  type Experiment,
  type ModelConfig,
  type ModelEntry,
  modelConfig,
  type ParsedExperiment,
} from './schema.js';

/**
 * Fills in what a config leaves to the paper: each model's family settings from the reference's
 * configs (config/paper-families.ts). Anything the config sets is kept. What is filled in shows in
 * the stored config, so a run records the settings it ran with.
 * - `budgets: paper`: each model gets its family's list (without 0 under the cautioned prompt, as
 *   the reference's cautioned experiment ran 1024 and up);
 * - `trials`: 3, or in the natural regime 5 (the reference's natural runs sampled each item 5 times);
 * - per model, where the family has them: the per-trial seeds, temperature and top_p of the
 *   open-weight runs, the `<think></think>` prefill at budget 0 (openai-compatible), and the natural
 *   regime's thinking budget (Claude) or effort (o-series).
 */
export function resolveExperiment(exp: ParsedExperiment): Experiment {
  const natural = exp.regime === 'natural';
  const paperBudgets = exp.budgets === 'paper';
  const models: ModelEntry[] = exp.models.map((entry) => {
    const m = modelConfig(entry);
    const family = paperFamily(m.id);
    const filled: ModelConfig = { ...m };
    if (filled.budgets) filled.budgets = unique(filled.budgets);
    if (paperBudgets && !filled.budgets) {
      filled.budgets = family.budgets.filter((b) => exp.prompt !== 'cautioned' || b > 0);
    }
    const seeds = natural ? family.natural.seeds : family.seeds;
    if (seeds && !filled.seeds) filled.seeds = seeds;
    if (family.temperature !== undefined && filled.temperature === undefined)
      filled.temperature = family.temperature;
    if (family.topP !== undefined && filled.topP === undefined) filled.topP = family.topP;
    const options: Record<string, unknown> = { ...filled.options };
    for (const [k, v] of Object.entries(familyOptions(m.id, natural))) options[k] ??= v;
    if (Object.keys(options).length > 0) filled.options = options;
    return sameEntry(entry, filled) ? entry : filled;
  });
  const budgets = paperBudgets
    ? [...new Set(models.flatMap((m) => modelConfig(m).budgets ?? []))].sort((a, b) => a - b)
    : unique(exp.budgets as number[]);
  const trials = exp.trials ?? (natural ? paperFamily(modelConfig(models[0]).id).natural.samples : 3);
  return { ...exp, models, budgets, trials, anchoring: unique(exp.anchoring) };
}

/**
 * Without repeats, in the order given: `[0, 1024, 1024]` is the experiment `[0, 1024]` (same samples,
 * so the same run id), while a list without repeats, and so every earlier run's id, is unchanged.
 */
function unique(xs: number[]): number[] {
  return [...new Set(xs)];
}

/** A string entry stays a string when nothing was filled in, so simple configs keep their shape. */
function sameEntry(entry: ModelEntry, filled: ModelConfig): boolean {
  return typeof entry === 'string' && Object.keys(filled).length === 1;
}

/** A model's budgets: its own list, or the experiment's. Sorted, without repeats. */
export function budgetsFor(exp: Experiment, model: ModelConfig): number[] {
  return [...new Set(model.budgets ?? exp.budgets)].sort((a, b) => a - b);
}

/** The output-token headroom (max_tokens = budget + headroom) and natural limit for a model. */
export function tokenLimitsFor(exp: Experiment, model: ModelConfig): { headroom: number; natural: number } {
  const family = paperFamily(model.id);
  return {
    headroom: exp.maxTokens.headroom ?? family.headroom,
    natural: exp.maxTokens.natural ?? family.natural.maxTokens,
  };
}

export { paperFamilyOf };

/** The provider options a model's paper family adds, in the order they are added, unless given. */
export function familyOptions(modelId: string, natural: boolean): Record<string, unknown> {
  const family = paperFamily(modelId);
  const out: Record<string, unknown> = {};
  if (family.noThinkPrefill && modelId.startsWith('openai-compatible:')) out.zeroThinking = 'prefill';
  if (natural && family.natural.thinkingBudget !== undefined)
    out.naturalThinkingBudget = family.natural.thinkingBudget;
  if (natural && family.natural.effort !== undefined) out.naturalEffort = family.natural.effort;
  return out;
}
