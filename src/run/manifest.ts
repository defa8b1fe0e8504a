import type { Experiment } from '../config/schema.js';
import { systemPrompt } from '../prompts/system.js';
import type { Provider } from '../providers/types.js';
import { VERSION } from '../version.js';
import type { TaskItems } from './items.js';
import { budgetLabel } from './keys.js';
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
  systemPrompts: Record<string, string>;
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
  const systemPrompts: Record<string, string> = {};
  for (const b of budgetsOf(exp)) systemPrompts[budgetLabel(b)] = systemPrompt(b, exp.prompt);
  return {
    tool: 'overthink',
    toolVersion: VERSION,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    source,
    config: exp,
    simulated: providers.some((p) => p.capabilities.simulated),
    models: providers.map((p) => ({ id: p.id, capabilities: p.capabilities })),
    systemPrompts,
    userPromptTemplate:
      'item prompt, lettered options for multiple choice, then the <answer> instruction (src/prompts/user.ts)',
    tasks: tasks.map((t) => ({
      id: t.taskId,
      metric: t.metric,
      items: t.items.length,
      sha256: t.hash,
      ...(t.notice ? { notice: t.notice } : {}),
    })),
  };
}
