import { ambiguousClueIndexes, intendedAnswers } from './ambiguity.js';
import type { Puzzle } from './model.js';
import { type LiteralResult, measureDeductions, solveLiteral } from './solver.js';

export interface SolveResult extends LiteralResult {
  /** Clues whose wording fits two attributes (see ambiguity.ts). */
  ambiguousClues: number;
  /**
   * Read literally the clues allow more than one answer, but every reading of the ambiguous
   * wording that fixes the answer gives `answer`; `unique` is then true and `other` is the
   * answer the literal reading also allows.
   */
  settledByReading?: boolean;
  /** Difficulty (see solver.ts `measureDeductions`); present when requested. */
  deductions?: number;
  /** Search decisions made while measuring deductions (0 when propagation alone fixes the answer). */
  guesses?: number;
}

/**
 * Answers "What position is ...?" with a proof that no other position is possible, and
 * optionally measures how many deductions that takes.
 */
export function solvePuzzle(p: Puzzle, opts: { deductions?: boolean } = {}): SolveResult {
  const lit = solveLiteral(p);
  const amb = ambiguousClueIndexes(p).length;
  const res: SolveResult = { answer: lit.answer, unique: lit.unique, ambiguousClues: amb };
  if (lit.other !== undefined) res.other = lit.other;
  if (!lit.unique && lit.answer !== null && amb > 0) {
    const { answers, complete } = intendedAnswers(p);
    if (complete && answers.size === 1) {
      const [answer] = answers;
      res.other = answer === lit.answer ? lit.other : lit.answer;
      res.answer = answer;
      res.unique = true;
      res.settledByReading = true;
    }
  }
  if (opts.deductions && res.answer !== null) {
    Object.assign(res, measureDeductions(lit.compiled, lit.qv, res.answer));
  }
  return res;
}
