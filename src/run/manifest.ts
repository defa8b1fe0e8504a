import { paperFamilyOf } from '../config/paper-families.js';
import { type Experiment, modelConfig } from '../config/schema.js';
import { budgetLabel } from '../core/budget.js';
import { systemPrompt } from '../prompts/system.js';
import type { Provider } from '../providers/types.js';
import { VERSION } from '../version.js';
import type { TaskItems } from './items.js';
import { budgetsOf } from './plan.js';

/**
 * Everything needed to rerun a sweep exactly and to trace every number back: tool version,
 * config, prompts, models and their capabilities, and a hash of each task's data.
 */
export interface Manifest {
  tool: 'overthink';
  toolVersion: string;
  node: string;
  platform: string;
  source: string;
  config: Experiment;
  simulated: boolean;
  models: { id: string; capabilities: Provider['capabilities'] }[];
  /** The paper protocol: prompt variant, extractor and each model's family in the reference's configs. */
  protocol: { prompt: string; extractor: string; families: Record<string, string>; source: string };
  /** The system prompt at each budget, for open-ended and multiple-choice items (before any ICL examples). */
  systemPrompts: Record<string, { openEnded: string; multipleChoice: string }>;
  userPromptTemplate: string;
  /** `notice`: the items stand in for a file the paper released (see TaskDefinition.standInNotice). */
  tasks: { id: string; metric: string; items: number; sha256: string; notice?: string }[];
}

export function buildManifest(
  exp: Experiment,
  source: string,
  tasks: TaskItems[],
  providers: Provider[],
): Manifest {
  const systemPrompts: Manifest['systemPrompts'] = {};
  const families: Record<string, string> = {};
  for (const m of exp.models.map(modelConfig)) {
    families[m.id] = paperFamilyOf(m.id);
    for (const b of budgetsOf(exp, m)) {
      systemPrompts[budgetLabel(b)] = {
        openEnded: systemPrompt(b, false, exp.prompt),
        multipleChoice: systemPrompt(b, true, exp.prompt),
      };
    }
  }
  return {
    tool: 'overthink',
    toolVersion: VERSION,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    source,
    config: exp,
    simulated: providers.some((p) => p.capabilities.simulated),
    models: providers.map((p) => ({ id: p.id, capabilities: p.capabilities })),
    protocol: {
      prompt: exp.prompt,
      extractor: exp.extractor,
      families,
      source: 'data/paper-protocol (from safety-research/inverse-scaling-ttc, MIT)',
    },
    systemPrompts,
    userPromptTemplate:
      "the item's prompt, 'A. option' lines for multiple choice, then the <answer> instruction (src/prompts/user.ts, the reference's _format_prompt_content)",
    tasks: tasks.map((t) => ({
      id: t.taskId,
      metric: t.metric,
      items: t.items.length,
      sha256: t.hash,
      ...(t.notice ? { notice: t.notice } : {}),
    })),
  };
}
