import { UserError } from '../../util/errors.js';
import { compile, varOf } from './compile.js';
import { lowestBit } from './engine.js';
import { type Clue, holds, type Puzzle, type Ref } from './model.js';
import { solveLiteral } from './solver.js';

/**
 * Readings of ambiguous wording. BBEH sometimes lists one value under two attributes and words
 * both alike: "the person who likes biking" may mean the favourite hobby or the physical activity.
 * Each such mention, in a clue or in the question, can be read either way; a reading picks one
 * attribute for every mention. The puzzle promises one answer, so the readings that count are those
 * under which the clues are consistent and fix the answer (the surviving ones).
 *
 * Only mentions connected to the person asked about can change the answer. Clues in a group of
 * their own (BBEH's distracting attributes) only need some consistent reading, and they have one
 * exactly when they are satisfiable with each mention taken either-or (a solution of that
 * relaxation satisfies one reading of every clue). So a reading here fixes the question and the
 * ambiguous clues connected to it; the others are checked for consistency, not counted.
 *
 * Readings are enumerated clue by clue, lazily, on the either-or relaxation of the clues not yet
 * fixed: any solution of a reading is a solution of the relaxation, so a relaxation with no
 * solution prunes every reading below it, and one with a unique answer gives that answer to every
 * consistent reading below it (and some reading below it is consistent: the one a solution of the
 * relaxation satisfies). That decides the answers. Counting goes on below such a relaxation, but a
 * clue whose readings are each already true or false in every solution the propagation allows
 * needs no branching: its true readings multiply the count.
 */

export interface AmbiguousValue {
  /** The value as the attribute lines write it ("biking"). */
  text: string;
  /** The attributes it may belong to ("favorite hobby", "physical activity"). */
  categories: string[];
  /** Mentions in clues and the question. */
  mentions: number;
}

export interface ReadingsReport {
  /** Values whose mentions can be read as more than one attribute's; empty when none. */
  values: AmbiguousValue[];
  /** Readings of the question and of the ambiguous clues connected to it. */
  total: number;
  /** Surviving readings (consistent, answer fixed) per answer, by answer (1-based). */
  surviving: { answer: number; readings: number }[];
  /** Consistent readings that leave the answer open. */
  open: number;
  /** Two answers the first such open reading allows. */
  openAnswers: number[];
  /**
   * Whether the counts are exact. Counting stops at its limit (`ReadingLimits.countRuns`); the
   * counts of surviving readings are then lower bounds, while the answers, `open` and `total`
   * stay exact.
   */
  exact: boolean;
}

/** Internal extras: how to reach each answer, for the difficulty measure and the generator. */
export interface Readings extends ReadingsReport {
  /** For each surviving answer, one partial reading (the question fixed) whose relaxation gives it. */
  witness: Map<number, Puzzle>;
}

/** Solver runs allowed to decide a puzzle's answers before refusing it; BBEH's need at most 9. */
export const MAX_READING_RUNS = 20_000;
/** Solver runs allowed to count its readings; BBEH's need at most 71. */
export const MAX_COUNT_RUNS = 2_000;

function isAmbiguous(r: Ref): boolean {
  return r.kind === 'value' && r.alts.length > 1;
}

/** Every way to read one clue with each reference naming a single attribute value. */
export function clueReadings(clue: Clue): Clue[] {
  let acc: Ref[][] = [[]];
  for (const r of clue.refs) {
    const opts: Ref[] = r.kind === 'pos' ? [r] : r.alts.map((a) => ({ kind: 'value', alts: [a] }));
    acc = acc.flatMap((prefix) => opts.map((o) => [...prefix, o]));
  }
  return acc.map((refs) => ({ ...clue, refs }));
}

/**
 * Whether a one-reading clue is true for every placement the domains allow, false for every one,
 * or either ('open'). A person named twice takes one position.
 */
function truthIn(clue: Clue, dom: Int32Array, n: number): boolean | 'open' {
  const vars: number[] = [];
  const slots = clue.refs.map((r) => {
    if (r.kind === 'pos') return -1 - r.pos;
    const v = varOf(n, r.alts[0].attr, r.alts[0].value);
    const j = vars.indexOf(v);
    return j >= 0 ? j : vars.push(v) - 1;
  });
  const pos = new Array<number>(vars.length);
  const args = new Array<number>(slots.length);
  let sawTrue = false;
  let sawFalse = false;
  const walk = (i: number): void => {
    if (sawTrue && sawFalse) return;
    if (i === vars.length) {
      for (let k = 0; k < slots.length; k++) args[k] = slots[k] >= 0 ? pos[slots[k]] : -1 - slots[k];
      if (holds(clue.rel, args, n)) sawTrue = true;
      else sawFalse = true;
      return;
    }
    for (let m = dom[vars[i]]; m !== 0; m &= m - 1) {
      pos[i] = lowestBit(m);
      walk(i + 1);
    }
  };
  walk(0);
  return sawTrue && sawFalse ? 'open' : sawTrue;
}

export function ambiguousValues(p: Puzzle): AmbiguousValue[] {
  const byText = new Map<string, AmbiguousValue>();
  const refs = [...p.clues.flatMap((c) => c.refs), p.question];
  for (const r of refs) {
    if (r.kind !== 'value' || r.alts.length < 2) continue;
    const first = r.alts[0];
    const text = p.attributes[first.attr].values[first.value];
    const entry = byText.get(text.toLowerCase()) ?? { text, categories: [], mentions: 0 };
    for (const a of r.alts) {
      const category = p.attributes[a.attr].category;
      if (!entry.categories.includes(category)) entry.categories.push(category);
    }
    entry.mentions++;
    byText.set(text.toLowerCase(), entry);
  }
  return [...byText.values()];
}

