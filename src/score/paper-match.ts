import { pyFloat, pyLen, pyStrip } from '../util/py-text.js';

/**
 * How the reference judges an extracted answer (src/evaluator.py of safety-research/
 * inverse-scaling-ttc, `_check_mcq_correctness`, `_check_open_ended_correctness` and the `mse`
 * branch of `_process_single_result`), the `paper` scorer. Pinned by test/fixtures/paper-goldens.
 */

/**
 * Multiple choice: the answer names an option by its text (stripped, lower-cased) or, failing that,
 * a single character is read as a letter (A = 0). Returns the option picked, or null.
 */
export function paperChoiceIndex(classes: readonly string[], answer: string | null): number | null {
  if (answer === null) return null;
  const norm = pyStrip(answer).toLowerCase();
  const byText = classes.findIndex((c) => pyStrip(c).toLowerCase() === norm);
  if (byText >= 0) return byText;
  if (pyLen(norm) !== 1) return null;
  // ord() of the upper-cased letter; 'ß' upper-cases to 'SS', where ord() raises: no option.
  const upper = norm.toUpperCase();
  if (pyLen(upper) !== 1) return null;
  const index = (upper.codePointAt(0) as number) - 65;
  return index >= 0 && index < classes.length ? index : null;
}

/**
 * Open-ended: both sides stripped and lower-cased; numbers (as Python's float() reads them) equal
 * within 1e-6, anything else equal as text. An empty gold answer is matched only by an empty answer.
 */
export function paperOpenCorrect(gold: string, answer: string | null): boolean {
  if (answer === null) return false;
  const g = pyStrip(gold).toLowerCase();
  const a = pyStrip(answer).toLowerCase();
  if (g === '') return a === '';
  const gf = pyFloat(g);
  const af = gf === null ? null : pyFloat(a);
  if (gf !== null && af !== null) return Math.abs(gf - af) < 1e-6;
  return g === a;
}

/** The `mse` metric's squared error, or null where the reference leaves it out (no number). */
export function paperSquaredError(gold: number, answer: string | null): number | null {
  if (answer === null) return null;
  const a = pyFloat(answer);
  return a === null ? null : (a - gold) ** 2;
}
