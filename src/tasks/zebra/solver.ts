import { type Compiled, compile, varOf } from './compile.js';
import { Engine, lowestBit, popcount } from './engine.js';
import type { Grid, Puzzle } from './model.js';

/**
 * Solving = propagation plus depth-first search (smallest domain first). Clues split the
 * variables into independent components (BBEH's distracting attributes usually form their own);
 * each is searched on its own, so irrelevant attributes never multiply the search.
 */

/** What the clues, read literally, say about the question. */
export interface LiteralResult {
  /** 1-based position of the person asked about; null when the clues have no solution. */
  answer: number | null;
  /** No solution of the clues gives the question a different answer. */
  unique: boolean;
  /** A second possible answer (1-based), when the answer is not unique. */
  other?: number;
}

/** The variable the question asks about; the question must name exactly one attribute value. */
export function questionVar(p: Puzzle): number {
  const q = p.question;
  if (q.kind !== 'value' || q.alts.length !== 1) {
    throw new Error('the question must name one person by an unambiguous attribute value');
  }
  return varOf(p.size, q.alts[0].attr, q.alts[0].value);
}

interface Stats {
  guesses: number;
}

/** Depth-first search within `vars`; pushes complete domain snapshots into `out` up to `limit`. */
function dfs(e: Engine, vars: number[], limit: number, out: Int32Array[], stats: Stats): boolean {
  if (e.propagate() === 'fail') return false;
  let best = -1;
  let bestSize = 99;
  for (const v of vars) {
    const s = popcount(e.dom[v]);
    if (s > 1 && s < bestSize) {
      best = v;
      bestSize = s;
      if (s === 2) break;
    }
  }
  if (best < 0) {
    out.push(e.dom.slice());
    return out.length >= limit;
  }
  const saved = e.dom.slice();
  for (let m = saved[best]; m !== 0; m &= m - 1) {
    stats.guesses++;
    e.dom.set(saved);
    e.restrict(best, 1 << lowestBit(m));
    if (dfs(e, vars, limit, out, stats)) return true;
  }
  e.dom.set(saved);
  return false;
}

/** Variables of each component, keyed by component id. */
function componentVars(c: Compiled): Map<number, number[]> {
  const m = new Map<number, number[]>();
  for (let v = 0; v < c.nVars; v++) {
    const id = c.component[v];
    const list = m.get(id);
    if (list) list.push(v);
    else m.set(id, [v]);
  }
  return m;
}

function componentEngine(c: Compiled, comp: number, dom: Int32Array | null): Engine {
  const props = c.props.filter((p) => c.component[p.vars[0]] === comp);
  const e = new Engine(c.n, c.nVars, props);
  if (dom) e.dom.set(dom);
  return e;
}

/** Domains after propagating every clue to a fixpoint; null if the clues contradict. */
export function rootDomains(c: Compiled): Int32Array | null {
  if (c.infeasible) return null;
  const e = new Engine(c.n, c.nVars, c.props);
  e.enqueueAll();
  return e.propagate() === 'fail' ? null : e.dom;
}

/** Whether every component other than `skip` has at least one solution. */
function othersSatisfiable(c: Compiled, root: Int32Array, skip: number): boolean {
  for (const [id, vars] of componentVars(c)) {
    if (id === skip || vars.every((v) => popcount(root[v]) === 1)) continue;
    const out: Int32Array[] = [];
    if (!dfs(componentEngine(c, id, root), vars, 1, out, { guesses: 0 })) return false;
  }
  return true;
}

/** A literal solve, with what was computed on the way. */
export interface LiteralSolve extends LiteralResult {
  compiled: Compiled;
  qv: number;
  /** Domains after propagation (every solution lies within them); null when the clues contradict. */
  root: Int32Array | null;
}

/**
 * Solves the question with every clue read literally: an ambiguous reference in a clue may take
 * either reading, clue by clue (the question must name one attribute value; see readings.ts).
 */
export function solveLiteral(p: Puzzle): LiteralSolve {
  const qv = questionVar(p);
  const c = compile(p);
  const root = rootDomains(c);
  const none = { answer: null, unique: false, compiled: c, qv, root };
  if (!root) return none;
  const comp = c.component[qv];
  const vars = componentVars(c).get(comp) ?? [qv];
  const first: Int32Array[] = [];
  dfs(componentEngine(c, comp, root), vars, 1, first, { guesses: 0 });
  if (first.length === 0 || !othersSatisfiable(c, root, comp)) return none;
  const pos = lowestBit(first[0][qv]);
  // Proof of uniqueness: with the question's person moved anywhere else, no solution exists.
  const e = componentEngine(c, comp, root);
  const second: Int32Array[] = [];
  if (e.restrict(qv, ~(1 << pos))) dfs(e, vars, 1, second, { guesses: 0 });
  const result: LiteralSolve = { answer: pos + 1, unique: second.length === 0, compiled: c, qv, root };
  if (second.length > 0) result.other = lowestBit(second[0][qv]) + 1;
  return result;
}

