import type { Clue, Puzzle, Ref } from './model.js';
import { solveLiteral } from './solver.js';

/**
 * Some BBEH puzzles word two attributes' values alike ("likes biking" as a hobby and as a
 * physical activity). Read literally, such a clue holds if either reading holds, and once in a
 * while that leaves two possible answers. The puzzle promises exactly one answer, so the author
 * meant a reading (one attribute per ambiguous reference, clue by clue) under which the clues fix
 * the answer. This finds the answers of all such readings; when there is just one, the answer
 * is settled by that promise.
 */

export function ambiguousClueIndexes(p: Puzzle): number[] {
  const out: number[] = [];
  p.clues.forEach((c, i) => {
    if (c.refs.some((r) => r.kind === 'value' && r.alts.length > 1)) out.push(i);
  });
  return out;
}

/** Every way to read one clue with each reference naming a single attribute value. */
function clueReadings(clue: Clue): Clue[] {
  let acc: Ref[][] = [[]];
  for (const r of clue.refs) {
    const opts: Ref[] = r.kind === 'pos' ? [r] : r.alts.map((a) => ({ kind: 'value', alts: [a] }));
    acc = acc.flatMap((prefix) => opts.map((o) => [...prefix, o]));
  }
  return acc.map((refs) => ({ ...clue, refs }));
}

/**
 * Answers of the readings under which the question has exactly one answer. Branches clue by
 * clue; a partial reading whose literal relaxation already has a unique answer (or none) needs
 * no further branching, since fixing more readings only removes solutions.
 * `complete` is false if the search gave up after `maxSolves` solver calls.
 */
export function intendedAnswers(p: Puzzle, maxSolves = 2000): { answers: Set<number>; complete: boolean } {
  const amb = ambiguousClueIndexes(p);
  const answers = new Set<number>();
  let solves = 0;
  let complete = true;
  const walk = (puzzle: Puzzle, j: number): void => {
    if (solves++ >= maxSolves) {
      complete = false;
      return;
    }
    const r = solveLiteral(puzzle);
    if (r.answer === null) return;
    if (r.unique) {
      answers.add(r.answer);
      return;
    }
    if (j === amb.length) return;
    for (const reading of clueReadings(puzzle.clues[amb[j]])) {
      const clues = puzzle.clues.slice();
      clues[amb[j]] = reading;
      walk({ ...puzzle, clues }, j + 1);
      if (!complete) return;
    }
  };
  walk(p, 0);
  return { answers, complete };
}
