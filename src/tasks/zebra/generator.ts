import { Rng } from '../../util/rng.js';
import { CATALOGUE } from './catalogue.js';
import { compile, compileClue } from './compile.js';
import { Engine, popcount } from './engine.js';
import {
  type Attribute,
  type Clue,
  clueHolds,
  type Grid,
  type Puzzle,
  posRef,
  type Ref,
  type Relation,
  valueRef,
} from './model.js';
import { countSolutions, rootDomains, solutionAvoiding } from './solver.js';
import { puzzleText } from './writer.js';

/**
 * Seeded zebra-puzzle generator. A hidden line-up is drawn, then true clues are added until the
 * question (or, optionally, the whole grid) has exactly one answer: each new clue rules out the
 * current alternative (a counter-example, or candidates propagation has not yet removed), so
 * every addition makes progress. Clues that are not needed are then dropped one by one,
 * re-checking the goal each time. As in BBEH, puzzles can carry
 * distracting attributes whose clues never mention the core attributes, so they cannot matter.
 */

export interface GenerateOptions {
  /** People in the row (and values per attribute). */
  size: number;
  seed: number;
  /** Attributes the question depends on; default: `size` (an N×N grid). */
  attributes?: number;
  /** Distracting attributes; default 11 for sizes 5–7 (as in BBEH), 0 otherwise. */
  distractors?: number;
  /** Clues about distracting attributes; default: enough for about 10·N + 68 clues in all. */
  distractorClues?: number;
  /** 'question' (default): only the asked position is unique; 'grid': the whole core grid is. */
  unique?: 'question' | 'grid';
  /**
   * 'propagation' (default, like every BBEH puzzle): the solver's propagation alone reaches the
   * answer, no guessing needed; clues are dropped while that stays true. 'search': uniqueness is
   * all that is required, which gives fewer clues and harder puzzles.
   */
  solvable?: 'propagation' | 'search';
}

export interface GeneratedPuzzle {
  puzzle: Puzzle;
  text: string;
  /** 1-based position of the person asked about. */
  answer: number;
  truth: Grid;
  /** Clues that the answer needs (the rest are distractors). */
  coreClues: number;
}

export const MAX_SIZE = Math.min(...CATALOGUE.map((c) => c.values.length));

// Relation mix, roughly as in BBEH (is / is not / between / left / next / end / somewhere / at k).
const WEIGHTS: [Relation | 'at', number][] = [
  ['same', 26],
  ['notSame', 15],
  ['between', 13],
  ['leftOf', 13],
  ['nextTo', 12],
  ['end', 11],
  ['before', 9],
  ['at', 2],
];

export function defaultDistractors(size: number): number {
  return size >= 5 && size <= 7 ? 11 : 0;
}

