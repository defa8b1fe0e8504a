import { type Propagator, type Reading, tablePropagator } from './engine.js';
import { ARITY, type Clue, holds, type Puzzle, type Relation } from './model.js';

/** A puzzle turned into propagators over variables `attr * n + value`. */
export interface Compiled {
  n: number;
  nVars: number;
  /** Clue propagators in clue order, then one all-different per attribute. */
  props: Propagator[];
  /** A clue that names only positions and is false: the puzzle has no solution. */
  infeasible: boolean;
  /** Connected component id of each variable (clues and attributes link variables). */
  component: Int32Array;
}

export function varOf(n: number, attr: number, value: number): number {
  return attr * n + value;
}

const tupleCache = new Map<string, Int8Array>();

/**
 * Allowed tuples for a relation whose arguments are variables or fixed positions. `slots[i]` is
 * the variable index (0..k-1) of argument i, or -1 - p for the fixed position p.
 */
function allowedTuples(rel: Relation, n: number, slots: number[], k: number): Int8Array {
  const key = `${rel}|${n}|${slots.join(',')}`;
  const hit = tupleCache.get(key);
  if (hit) return hit;
  const out: number[] = [];
  const cur = new Array<number>(k).fill(0);
  const args = new Array<number>(slots.length);
  const total = n ** k;
  for (let code = 0; code < total; code++) {
    let c = code;
    for (let j = 0; j < k; j++) {
      cur[j] = c % n;
      c = Math.floor(c / n);
    }
    for (let i = 0; i < slots.length; i++) args[i] = slots[i] >= 0 ? cur[slots[i]] : -1 - slots[i];
    if (holds(rel, args, n)) out.push(...cur);
  }
  const arr = Int8Array.from(out);
  tupleCache.set(key, arr);
  return arr;
}

/** One reading per combination of the references' alternatives; null means "always true". */
function clueReadings(clue: Clue, n: number): Reading[] | null {
  const options = clue.refs.map((r) =>
    r.kind === 'pos' ? [-1 - r.pos] : r.alts.map((a) => varOf(n, a.attr, a.value)),
  );
  const readings: Reading[] = [];
  const pick = new Array<number>(options.length);
  let alwaysTrue = false;
  const walk = (i: number): void => {
    if (alwaysTrue) return;
    if (i < options.length) {
      for (const o of options[i]) {
        pick[i] = o;
        walk(i + 1);
      }
      return;
    }
    const vars: number[] = [];
    const slots = pick.map((o) => {
      if (o < 0) return o;
      let j = vars.indexOf(o);
      if (j < 0) j = vars.push(o) - 1;
      return j;
    });
    if (vars.length === 0) {
      // Only fixed positions: the reading is simply true or false.
      if (holdsConst(clue.rel, slots, n)) alwaysTrue = true;
      return;
    }
    const tuples = allowedTuples(clue.rel, n, slots, vars.length);
    if (tuples.length > 0) readings.push({ vars, tuples });
  };
  walk(0);
  return alwaysTrue ? null : readings;
}

function holdsConst(rel: Relation, slots: number[], n: number): boolean {
  return holds(
    rel,
    slots.map((s) => -1 - s),
    n,
  );
}

/** One clue's propagator; null if it always holds, 'false' if it never can. */
export function compileClue(clue: Clue, n: number): Propagator | null | 'false' {
  if (clue.refs.length !== ARITY[clue.rel]) throw new Error(`clue ${clue.label ?? ''} has the wrong arity`);
  const readings = clueReadings(clue, n);
  if (readings === null) return null;
  return readings.length === 0 ? 'false' : tablePropagator(readings);
}

export function compile(p: Puzzle): Compiled {
  const n = p.size;
  const nVars = p.attributes.length * n;
  const props: Propagator[] = [];
  let infeasible = false;
  for (const clue of p.clues) {
    const prop = compileClue(clue, n);
    if (prop === 'false') infeasible = true;
    else if (prop !== null) props.push(prop);
  }
  for (let a = 0; a < p.attributes.length; a++) {
    props.push({ kind: 'alldiff', vars: Array.from({ length: n }, (_, v) => varOf(n, a, v)) });
  }
  return { n, nVars, props, infeasible, component: components(nVars, props) };
}

function components(nVars: number, props: Propagator[]): Int32Array {
  const parent = Int32Array.from({ length: nVars }, (_, i) => i);
  const find = (x: number): number => {
    let r = x;
    while (parent[r] !== r) r = parent[r];
    while (parent[x] !== r) {
      const nx = parent[x];
      parent[x] = r;
      x = nx;
    }
    return r;
  };
  for (const p of props) for (const v of p.vars) parent[find(v)] = find(p.vars[0]);
  return Int32Array.from({ length: nVars }, (_, i) => find(i));
}
