import { readFileSync } from 'node:fs';
import { packageFile } from '../util/package-root.js';

/**
 * The paper's settings per model family, from the reference's configs (data/paper-protocol/
 * families.json, which cites the file of each value): the budgets and trials it ran, the per-trial
 * seeds and sampling of the open-weight runs, the output allowance (max_tokens = budget + headroom)
 * and the natural regime's settings. A config that leaves these out gets them; any field it sets wins.
 */
export type PaperFamilyName = 'claude' | 'o-series' | 'qwen3' | 'deepseek-r1' | 'open-weights' | 'other';

export interface PaperFamily {
  label: string;
  /** Where in the reference each value comes from. */
  from: string;
  budgets: number[];
  trials: number;
  /** One seed per trial, sent to the server (open weights). */
  seeds?: number[];
  temperature?: number;
  topP?: number;
  /** max_tokens = budget + headroom. */
  headroom: number;
  /** Budget 0 through the reference's `<think></think>` assistant prefill. */
  noThinkPrefill?: boolean;
  natural: {
    samples: number;
    maxTokens: number;
    /** Claude: thinking budget_tokens in the natural regime. */
    thinkingBudget?: number;
    /** OpenAI reasoning models: reasoning_effort in the natural regime. */
    effort?: string;
    seeds?: number[];
  };
}

let families: Record<PaperFamilyName, PaperFamily> | undefined;

function all(): Record<PaperFamilyName, PaperFamily> {
  families ??= (
    JSON.parse(readFileSync(packageFile('data', 'paper-protocol', 'families.json'), 'utf8')) as {
      families: Record<PaperFamilyName, PaperFamily>;
    }
  ).families;
  return families;
}

/**
 * Which of the reference's families a model spec belongs to. Open-weight names are matched on the
 * whole spec, so `local:./Qwen3-0.6B-Q8_0.gguf` and `openai-compatible:qwen3-32b` are both Qwen3.
 */
export function paperFamilyOf(spec: string): PaperFamilyName {
  const provider = spec.slice(0, spec.indexOf(':'));
  const name = spec.slice(spec.indexOf(':') + 1);
  if (provider === 'anthropic') return 'claude';
  if (provider === 'openai') return /^(o\d|gpt-5)/.test(name) ? 'o-series' : 'other';
  if (provider === 'openai-compatible' || provider === 'local') {
    if (/qwen-?3|qwq/i.test(name)) return 'qwen3';
    if (/deepseek[-_]?r1|r1[-_]distill|deepseek-reasoner/i.test(name)) return 'deepseek-r1';
    return 'open-weights';
  }
  return 'other';
}

export function paperFamily(spec: string): PaperFamily {
  return all()[paperFamilyOf(spec)];
}