export function generatePuzzle(opts: GenerateOptions): GeneratedPuzzle {
  const n = opts.size;
  const m = opts.attributes ?? n;
  const d = opts.distractors ?? defaultDistractors(n);
  if (!Number.isInteger(n) || n < 3 || n > MAX_SIZE) throw new RangeError(`size must be 3..${MAX_SIZE}`);
  if (!Number.isInteger(m) || m < 2) throw new RangeError('at least 2 attributes');
  if (m + d > CATALOGUE.length) throw new RangeError(`at most ${CATALOGUE.length} attributes in all`);
  const rng = new Rng(opts.seed);
  const goal: Goal = { unique: opts.unique ?? 'question', solvable: opts.solvable ?? 'propagation' };

  // Attributes 0..m-1 are the core, m.. the distractors; header order is shuffled at the end.
  const attributes: Attribute[] = rng.sample(CATALOGUE, m + d).map((e) => ({
    category: e.category,
    verb: e.verb,
    phrase: e.phrase,
    values: rng.sample(e.values, n),
  }));
  const truth: Grid = attributes.map(() => rng.shuffle(range(n)));
  const who = truth.map((perm) => {
    const inv = new Array<number>(n);
    perm.forEach((pos, value) => {
      inv[pos] = value;
    });
    return inv;
  });
  const coreAttrs = range(m);
  const qa = rng.int(0, m - 1);
  const qv = rng.int(0, n - 1);
  const core: Omit<Puzzle, 'clues'> = {
    size: n,
    attributes: attributes.slice(0, m),
    question: valueRef(qa, qv),
  };
  const sampler = new ClueSampler(rng, n, who);

  // 1. Add true clues until the goal is met; each one rules out the current alternative.
  let clues: Clue[] = [];
  const seen = new Set<string>();
  for (
    let gap = check({ ...core, clues }, truth, goal);
    gap !== null;
    gap = check({ ...core, clues }, truth, goal)
  ) {
    clues.push(sampler.against(coreAttrs, gap, seen));
  }
  // 2. Drop clues that are not needed, in random order.
  for (const c of rng.shuffle(clues.slice())) {
    const without = clues.filter((x) => x !== c);
    if (check({ ...core, clues: without }, truth, goal) === null) clues = without;
  }
  const coreClues = clues.length;
  // 3. Distractors: true clues among the distracting attributes only.
  const extraAttrs = range(d).map((i) => m + i);
  const dCount = d === 0 ? 0 : (opts.distractorClues ?? Math.max(0, 10 * n + 68 - coreClues));
  for (let k = 0; k < dCount; k++) clues.push(sampler.random(extraAttrs, seen));

  // Shuffle the header order and the clue order.
  const order = rng.shuffle(range(m + d));
  const newIndex = new Array<number>(m + d);
  order.forEach((old, i) => {
    newIndex[old] = i;
  });
  const remap = (r: Ref): Ref =>
    r.kind === 'pos'
      ? r
      : { kind: 'value', alts: r.alts.map((a) => ({ attr: newIndex[a.attr], value: a.value })) };
  const puzzle: Puzzle = {
    size: n,
    attributes: order.map((old) => attributes[old]),
    clues: rng.shuffle(clues.map((c) => ({ rel: c.rel, refs: c.refs.map(remap) }))),
    question: remap(core.question),
    distractorNote: d > 0,
  };
  return {
    puzzle,
    text: puzzleText(puzzle),
    answer: truth[qa][qv] + 1,
    truth: order.map((old) => truth[old]),
    coreClues,
  };
}

interface Goal {
  unique: 'question' | 'grid';
  solvable: 'propagation' | 'search';
}

/** What the clues still leave open: a counter-example grid, or domains that are not yet fixed. */
type Gap = { kind: 'grid'; grid: Grid } | { kind: 'domains'; dom: Int32Array };

/** null when the goal is met. */
function check(p: Puzzle, truth: Grid, goal: Goal): Gap | null {
  const q = p.question.kind === 'value' ? p.question.alts[0] : null;
  if (!q) throw new Error('generated questions name a value');
  if (goal.solvable === 'propagation') {
    const dom = rootDomains(compile(p));
    if (!dom) throw new Error('generated clues contradict each other');
    const open =
      goal.unique === 'grid'
        ? dom.some((x) => popcount(x) > 1)
        : popcount(dom[q.attr * p.size + q.value]) > 1;
    return open ? { kind: 'domains', dom } : null;
  }
  if (goal.unique === 'grid') {
    const { solutions } = countSolutions(p, 2);
    const other = solutions.find((g) => g.some((row, a) => row.some((pos, v) => pos !== truth[a][v])));
    return other ? { kind: 'grid', grid: other } : null;
  }
  const part = solutionAvoiding(p, truth[q.attr][q.value]);
  // Unsearched components keep the truth, which satisfies every clue.
  return part
    ? { kind: 'grid', grid: part.map((row, a) => row.map((pos, v) => (pos < 0 ? truth[a][v] : pos))) }
    : null;
}

