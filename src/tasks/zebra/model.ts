/**
 * The zebra-puzzle model: N people stand in positions 0..N-1 (shown to readers as 1..N); each of
 * M attributes gives every person a different one of its N values. Clues relate people named by
 * one of their values (or by their position); the question asks for one person's position.
 */

export interface Attribute {
  /** What the attribute is about, as the header line names it ("NBA team", "first name"). */
  category: string;
  /** The header line's verb phrase, before "a different" ("supports", "lives in"). */
  verb: string;
  values: string[];
  /**
   * How a clue names the person holding value `{v}` ("the person who supports the {v}",
   * "the {v} player", "{v}"). Set for generated puzzles; parsed puzzles may lack it.
   */
  phrase?: string;
}

export interface AttrValue {
  attr: number;
  value: number;
}

/**
 * A person named in a clue. `alts` has more than one entry only when the text is ambiguous: two
 * attributes share the value's wording (BBEH has puzzles with a Honda car and a Honda motorbike,
 * both "driven"). The clue then holds if it holds for at least one reading.
 */
export type Ref = { kind: 'pos'; pos: number } | { kind: 'value'; alts: AttrValue[] };

export type Relation =
  | 'same'
  | 'notSame'
  | 'end'
  | 'notEnd'
  | 'nextTo'
  | 'notNextTo'
  | 'leftOf'
  | 'rightOf'
  | 'before'
  | 'after'
  | 'between'
  | 'betweenAny';

export interface Clue {
  rel: Relation;
  refs: Ref[];
  /** Where the clue came from, for messages ("Clue 17"). */
  label?: string;
}

export interface Puzzle {
  size: number;
  attributes: Attribute[];
  clues: Clue[];
  /** The person whose position is asked for. */
  question: Ref;
  /** The text says some clues may be irrelevant (BBEH's wording for distractors). */
  distractorNote?: boolean;
}

/** How many people each relation talks about. */
export const ARITY: Record<Relation, number> = {
  same: 2,
  notSame: 2,
  end: 1,
  notEnd: 1,
  nextTo: 2,
  notNextTo: 2,
  leftOf: 2,
  rightOf: 2,
  before: 2,
  after: 2,
  between: 3,
  betweenAny: 3,
};

/**
 * Whether a relation holds for people at positions `p` (0-based), in clue order. "between" is
 * strict and ordered: "A is somewhere in between B and C in that order" means B < A < C.
 */
export function holds(rel: Relation, p: readonly number[], n: number): boolean {
  const [a, b, c] = p;
  switch (rel) {
    case 'same':
      return a === b;
    case 'notSame':
      return a !== b;
    case 'end':
      return a === 0 || a === n - 1;
    case 'notEnd':
      return a !== 0 && a !== n - 1;
    case 'nextTo':
      return Math.abs(a - b) === 1;
    case 'notNextTo':
      return Math.abs(a - b) !== 1;
    case 'leftOf':
      return a + 1 === b;
    case 'rightOf':
      return a === b + 1;
    case 'before':
      return a < b;
    case 'after':
      return a > b;
    case 'between':
      return b < a && a < c;
    case 'betweenAny':
      return (b < a && a < c) || (c < a && a < b);
  }
}

export function valueRef(attr: number, value: number): Ref {
  return { kind: 'value', alts: [{ attr, value }] };
}

export function posRef(pos: number): Ref {
  return { kind: 'pos', pos };
}

/** A full assignment: positions[attr][value] = 0-based position. */
export type Grid = number[][];

/** The position a reference names in a grid, for each of its readings. */
export function refPositions(ref: Ref, grid: Grid): number[] {
  if (ref.kind === 'pos') return [ref.pos];
  return ref.alts.map((x) => grid[x.attr][x.value]);
}

/** Whether a clue is true in a grid (some reading of an ambiguous reference suffices). */
export function clueHolds(clue: Clue, grid: Grid, n: number): boolean {
  const choices = clue.refs.map((r) => refPositions(r, grid));
  const pick: number[] = [];
  const walk = (i: number): boolean => {
    if (i === choices.length) return holds(clue.rel, pick, n);
    for (const p of choices[i]) {
      pick[i] = p;
      if (walk(i + 1)) return true;
    }
    return false;
  };
  return walk(0);
}
