import type { StopReason } from '../core/response.js';
import type { StoredScore } from '../score/stored.js';
import { shown } from './types.js';

/**
 * A foreign score as one of overthink's outcomes, the value kept as given. Inspect's letters: C
 * correct, I incorrect, P partial credit, N no answer (or refusal); booleans and the words Inspect's
 * value_to_float reads (yes/no, true/false); numbers 1 (correct) and 0 (wrong), and shares between
 * them, which are partial credit. Overthink's shares count a sample as right or not, so partial
 * credit counts as not correct (and is noted). Whatever is not right and stopped at the output
 * limit is truncated, as the analysis reads a stop at max tokens. Anything else is not a score
 * overthink can read: the caller names the field.
 */
export type Mapped = { score: StoredScore; partial: boolean } | { why: string };

const WORDS: Record<string, 'correct' | 'wrong' | 'partial' | 'none'> = {
  c: 'correct',
  correct: 'correct',
  yes: 'correct',
  true: 'correct',
  i: 'wrong',
  incorrect: 'wrong',
  no: 'wrong',
  false: 'wrong',
  p: 'partial',
  partial: 'partial',
  n: 'none',
  noanswer: 'none',
};

export function mapScore(
  value: unknown,
  scorer: string,
  answer: string | null,
  stop: StopReason | null,
): Mapped {
  let kind: 'correct' | 'wrong' | 'partial' | 'none';
  if (typeof value === 'boolean') kind = value ? 'correct' : 'wrong';
  else if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { why: `${shown(value)} is not a score` };
    if (value < 0 || value > 1)
      return { why: `${value} is not a share from 0 to 1 (overthink reads 1 as correct, 0 as wrong)` };
    kind = value === 1 ? 'correct' : value === 0 ? 'wrong' : 'partial';
  } else if (typeof value === 'string' && Object.hasOwn(WORDS, value.trim().toLowerCase()))
    kind = WORDS[value.trim().toLowerCase()];
  else if (value === null || value === undefined) return { why: 'missing (the sample was not scored)' };
  else if (typeof value === 'object')
    return { why: `${shown(value)} holds several values; overthink takes one score per sample` };
  else return { why: `${shown(value)} is not a score overthink reads (C, I, P, N, a boolean or 0 to 1)` };
  const outcome: StoredScore['outcome'] =
    kind === 'correct'
      ? 'correct'
      : stop === 'max_tokens'
        ? 'truncated'
        : kind === 'none'
          ? 'unparsable'
          : 'wrong';
  return { score: { outcome, value, scorer, answer }, partial: kind === 'partial' };
}

/** Inspect's and OpenAI-style stop reasons as overthink's. */
export function mapStop(reason: unknown): StopReason | null {
  if (typeof reason !== 'string' || reason === '') return null;
  switch (reason) {
    case 'stop':
    case 'end_turn':
    case 'stop_sequence':
      return 'end';
    case 'max_tokens':
    case 'model_length':
    case 'length':
      return 'max_tokens';
    case 'content_filter':
    case 'refusal':
      return 'refusal';
    default:
      return 'other';
  }
}