class ClueSampler {
  private readonly total = WEIGHTS.reduce((s, [, w]) => s + w, 0);
  constructor(
    private readonly rng: Rng,
    private readonly n: number,
    private readonly who: number[][],
  ) {}

  /**
   * A new true clue that closes part of the gap: one the counter-example violates, or one that
   * narrows the propagated domains. Falls back to placing one undecided person outright.
   */
  against(attrs: number[], gap: Gap, seen: Set<string>): Clue {
    for (let tries = 0; tries < 400; tries++) {
      const c = this.draw(attrs);
      const key = JSON.stringify(c);
      if (seen.has(key) || !this.closes(c, gap)) continue;
      seen.add(key);
      return c;
    }
    for (const a of attrs) {
      for (let pos = 0; pos < this.n; pos++) {
        const v = this.who[a][pos];
        const open = gap.kind === 'grid' ? gap.grid[a][v] !== pos : popcount(gap.dom[a * this.n + v]) > 1;
        if (open) return { rel: 'same', refs: [valueRef(a, v), posRef(pos)] };
      }
    }
    throw new Error('nothing left to decide');
  }

  private closes(c: Clue, gap: Gap): boolean {
    if (gap.kind === 'grid') return !clueHolds(c, gap.grid, this.n);
    const prop = compileClue(c, this.n);
    if (prop === null || prop === 'false') return false;
    const e = new Engine(this.n, gap.dom.length, [prop]);
    e.dom.set(gap.dom);
    e.enqueueAll();
    e.propagate();
    return e.deductions > 0;
  }

  /** A new true clue over `attrs` (repeats allowed only if new ones are hard to find). */
  random(attrs: number[], seen: Set<string>): Clue {
    let c = this.draw(attrs);
    for (let tries = 0; tries < 50 && seen.has(JSON.stringify(c)); tries++) c = this.draw(attrs);
    seen.add(JSON.stringify(c));
    return c;
  }

  private draw(attrs: number[]): Clue {
    const { rng, n } = this;
    let r = rng.next() * this.total;
    let rel: Relation | 'at' = 'same';
    for (const [k, w] of WEIGHTS) {
      rel = k;
      r -= w;
      if (r < 0) break;
    }
    const at = (pos: number, not?: number) => {
      const choices = attrs.length > 1 && not !== undefined ? attrs.filter((a) => a !== not) : attrs;
      const a = rng.pick(choices);
      return { a, ref: valueRef(a, this.who[a][pos]) };
    };
    const p = rng.int(0, n - 1);
    switch (rel) {
      case 'same': {
        if (attrs.length < 2) return this.draw(attrs);
        const x = at(p);
        return { rel, refs: [x.ref, at(p, x.a).ref] };
      }
      case 'notSame': {
        if (attrs.length < 2) return this.draw(attrs);
        const q = (p + rng.int(1, n - 1)) % n;
        const x = at(p);
        return { rel, refs: [x.ref, at(q, x.a).ref] };
      }
      case 'end':
        return { rel, refs: [at(rng.pick([0, n - 1])).ref] };
      case 'nextTo': {
        const q = p === 0 ? 1 : p === n - 1 ? n - 2 : p + rng.pick([-1, 1]);
        return { rel, refs: [at(p).ref, at(q).ref] };
      }
      case 'leftOf': {
        const l = rng.int(0, n - 2);
        return { rel, refs: [at(l).ref, at(l + 1).ref] };
      }
      case 'before': {
        const [x, y] = rng.sample(range(n), 2).sort((a, b) => a - b);
        return { rel, refs: [at(x).ref, at(y).ref] };
      }
      case 'between': {
        const [x, y, z] = rng.sample(range(n), 3).sort((a, b) => a - b);
        return { rel, refs: [at(y).ref, at(x).ref, at(z).ref] };
      }
      default:
        return { rel: 'same', refs: [at(p).ref, posRef(p)] };
    }
  }
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
