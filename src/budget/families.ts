/**
 * Capability table: how each model family accepts a reasoning budget. Keyed by provider prefix and a
 * pattern on the model name; the first matching row wins, so specific rows come before general ones.
 * Sources: the providers' model pages as of late 2026. When a provider changes a family, change the row
 * here and the test that pins it.
 */

/** Effort levels in increasing order (OpenAI `reasoning_effort`, Anthropic `output_config.effort`). */
export const EFFORT_ORDER = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'] as const;
export type Effort = (typeof EFFORT_ORDER)[number];

/** Gemini 3 `thinkingLevel` values in increasing order. */
export const LEVEL_ORDER = ['minimal', 'low', 'medium', 'high'] as const;
export type GeminiLevel = (typeof LEVEL_ORDER)[number];

export type Family =
  /** `thinking: {type:'enabled', budget_tokens}` (minimum 1024, below max_tokens). */
  | { kind: 'anthropic-budget'; display: boolean; adaptive: boolean }
  /** Adaptive-only Claude: `thinking:{type:'adaptive'}` + `output_config.effort`; no sampling parameters. */
  | {
      kind: 'anthropic-adaptive';
      efforts: readonly Effort[];
      /** How budget 0 is expressed: `thinking:{type:'disabled'}`, leaving thinking out, or not at all. */
      disable: 'disabled' | 'omit' | 'never';
    }
  /** OpenAI reasoning models: `reasoning_effort` (chat) or `reasoning.effort` (responses). */
  | { kind: 'openai-effort'; efforts: readonly Effort[] }
  /** No reasoning knob at all: the budget can only be stated in the prompt. */
  | { kind: 'plain' }
  /** Gemini 2.5: `thinkingConfig.thinkingBudget` within [min, max]; 0 only where thinking can be off. */
  | { kind: 'gemini-budget'; min: number; max: number; canDisable: boolean }
  /** Gemini 3: `thinkingConfig.thinkingLevel`. */
  | { kind: 'gemini-level'; levels: readonly GeminiLevel[] }
  /** OpenAI-compatible servers: the config's budgetMode decides. */
  | { kind: 'compat' };

interface Row {
  provider: string;
  model: RegExp;
  family: Family;
}

const CLAUDE_EFFORTS: readonly Effort[] = ['low', 'medium', 'high', 'xhigh', 'max'];
const O_SERIES: readonly Effort[] = ['low', 'medium', 'high'];

const ROWS: Row[] = [
  // Anthropic. Opus 5.5, Fable and Mythos think always; Opus 4.7/4.8 think only when asked.
  {
    provider: 'anthropic',
    model: /^claude-(opus-5-5|fable|mythos)/,
    family: { kind: 'anthropic-adaptive', efforts: CLAUDE_EFFORTS, disable: 'never' },
  },
  {
    provider: 'anthropic',
    model: /^claude-(opus-5|sonnet-5|haiku-5)/,
    family: { kind: 'anthropic-adaptive', efforts: CLAUDE_EFFORTS, disable: 'disabled' },
  },
  {
    provider: 'anthropic',
    model: /^claude-opus-4-[7-9]/,
    family: { kind: 'anthropic-adaptive', efforts: CLAUDE_EFFORTS, disable: 'omit' },
  },
  // Any later Claude generation we do not know yet: adaptive is the safe assumption.
  {
    provider: 'anthropic',
    model: /^claude-[a-z]+-([6-9]|5-[6-9])/,
    family: { kind: 'anthropic-adaptive', efforts: CLAUDE_EFFORTS, disable: 'never' },
  },
  {
    provider: 'anthropic',
    model: /^claude-(opus|sonnet)-4-6/,
    family: { kind: 'anthropic-budget', display: true, adaptive: true },
  },
  {
    provider: 'anthropic',
    model: /./,
    family: { kind: 'anthropic-budget', display: false, adaptive: false },
  },

  // OpenAI.
  { provider: 'openai', model: /^gpt-5-pro/, family: { kind: 'openai-effort', efforts: ['high'] } },
  {
    provider: 'openai',
    model: /^gpt-5\.\d+-pro/,
    family: { kind: 'openai-effort', efforts: ['medium', 'high', 'xhigh'] },
  },
  { provider: 'openai', model: /chat-latest$/, family: { kind: 'plain' } },
  {
    provider: 'openai',
    model: /^gpt-5\.([6-9]|\d\d)/,
    family: { kind: 'openai-effort', efforts: ['none', 'low', 'medium', 'high', 'xhigh', 'max'] },
  },
  {
    provider: 'openai',
    model: /^gpt-5\.[2-5]/,
    family: { kind: 'openai-effort', efforts: ['none', 'low', 'medium', 'high', 'xhigh'] },
  },
  {
    provider: 'openai',
    model: /^gpt-5\.1/,
    family: { kind: 'openai-effort', efforts: ['none', 'low', 'medium', 'high'] },
  },
  {
    provider: 'openai',
    model: /^gpt-5/,
    family: { kind: 'openai-effort', efforts: ['minimal', 'low', 'medium', 'high'] },
  },
  { provider: 'openai', model: /^o\d/, family: { kind: 'openai-effort', efforts: O_SERIES } },
  { provider: 'openai', model: /^(gpt-4|gpt-3|chatgpt)/, family: { kind: 'plain' } },
  { provider: 'openai', model: /./, family: { kind: 'openai-effort', efforts: O_SERIES } },

  // Google Gemini.
  {
    provider: 'google',
    model: /^gemini-2\.5-pro/,
    family: { kind: 'gemini-budget', min: 128, max: 32768, canDisable: false },
  },
  {
    provider: 'google',
    model: /^gemini-2\.5-flash-lite/,
    family: { kind: 'gemini-budget', min: 512, max: 24576, canDisable: true },
  },
  {
    provider: 'google',
    model: /^gemini-2\.5-flash/,
    family: { kind: 'gemini-budget', min: 1, max: 24576, canDisable: true },
  },
  { provider: 'google', model: /^gemini-3-pro/, family: { kind: 'gemini-level', levels: ['low', 'high'] } },
  {
    provider: 'google',
    model: /^gemini-\d+(\.\d+)?-pro/,
    family: { kind: 'gemini-level', levels: ['low', 'medium', 'high'] },
  },
  {
    provider: 'google',
    model: /^gemini-([3-9]|\d\d)/,
    family: { kind: 'gemini-level', levels: ['minimal', 'low', 'medium', 'high'] },
  },
  { provider: 'google', model: /./, family: { kind: 'plain' } },

  { provider: 'openai-compatible', model: /./, family: { kind: 'compat' } },
];

/** The family of a model spec like 'anthropic:claude-opus-4-1'. Unknown providers are 'plain'. */
export function familyOf(spec: string): Family {
  const colon = spec.indexOf(':');
  const provider = spec.slice(0, colon);
  const model = spec.slice(colon + 1);
  for (const row of ROWS) {
    if (row.provider === provider && row.model.test(model)) return row.family;
  }
  return { kind: 'plain' };
}
