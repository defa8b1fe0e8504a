import type { Outcome } from '../core/outcome.js';
import type { ExtractMethod } from './extract.js';

/** One sample's score: its outcome and what was read from its answer. */
export interface Scored {
  outcome: Outcome;
  /** The extracted answer, as text. */
  answer: string | null;
  method: ExtractMethod;
  /** 1/0 for share metrics (accuracy, matching-behaviour and safe-behaviour rates); for number targets, whether within tolerance. */
  correct: boolean;
  /** For number targets: the parsed prediction and its absolute error. */
  prediction?: number;
  absError?: number;
}
