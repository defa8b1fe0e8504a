import { compile } from './compile.js';
import type { Puzzle } from './model.js';
import { examineReadings, type ReadingLimits, type ReadingsReport } from './readings.js';
import { measureDeductions, questionVar } from './solver.js';

/**
 * What the clues say about the question, over every reading of ambiguous wording (readings.ts):
 * - `unique`: one answer, and no ambiguous wording could change it;
 * - `agreed`: the question or clues connected to it are ambiguously worded, and every reading
 *   under which the clues are consistent and fix the answer gives the same one;
 * - `ambiguous`: such readings give different answers (`answers`);
 * - `open`: the clues are consistent but no reading fixes the answer (`answers`: two it allows);
 * - `inconsistent`: no reading of the clues has a solution.
 */
export type SolveStatus = 'unique' | 'agreed' | 'ambiguous' | 'open' | 'inconsistent';

export interface SolveResult {
  status: SolveStatus;
  /** The answer (1-based) when `unique` or `agreed`; null otherwise. */
  answer: number | null;
  /** The distinct answers described under `SolveStatus`, ascending; [answer] when there is one. */
  answers: number[];
  /** The ambiguous values and how the readings came out (one reading when nothing is ambiguous). */
  readings: ReadingsReport;
  /** Difficulty (see solver.ts `measureDeductions`); present when requested and answered. */
  deductions?: number;
  /** Search decisions made while measuring deductions (0 when propagation alone fixes the answer). */
  guesses?: number;
}

/**
 * Answers "What position is ...?" with a proof that no other position is possible under any
 * surviving reading, and optionally measures how many deductions that takes.
 */
export function solvePuzzle(p: Puzzle, opts: { deductions?: boolean } & ReadingLimits = {}): SolveResult {
  const { witness, ...readings } = examineReadings(p, opts);
  const answers = readings.surviving.map((s) => s.answer);
  let status: SolveStatus;
  if (answers.length === 1) status = readings.total > 1 ? 'agreed' : 'unique';
  else if (answers.length > 1) status = 'ambiguous';
  else status = readings.open > 0 ? 'open' : 'inconsistent';
  const answer = answers.length === 1 ? answers[0] : null;
  const res: SolveResult = {
    status,
    answer,
    answers: status === 'open' ? readings.openAnswers : answers,
    readings,
  };
  const w = answer === null ? undefined : witness.get(answer);
  if (opts.deductions && answer !== null && w) {
    // Measured on the puzzle as written, with the question read as it was when the answer was found.
    const read = { ...p, question: w.question };
    Object.assign(res, measureDeductions(compile(read), questionVar(read), answer));
  }
  return res;
}