/**
 * The difficulty measure recorded per item. Only the clues connected to the asked person count
 * (clues about unconnected, distracting attributes cannot matter). Starting from no knowledge,
 * the propagators run first-in first-out, in clue order, and every run that removes at least one
 * candidate position is one deduction; counting stops the moment the asked person's position is
 * fixed. If propagation stalls first, the answer is proved by refutation: each remaining wrong
 * position is assumed and searched to contradiction, and the deductions made there are added
 * (`guesses` counts the search decisions). Lower is easier; it is a deterministic function of
 * the puzzle, an upper bound on the fewest deductions a perfect reasoner would need.
 */
export function measureDeductions(
  c: Compiled,
  qv: number,
  answer: number,
): { deductions: number; guesses: number } {
  const answerPos = answer - 1;
  const comp = c.component[qv];
  const vars = componentVars(c).get(comp) ?? [qv];
  const e = componentEngine(c, comp, null);
  e.enqueueAll();
  const status = e.propagate(qv);
  if (status !== 'fixpoint') return { deductions: e.deductions, guesses: 0 };
  const stats: Stats = { guesses: 0 };
  const saved = e.dom.slice();
  for (let m = saved[qv] & ~(1 << answerPos); m !== 0; m &= m - 1) {
    e.dom.set(saved);
    stats.guesses++;
    if (e.restrict(qv, 1 << lowestBit(m))) dfs(e, vars, 1, [], stats);
  }
  return { deductions: e.deductions, guesses: stats.guesses };
}

/**
 * Counts complete solutions (every attribute of every person), stopping at `limit`. The count
 * is the product over independent components.
 */
export function countSolutions(p: Puzzle, limit = 2): { count: number; solutions: Grid[] } {
  const c = compile(p);
  const root = rootDomains(c);
  if (!root) return { count: 0, solutions: [] };
  let count = 1;
  // Per component, up to `limit` solutions; combine the first of each into whole grids.
  const parts: Int32Array[][] = [];
  for (const [id, vars] of componentVars(c)) {
    if (vars.every((v) => popcount(root[v]) === 1)) continue;
    const out: Int32Array[] = [];
    dfs(componentEngine(c, id, root), vars, limit, out, { guesses: 0 });
    if (out.length === 0) return { count: 0, solutions: [] };
    count = Math.min(limit, count * out.length);
    parts.push(out.map((d) => maskOut(d, vars)));
  }
  const grids: Grid[] = [];
  for (let k = 0; k < count; k++) {
    // The k-th grid varies one component at a time from the first solution.
    const dom = root.slice();
    let left = k;
    for (const part of parts) {
      const pick = Math.min(left, part.length - 1);
      left -= pick;
      for (let v = 0; v < dom.length; v++) if (part[pick][v] !== 0) dom[v] = part[pick][v];
    }
    grids.push(toGrid(dom, p.size, p.attributes.length));
  }
  return { count, solutions: grids };
}

function maskOut(dom: Int32Array, vars: number[]): Int32Array {
  const out = new Int32Array(dom.length);
  for (const v of vars) out[v] = dom[v];
  return out;
}

function toGrid(dom: Int32Array, n: number, m: number): Grid {
  return Array.from({ length: m }, (_, a) =>
    Array.from({ length: n }, (_, v) => lowestBit(dom[varOf(n, a, v)])),
  );
}

/**
 * A solution in which the asked person is not at `pos` (0-based), or null if there is none.
 * Only the asked person's component is searched; other entries of the grid are -1.
 */
export function solutionAvoiding(p: Puzzle, pos: number): Grid | null {
  const qv = questionVar(p);
  const c = compile(p);
  const root = rootDomains(c);
  if (!root) return null;
  const comp = c.component[qv];
  const vars = componentVars(c).get(comp) ?? [qv];
  const e = componentEngine(c, comp, root);
  const out: Int32Array[] = [];
  if (!e.restrict(qv, ~(1 << pos)) || !dfs(e, vars, 1, out, { guesses: 0 })) return null;
  const grid = toGrid(maskOut(out[0], vars), p.size, p.attributes.length);
  return grid;
}
