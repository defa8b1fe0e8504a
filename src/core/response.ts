/** What a model's response reports beside its text: token usage, where the reasoning count came from, why it stopped. */

/**
 * Where a realized reasoning-token count came from. Imported samples add two: 'summary', a tokenizer
 * count of a summary of the reasoning (Claude 4's summarised thinking as Inspect counted it), lower
 * than what the model reasoned; and 'unknown', a log that does not say (the count is then null).
 */
export type ReasoningSource =
  | 'provider'
  | 'tokenizer'
  | 'forced'
  | 'estimate'
  | 'none'
  | 'summary'
  | 'unknown';

export type StopReason = 'end' | 'max_tokens' | 'refusal' | 'other';

export interface Usage {
  input: number;
  output: number;
  reasoning: number;
  reasoningSource: ReasoningSource;
}