/** Where the walk over one reading of the question starts. */
interface Start {
  /** The puzzle with the question read one way. */
  puzzle: Puzzle;
  /** Its ambiguous clues connected to the question. */
  linked: number[];
}

interface Tally {
  byAnswer: Map<number, number>;
  witness: Map<number, Puzzle>;
  open: number;
  openAnswers: number[];
}

class OutOfRuns extends Error {}

/**
 * Walks the readings below each start. Counting, it finds how many readings survive per answer.
 * Deciding (`count` false), it stops at any relaxation that fixes the answer, so each answer is
 * found but counted once per such subtree; a relaxation that leaves the answer open is always
 * walked to the end, so `open` is exact either way. Throws OutOfRuns past `maxRuns` solver runs.
 */
function walkReadings(starts: Start[], n: number, count: boolean, maxRuns: number): Tally {
  const t: Tally = { byAnswer: new Map(), witness: new Map(), open: 0, openAnswers: [] };
  let runs = 0;
  const survive = (answer: number, readings: number, puzzle: Puzzle): void => {
    t.byAnswer.set(answer, (t.byAnswer.get(answer) ?? 0) + readings);
    if (!t.witness.has(answer)) t.witness.set(answer, puzzle);
  };
  const walk = (puzzle: Puzzle, pending: number[], factor: number): void => {
    if (++runs > maxRuns) throw new OutOfRuns();
    const lit = solveLiteral(puzzle);
    if (lit.answer === null || lit.root === null) return;
    if (!count && lit.unique) {
      survive(lit.answer, 1, puzzle);
      return;
    }
    const root = lit.root;
    const undecided: number[] = [];
    let readings = factor;
    for (const i of pending) {
      const truths = clueReadings(puzzle.clues[i]).map((c) => truthIn(c, root, n));
      if (truths.includes('open')) undecided.push(i);
      else readings *= truths.filter((x) => x === true).length;
    }
    if (undecided.length === 0) {
      if (lit.unique) survive(lit.answer, readings, puzzle);
      else {
        t.open += readings;
        if (t.openAnswers.length === 0 && lit.other !== undefined)
          t.openAnswers = [lit.answer, lit.other].sort((a, b) => a - b);
      }
      return;
    }
    const [i, ...rest] = undecided;
    for (const reading of clueReadings(puzzle.clues[i])) {
      if (truthIn(reading, root, n) === false) continue;
      const clues = puzzle.clues.slice();
      clues[i] = reading;
      walk({ ...puzzle, clues }, rest, readings);
    }
  };
  for (const s of starts) walk(s.puzzle, s.linked, 1);
  return t;
}

export interface ReadingLimits {
  /** Solver runs allowed to decide the answers; past it the puzzle is refused (a UserError). */
  maxRuns?: number;
  /** Solver runs allowed to count the readings; past it the counts are lower bounds. */
  countRuns?: number;
}

/**
 * Every reading of the question and of the ambiguous clues connected to it, sorted into surviving
 * (by answer), open and inconsistent. An unambiguous puzzle has exactly one reading. The answers
 * and whether any reading is open are always exact; the counts are exact when `exact` is set.
 */
export function examineReadings(p: Puzzle, limits: ReadingLimits = {}): Readings {
  if (p.question.kind !== 'value') throw new Error('the question must name a person by a value');
  const { maxRuns = MAX_READING_RUNS, countRuns = MAX_COUNT_RUNS } = limits;
  const values = ambiguousValues(p);
  const n = p.size;
  // Components of the either-or puzzle: no reading links what they keep apart.
  const component = compile(p).component;
  let total = 0;
  const starts = p.question.alts.map((q): Start => {
    const comp = component[varOf(n, q.attr, q.value)];
    const linked: number[] = [];
    p.clues.forEach((c, i) => {
      const first = c.refs.find(isAmbiguous);
      if (first?.kind !== 'value' || component[varOf(n, first.alts[0].attr, first.alts[0].value)] !== comp)
        return;
      linked.push(i);
    });
    total += linked.reduce((prod, i) => prod * clueReadings(p.clues[i]).length, 1);
    return { puzzle: { ...p, question: { kind: 'value', alts: [q] } }, linked };
  });

  let decided: Tally;
  try {
    decided = walkReadings(starts, n, false, maxRuns);
  } catch (err) {
    if (!(err instanceof OutOfRuns)) throw err;
    const words = values.map((v) => `"${v.text}"`).join(', ');
    throw new UserError(
      `the ambiguous wording (${words}) has too many readings to check: gave up after ${maxRuns} solver runs`,
    );
  }
  // One reading: deciding it was counting it.
  let counted: Tally | null = total === 1 ? decided : null;
  try {
    counted ??= walkReadings(starts, n, true, countRuns);
  } catch (err) {
    if (!(err instanceof OutOfRuns)) throw err;
  }
  const surviving = [...decided.byAnswer]
    .map(([answer, atLeast]) => ({ answer, readings: counted?.byAnswer.get(answer) ?? atLeast }))
    .sort((a, b) => a.answer - b.answer);
  return {
    values,
    total,
    surviving,
    open: decided.open,
    openAnswers: decided.openAnswers,
    exact: counted !== null,
    witness: decided.witness,
  };
}
