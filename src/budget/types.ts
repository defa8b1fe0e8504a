/** Shared shapes of the budget layer. */

import type { Budget } from '../core/budget.js';
import { lookupModel } from './catalog.js';

export type CompatMode = 'prompt' | 'vllm' | 'llamacpp' | 'none';

export interface TranslateInput {
  /** Model spec, e.g. 'anthropic:claude-opus-4-1'. */
  spec: string;
  budget: Budget;
  /** Output-token limit the runner computed (budget + headroom, or the natural limit). */
  maxTokens: number;
  temperature?: number;
  topP?: number;
  /** openai: which API the request goes to (the parameter names differ). */
  api?: 'chat' | 'responses';
  /** openai-compatible: how the budget reaches the server. */
  budgetMode?: CompatMode;
  /** The model entry's free-form options (levelMap, headroom, zeroThinking, display…). */
  options?: Record<string, unknown>;
}

export interface Translation {
  /** Exactly the request fields that were decided here; the provider sends them as they are. */
  params: Record<string, unknown>;
  /** The output-token limit actually sent. */
  maxTokens: number;
  /** Set when the budget (or a limit) could not be honoured as asked: what was done instead. */
  note?: string;
  /** openai-compatible, budget 0 in prefill mode: text to put in a final assistant turn. */
  prefill?: string;
}

/** Collects notes; `done` joins them into the one `note` a sample records. */
export class Notes {
  private readonly items: string[] = [];
  add(s: string): void {
    this.items.push(s);
  }
  done(): string | undefined {
    return this.items.length ? this.items.join('; ') : undefined;
  }
}

/** Clamps the runner's limit to the model's known output limit (from the catalog). */
export function clampMaxTokens(spec: string, maxTokens: number, notes: Notes): number {
  const limit = lookupModel(spec)?.maxOutputTokens;
  if (limit !== undefined && maxTokens > limit) {
    notes.add(`max_tokens ${maxTokens} is above the model's output limit: sent ${limit}`);
    return limit;
  }
  return maxTokens;
}
