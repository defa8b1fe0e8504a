import { Rng } from '../../util/rng.js';
import { CATALOGUE, type CatalogueEntry, SHARED_PAIRS } from './catalogue.js';
import { compile, compileClue } from './compile.js';
import { Engine, popcount } from './engine.js';
import {
  type Attribute,
  type AttrValue,
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
import { asWritten, puzzleText, readAs } from './writer.js';

/**
 * Seeded zebra-puzzle generator. A hidden line-up is drawn, then true clues are added until the
 * question (or, optionally, the whole grid) has exactly one answer: each new clue rules out the
 * current alternative (a counter-example, or candidates propagation has not yet removed), so
 * every addition makes progress. Clues that are not needed are then dropped one by one,
 * re-checking the goal each time. As in BBEH, puzzles can carry
 * distracting attributes whose clues never mention the core attributes, so they cannot matter.
 *
 * With `shared`, some attributes list a value alike and word it alike, so the text can be read
 * more than one way (see readings.ts). Clues are then also added until the text, read either way
 * at every mention, fixes the intended answer (by propagation alone, unless `solvable` is
 * 'search'), so every consistent reading agrees with it. That
 * can always be reached: pinning every value that is not shared to its place leaves only the
 * intended line-up (each attribute shares at most one value, and when the question names a shared
 * value both holders stand in the same place).
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
  /**
   * Pairs of attributes (from `SHARED_PAIRS`) that list one value alike and word it alike, as
   * BBEH's favourite hobby and physical activity both list "biking"; default 0. One member of each
   * pair is a core attribute, the other core or distracting; half the time the question asks about
   * a shared value.
   */
  shared?: number;
}

export interface GeneratedPuzzle {
  /** The intended reading: one attribute per reference. `asWritten(puzzle)` is what the text says. */
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
  const k = opts.shared ?? 0;
  if (!Number.isInteger(n) || n < 3 || n > MAX_SIZE) throw new RangeError(`size must be 3..${MAX_SIZE}`);
  if (!Number.isInteger(m) || m < 2) throw new RangeError('at least 2 attributes');
  if (!Number.isInteger(k) || k < 0 || k > Math.min(SHARED_PAIRS.length, m, m + d - k)) {
    throw new RangeError(
      `shared must be 0..${SHARED_PAIRS.length}, one core and one other attribute per pair`,
    );
  }
  if (m + d - 2 * k > CATALOGUE.length) {
    throw new RangeError(`at most ${CATALOGUE.length + 2 * k} attributes in all`);
  }
  const rng = new Rng(opts.seed);
  const goal: Goal = {
    unique: opts.unique ?? 'question',
    solvable: opts.solvable ?? 'propagation',
    readings: k > 0,
  };

  // Attributes 0..m-1 are the core, m.. the distractors; header order is shuffled at the end.
  const { attributes, pairs } =
    k === 0
      ? { attributes: rng.sample(CATALOGUE, m + d).map((e) => drawn(e, rng.sample(e.values, n))), pairs: [] }
      : withSharedPairs(rng, n, m, d, k);
  const truth: Grid = attributes.map(() => rng.shuffle(range(n)));
  const coreAttrs = range(m);
  const drawnQuestion = { attr: rng.int(0, m - 1), value: rng.int(0, n - 1) };
  const { attr: qa, value: qv } = k === 0 ? drawnQuestion : askShared(rng, pairs, m, drawnQuestion, truth);
  const who = truth.map((perm) => {
    const inv = new Array<number>(n);
    perm.forEach((pos, value) => {
      inv[pos] = value;
    });
    return inv;
  });
  const core: Omit<Puzzle, 'clues'> = {
    size: n,
    attributes: attributes.slice(0, m),
    question: valueRef(qa, qv),
  };
  // Clues are read over the attributes of the puzzle being checked: the core ones until step 4.
  const sampler = new ClueSampler(rng, n, who, k === 0 ? (c) => c : readAs(core.attributes));

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
  for (let i = 0; i < dCount; i++) clues.push(sampler.random(extraAttrs, seen));
  // 4. Shared wording lets distracting clues be read as core ones: settle those readings too.
  let settling = 0;
  if (goal.readings && d > 0) {
    const whole = (): Puzzle => ({ ...core, attributes, clues });
    const wholeSampler = new ClueSampler(rng, n, who, readAs(attributes));
    for (let gap = readingsGap(whole(), truth, goal); gap !== null; gap = readingsGap(whole(), truth, goal)) {
      clues.push(wholeSampler.against(coreAttrs, gap, seen, range(m + d)));
      settling++;
    }
  }

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
    coreClues: coreClues + settling,
  };
}

function drawn(e: CatalogueEntry, values: string[]): Attribute {
  return { category: e.category, verb: e.verb, phrase: e.phrase, values };
}

/**
 * Attributes with `k` shared pairs: the first member of each pair at a random core slot, the
 * second at any other slot; both list one of the pair's common values. The rest come from the
 * catalogue. Returns where each pair's shared value sits.
 */
function withSharedPairs(
  rng: Rng,
  n: number,
  m: number,
  d: number,
  k: number,
): { attributes: Attribute[]; pairs: [AttrValue, AttrValue][] } {
  const slots: (Attribute | undefined)[] = Array.from({ length: m + d }, () => undefined);
  const first = rng.sample(range(m), k);
  const second = rng.sample(
    range(m + d).filter((i) => !first.includes(i)),
    k,
  );
  const pairs = rng.sample(SHARED_PAIRS, k).map((pair, j): [AttrValue, AttrValue] => {
    const common = rng.pick(pair.common);
    const [a, b] = pair.members.map((e, side) => {
      const attr = side === 0 ? first[j] : second[j];
      const values = rng.shuffle([common, ...rng.sample(e.values, n - 1)]);
      slots[attr] = drawn(e, values);
      return { attr, value: values.indexOf(common) };
    });
    return [a, b];
  });
  const fill = rng.sample(CATALOGUE, m + d - 2 * k);
  const attributes = slots.map((a) => {
    if (a) return a;
    const e = fill.pop() as CatalogueEntry;
    return drawn(e, rng.sample(e.values, n));
  });
  return { attributes, pairs };
}

