import type { Outcome } from '../core/outcome.js';
import type { Scored } from './scored.js';

/**
 * A score an imported sample came with: the outcome it maps to and the tool's own value, kept as the
 * tool gave it. An imported run is read with these instead of extracting answers from its text, since
 * its tool judged it (a model grader, a regex of its own, partial credit) in ways ours cannot redo.
 */
export interface StoredScore {
  outcome: Exclude<Outcome, 'error'>;
  /** The tool's value as it gave it: 'C', 'I', 'P', 'N', 1, 0.5, true. */
  value: unknown;
  /** The tool's scorer or metric that gave it. */
  scorer: string;
  /** The answer the tool's scorer read, when it says; else null. */
  answer: string | null;
}

const OUTCOMES = new Set(['correct', 'wrong', 'unparsable', 'truncated']);

/** A stored score as the scorer's result. A row that is not one is a damaged store, never guessed at. */
export function storedScored(json: string): Scored {
  let s: Partial<StoredScore>;
  try {
    s = JSON.parse(json) as Partial<StoredScore>;
  } catch {
    throw new Error(`a stored score is not JSON: ${json.slice(0, 80)}`);
  }
  if (typeof s.outcome !== 'string' || !OUTCOMES.has(s.outcome))
    throw new Error(`a stored score has no outcome: ${json.slice(0, 80)}`);
  const correct = s.outcome === 'correct';
  return {
    outcome: s.outcome,
    answer: typeof s.answer === 'string' ? s.answer : null,
    method: 'stored',
    correct,
  };
}
