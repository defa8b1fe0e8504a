/**
 * Constraint propagation over position domains. Every (attribute, value) pair is a variable whose
 * domain is a bitmask of the positions it may still take. Two kinds of propagators:
 *  - table: a clue as the list of position tuples it allows (one list per reading of an ambiguous
 *    clue); it keeps only positions that appear in some allowed tuple (generalised arc consistency).
 *  - alldiff: one attribute's values take different positions, and every position is taken
 *    (naked singles and hidden singles).
 * A propagator run that removes at least one candidate counts as one deduction.
 */

export interface Reading {
  vars: number[];
  /** Allowed position tuples, flattened: tuple t is tuples[t*k .. t*k+k-1], k = vars.length. */
  tuples: Int8Array;
}

export type Propagator =
  | { kind: 'table'; vars: number[]; readings: Reading[]; slots: number[][] }
  | { kind: 'alldiff'; vars: number[] };

export type PropagateStatus = 'fixpoint' | 'fail' | 'stopped';

export function popcount(x: number): number {
  let c = 0;
  for (let v = x; v !== 0; v &= v - 1) c++;
  return c;
}

export function lowestBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/** A table propagator over the union of its readings' variables. */
export function tablePropagator(readings: Reading[]): Propagator {
  const vars: number[] = [];
  for (const r of readings) for (const v of r.vars) if (!vars.includes(v)) vars.push(v);
  // slots[u][i]: where union var u sits in reading i, or -1.
  if (vars.length > 32) throw new Error('a clue may involve at most 32 variables');
  const slots = vars.map((v) => readings.map((r) => r.vars.indexOf(v)));
  return { kind: 'table', vars, readings, slots };
}

export class Engine {
  dom: Int32Array;
  /** Productive propagator runs since construction (or since the caller reset it). */
  deductions = 0;
  readonly full: number;
  private readonly watchers: number[][];
  private readonly queue: Int32Array;
  private head = 0;
  private count = 0;
  private readonly inQueue: Uint8Array;
  private readonly sup = new Int32Array(64);

  constructor(
    readonly n: number,
    nVars: number,
    readonly props: Propagator[],
  ) {
    this.full = (1 << n) - 1;
    this.dom = new Int32Array(nVars).fill(this.full);
    this.watchers = Array.from({ length: nVars }, () => []);
    props.forEach((p, i) => {
      for (const v of p.vars) this.watchers[v].push(i);
    });
    this.queue = new Int32Array(props.length);
    this.inQueue = new Uint8Array(props.length);
  }

  /** Queue every propagator (in construction order), e.g. before the first propagation. */
  enqueueAll(): void {
    for (let i = 0; i < this.props.length; i++) this.push(i);
  }

  /** Narrow a variable from outside (a search decision); queues its watchers. */
  restrict(v: number, mask: number): boolean {
    const nd = this.dom[v] & mask;
    if (nd === 0) return false;
    if (nd !== this.dom[v]) {
      this.dom[v] = nd;
      for (const w of this.watchers[v]) this.push(w);
    }
    return true;
  }

  /** Clear the queue (after a failure, before restoring a snapshot). */
  clearQueue(): void {
    while (this.count > 0) this.pop();
  }

  /**
   * Run queued propagators to a fixpoint. With `stopVar`, return 'stopped' as soon as that
   * variable's domain is a single position (used to count the deductions needed for an answer).
   */
  propagate(stopVar = -1): PropagateStatus {
    while (this.count > 0) {
      const i = this.pop();
      const changed = this.run(i);
      if (changed < 0) {
        this.clearQueue();
        return 'fail';
      }
      if (changed > 0) {
        this.deductions++;
        if (stopVar >= 0 && popcount(this.dom[stopVar]) === 1) return 'stopped';
      }
    }
    return 'fixpoint';
  }

  private push(i: number): void {
    if (this.inQueue[i]) return;
    this.inQueue[i] = 1;
    this.queue[(this.head + this.count) % this.queue.length] = i;
    this.count++;
  }

  private pop(): number {
    const i = this.queue[this.head];
    this.head = (this.head + 1) % this.queue.length;
    this.count--;
    this.inQueue[i] = 0;
    return i;
  }

  /** Set a domain; returns -1 on wipe-out, 1 if narrowed, 0 if unchanged. */
  private set(v: number, mask: number): number {
    if (mask === 0) return -1;
    if (mask === this.dom[v]) return 0;
    this.dom[v] = mask;
    for (const w of this.watchers[v]) this.push(w);
    return 1;
  }

  private run(i: number): number {
    const p = this.props[i];
    return p.kind === 'table' ? this.runTable(p.vars, p.readings, p.slots) : this.runAlldiff(p.vars);
  }

  private runTable(vars: number[], readings: Reading[], slots: number[][]): number {
    const dom = this.dom;
    const sup = this.sup;
    const u = vars.length;
    // sup[0..u): union of supported positions over live readings.
    for (let j = 0; j < u; j++) sup[j] = 0;
    let live = false;
    for (let r = 0; r < readings.length; r++) {
      const { vars: rv, tuples } = readings[r];
      const k = rv.length;
      const base = 32;
      for (let j = 0; j < k; j++) sup[base + j] = 0;
      let any = false;
      for (let t = 0; t < tuples.length; t += k) {
        let ok = true;
        for (let j = 0; j < k; j++) {
          if ((dom[rv[j]] & (1 << tuples[t + j])) === 0) {
            ok = false;
            break;
          }
        }
        if (!ok) continue;
        any = true;
        for (let j = 0; j < k; j++) sup[base + j] |= 1 << tuples[t + j];
      }
      if (!any) continue;
      live = true;
      for (let j = 0; j < u; j++) {
        const s = slots[j][r];
        sup[j] |= s >= 0 ? sup[base + s] : dom[vars[j]];
      }
    }
    if (!live) return -1;
    let changed = 0;
    for (let j = 0; j < u; j++) {
      const res = this.set(vars[j], dom[vars[j]] & sup[j]);
      if (res < 0) return -1;
      changed |= res;
    }
    return changed;
  }

  private runAlldiff(vars: number[]): number {
    const dom = this.dom;
    let changed = 0;
    for (;;) {
      let fixed = 0;
      let once = 0;
      let twice = 0;
      for (const v of vars) {
        const d = dom[v];
        if ((d & (d - 1)) === 0) {
          if (fixed & d) return -1;
          fixed |= d;
        }
        twice |= once & d;
        once |= d;
      }
      // Every position must be taken by some value.
      if (once !== this.full) return -1;
      const onlyOnce = once & ~twice;
      let again = false;
      for (const v of vars) {
        const d = dom[v];
        if ((d & (d - 1)) === 0) continue;
        let nd = d & ~fixed;
        const hidden = nd & onlyOnce;
        if (hidden !== 0) {
          if ((hidden & (hidden - 1)) !== 0) return -1;
          nd = hidden;
        }
        if (nd !== d) {
          if (this.set(v, nd) < 0) return -1;
          changed = 1;
          if ((nd & (nd - 1)) === 0) again = true;
        }
      }
      if (!again) return changed;
    }
  }
}