/**
 * Half the time, the question moves to a shared value of a core attribute. When it names a shared
 * value, its twin is moved to the same place, so every reading of the question names the same
 * position (BBEH's question about "the person who likes biking").
 */
function askShared(
  rng: Rng,
  pairs: [AttrValue, AttrValue][],
  m: number,
  drawnQuestion: AttrValue,
  truth: Grid,
): AttrValue {
  const coreShared = pairs.flat().filter((x) => x.attr < m);
  const q = rng.chance(0.5) ? rng.pick(coreShared) : drawnQuestion;
  const twin = pairs
    .map(([a, b]) => (same(a, q) ? b : same(b, q) ? a : null))
    .find((x): x is AttrValue => x !== null);
  if (twin) {
    const perm = truth[twin.attr];
    const there = perm.indexOf(truth[q.attr][q.value]);
    [perm[there], perm[twin.value]] = [perm[twin.value], perm[there]];
  }
  return q;
}

function same(a: AttrValue, b: AttrValue): boolean {
  return a.attr === b.attr && a.value === b.value;
}

interface Goal {
  unique: 'question' | 'grid';
  solvable: 'propagation' | 'search';
  /** Shared wording: the text read either way at every mention must fix the intended answer. */
  readings: boolean;
}

/** What the clues still leave open: a counter-example grid, or domains that are not yet fixed. */
type Gap = { kind: 'grid'; grid: Grid } | { kind: 'domains'; dom: Int32Array };

/** null when the goal is met. */
function check(p: Puzzle, truth: Grid, goal: Goal): Gap | null {
  const gap = checkIntended(p, truth, goal);
  return gap === null && goal.readings ? readingsGap(p, truth, goal) : gap;
}

/**
 * What the text, read either way at every mention (each ambiguous reference may be any of its
 * attributes, clue by clue), still leaves open about the asked person under any reading of the
 * question: domains propagation has not fixed, or, with `solvable: 'search'`, a solution that puts
 * the person elsewhere. Every reading's solutions are solutions of this relaxation, so null means
 * every consistent reading gives the intended answer.
 */
function readingsGap(p: Puzzle, truth: Grid, goal: Goal): Gap | null {
  const q = p.question.kind === 'value' ? p.question.alts[0] : null;
  const written = asWritten(p);
  if (!q || written.question.kind !== 'value') throw new Error('generated questions name a value');
  const answerPos = truth[q.attr][q.value];
  if (goal.solvable === 'propagation') {
    const dom = rootDomains(compile(written));
    if (!dom) throw new Error('generated clues contradict each other');
    const open = written.question.alts.some((a) => dom[a.attr * p.size + a.value] !== 1 << answerPos);
    return open ? { kind: 'domains', dom } : null;
  }
  for (const alt of written.question.alts) {
    const grid = solutionAvoiding({ ...written, question: { kind: 'value', alts: [alt] } }, answerPos);
    if (grid) return { kind: 'grid', grid: completed(grid, truth) };
  }
  return null;
}

/** The goal for the intended reading alone. */
function checkIntended(p: Puzzle, truth: Grid, goal: Goal): Gap | null {
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
    return other ? { kind: 'grid', grid: completed(other, truth) } : null;
  }
  const part = solutionAvoiding(p, truth[q.attr][q.value]);
  return part ? { kind: 'grid', grid: completed(part, truth) } : null;
}

/**
 * A counter-example over every attribute: what the search did not place (other components, and
 * attributes the checked puzzle leaves out) keeps the truth, which satisfies every clue.
 */
function completed(grid: Grid, truth: Grid): Grid {
  return truth.map((row, a) => row.map((pos, v) => ((grid[a]?.[v] ?? -1) < 0 ? pos : grid[a][v])));
}

class ClueSampler {
  private readonly total = WEIGHTS.reduce((s, [, w]) => s + w, 0);
  constructor(
    private readonly rng: Rng,
    private readonly n: number,
    private readonly who: number[][],
    /** How a reader takes a clue (every reading of shared wording). */
    private readonly read: (c: Clue) => Clue,
  ) {}

  /**
   * A new true clue that closes part of the gap: one the counter-example violates under every
   * reading, or one that narrows the propagated domains. Falls back to placing one person of
   * `pinAttrs` outright.
   */
  against(attrs: number[], gap: Gap, seen: Set<string>, pinAttrs = attrs): Clue {
    for (let tries = 0; tries < 400; tries++) {
      const c = this.draw(attrs);
      const key = JSON.stringify(c);
      if (seen.has(key) || !this.closes(c, gap)) continue;
      seen.add(key);
      return c;
    }
    for (const a of pinAttrs) {
      for (let pos = 0; pos < this.n; pos++) {
        const pin: Clue = { rel: 'same', refs: [valueRef(a, this.who[a][pos]), posRef(pos)] };
        if (this.closes(pin, gap)) return pin;
      }
    }
    throw new Error('nothing left to decide');
  }

  private closes(c: Clue, gap: Gap): boolean {
    if (gap.kind === 'grid') return !clueHolds(this.read(c), gap.grid, this.n);
    const prop = compileClue(this.read(c), this.n);
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
