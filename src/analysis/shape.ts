import type { Budget } from '../core/budget.js';
import { isSchedulerVariant } from '../core/scheduler.js';
import { metricInfo } from '../tasks/metrics.js';
import { deriveSeed } from '../util/rng.js';
import { type ChangeParts, changeParts } from './breakdown.js';
import { budgetOrder, type CurvePoint, compareStrata } from './curves.js';
import { groupKey } from './keys.js';
import { indexSamples } from './sample-index.js';
import type { RunData } from './samples.js';
import { classifyFacts, type ShapeClass } from './shape-class.js';
import {
  type FamilyInput,
  type FamilyResult,
  GAUSSIAN_FROM,
  type MemberInterval,
  shapeFamily,
} from './shape-family.js';
import { tokensToX } from './slope.js';

export type { ShapeClass } from './shape-class.js';

export const SHAPE_ARROW: Record<ShapeClass, string> = {
  decline: '↓',
  rise: '↑',
  flat: '→',
  peaked: '∩',
  dip: '∪',
  noisy: '~',
  insufficient: '·',
};

/** A paired change between two budgets, over items, with its simultaneous 95% interval. */
export interface Change {
  from: Budget;
  to: Budget;
  /** Mean over items of (score at `to` − score at `from`), in score units (a share, or the metric's). */
  diff: number;
  lo: number;
  hi: number;
  /** Family-adjusted p-value. */
  p: number;
}

/**
 * The shape of one curve (model × task × variant × stratum) over its budgets, from the simultaneous
 * test of shape-family.ts read by the rules of shape-class.ts.
 */
export interface Shape {
  model: string;
  taskId: string;
  variant: string;
  stratum: string;
  metric: CurvePoint['metric'];
  /** The metric's name and direction, for the words of a verdict. */
  metricName: string;
  higherIsBetter: boolean;
  shape: ShapeClass;
  /** Budgets in the order the curve is tested: by budget, or for an effort ladder by realized tokens. */
  order: Budget[];
  /** The budget was sent as an effort level (o-series, adaptive Claude, Gemini 3): `levels[i]` for order[i]. */
  ladder: boolean;
  levels: (string | null)[];
  /** Items with samples at every budget (the unit of resampling) and bootstrap replicates. */
  items: number;
  resamples: number;
  /** The max-T critical value: each interval is estimate ± critical × its standard error. */
  critical: number;
  /** How the critical value was found (see shape-family.ts). */
  method: FamilyResult['method'] | null;
  /** The first point in test order (the smallest budget). */
  first: CurvePoint;
  /** The best point (highest score, lowest for lower-is-better metrics; ties go to the smaller budget). */
  best: CurvePoint;
  /** The last point in test order (the largest budget). */
  last: CurvePoint;
  /** From the best budget to the last one; diff 0 when the last is the best. */
  fromBest: Change | null;
  /** Share metrics: that change split by where the lost answers went (parts add up to it). */
  fromBestParts: ChangeParts | null;
  /** From the first budget to the last one (the endpoint test). */
  endpoints: Change | null;
  /** Score per doubling of realized reasoning tokens, with its simultaneous interval. */
  slope: { slope: number; lo: number; hi: number; p: number } | null;
  /** The significant pairs the label was read from (later budget better or worse). */
  facts: (Change & { better: boolean })[];
  /** The widest simultaneous half-width over budget pairs: changes this large could hide in 'flat'. */
  halfWidth: number;
}

export interface ShapeOptions {
  seed?: number;
  resamples?: number;
}

/**
 * Per curve: the item × budget table of mean scores (trials averaged within their item), the slope's
 * per-item sums, one family test, and the label. Natural-regime samples and the scheduler arm are
 * left out: they have no budget order.
 */
export function analyseShapes(data: RunData, curves: CurvePoint[], o: ShapeOptions = {}): Shape[] {
  const ix = indexSamples(data);
  const S = ix.strata.length;
  const B = ix.budgets.length;
  const natural = ix.budgets.indexOf('natural');
  const accs: (Acc | undefined)[] = new Array(ix.curves.length * S);
  for (let i = 0; i < data.samples.length; i++) {
    const b = ix.budget[i];
    const y = ix.score[i];
    if (b === natural || !Number.isFinite(y)) continue;
    const c = ix.curve[i];
    if (isSchedulerVariant(ix.curves[c].variant)) continue;
    const item = ix.item[i];
    const x = tokensToX(data.samples[i].reasoningTokens);
    for (const st of ix.items[item].strata) {
      let a = accs[c * S + st];
      if (!a) {
        a = { index: new Map(), sum: [], count: [], slope: [] };
        accs[c * S + st] = a;
      }
      let k = a.index.get(item);
      if (k === undefined) {
        k = a.index.size;
        a.index.set(item, k);
        for (let j = 0; j < B; j++) {
          a.sum.push(0);
          a.count.push(0);
        }
        a.slope.push(0, 0, 0, 0, 0);
      }
      a.sum[k * B + b] += y;
      a.count[k * B + b]++;
      if (Number.isFinite(x)) {
        const q = 5 * k;
        a.slope[q]++;
        a.slope[q + 1] += x;
        a.slope[q + 2] += y;
        a.slope[q + 3] += x * x;
        a.slope[q + 4] += x * y;
      }
    }
  }
  // Curves small enough for the bootstrap also get the permutation guard (shape-family.ts), which
  // needs each sample by its trial: a second pass keeps them for those curves only.
  for (const a of accs) if (a && a.index.size < GAUSSIAN_FROM) a.cells = [];
  for (let i = 0; i < data.samples.length; i++) {
    const b = ix.budget[i];
    const y = ix.score[i];
    if (b === natural || !Number.isFinite(y)) continue;
    const c = ix.curve[i];
    const item = ix.item[i];
    for (const st of ix.items[item].strata) {
      const a = accs[c * S + st];
      if (!a?.cells) continue;
      const at = a.index.get(item)! * B + b;
      const cell = a.cells[at] ?? [];
      cell.push(data.samples[i].trial, tokensToX(data.samples[i].reasoningTokens), y);
      a.cells[at] = cell;
    }
  }
  const pointsOf = new Map<string, CurvePoint[]>();
  for (const p of curves) {
    if (p.budget === 'natural' || p.n === 0 || !Number.isFinite(p.score)) continue;
    const k = groupKey(p.model, p.taskId, p.variant, p.stratum);
    const list = pointsOf.get(k) ?? [];
    list.push(p);
    pointsOf.set(k, list);
  }
  const out: Shape[] = [];
  const seed = o.seed ?? 1;
  ix.curves.forEach((c, ci) => {
    for (let st = 0; st < S; st++) {
      const a = accs[ci * S + st];
      if (!a) continue;
      const key = groupKey(c.model, c.taskId, c.variant, ix.strata[st]);
      const points = pointsOf.get(key);
      if (!points || points.length === 0) continue;
      const levels = points.map((p) => data.levels?.get(groupKey(p.model, String(p.budget))) ?? null);
      const ladder = levels.filter((l) => l !== null).length >= 2;
      const order = orderPoints(points, levels, ladder);
      out.push(
        shapeOf(
          order.map((x) => x.point),
          order.map((x) => x.level),
          ladder,
          a,
          ix.budgets,
          deriveSeed('shape', seed, key),
          o.resamples ?? 1000,
        ),
      );
    }
  });
  return out.sort(
    (a, b) =>
      a.model.localeCompare(b.model) ||
      a.taskId.localeCompare(b.taskId) ||
      a.variant.localeCompare(b.variant) ||
      compareStrata(a.stratum, b.stratum),
  );
}

interface Acc {
  /** Item id (sample-index) → row. */
  index: Map<number, number>;
  /** Per row, per budget id: sum and count of scores. */
  sum: number[];
  count: number[];
  /** Per row: n, Σx, Σy, Σx², Σxy over samples that reasoned. */
  slope: number[];
  /** Per row and budget id, its samples as (trial, x, y) triples; only for curves of few items. */
  cells?: number[][];
}

/**
 * For the permutation guard: per item, K×K sums over the trials t of position j that reasoned,
 * w[j][j'] = Σ y(j', t) and m[j][j'] = Σ x(j, t)·y(j', t). Null unless every item has the same
 * trials at every budget (a complete run), since the guard swaps whole cells trial by trial.
 */
function alignedSums(a: Acc, rows: number[], cols: number[], B: number): FamilyInput['aligned'] {
  if (!a.cells) return null;
  const K = cols.length;
  const w = new Float64Array(rows.length * K * K);
  const m = new Float64Array(rows.length * K * K);
  for (let i = 0; i < rows.length; i++) {
    const cells = cols.map((b) => byTrial(a.cells![rows[i] * B + b] ?? []));
    const trials = cells[0].map((c) => c[0]).join();
    if (cells.some((c) => c.map((x) => x[0]).join() !== trials)) return null;
    const o = i * K * K;
    for (let j = 0; j < K; j++)
      for (let t = 0; t < cells[j].length; t++) {
        const x = cells[j][t][1];
        if (!Number.isFinite(x)) continue;
        for (let k = 0; k < K; k++) {
          const y = cells[k][t][2];
          w[o + j * K + k] += y;
          m[o + j * K + k] += x * y;
        }
      }
  }
  return { w, m };
}

function byTrial(flat: number[]): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let q = 0; q < flat.length; q += 3) out.push([flat[q], flat[q + 1], flat[q + 2]]);
  return out.sort((u, v) => u[0] - v[0]);
}

/**
 * Test order: by budget; for an effort ladder by median realized tokens (the level names say
 * nothing about how much a model reasons), ties by budget.
 */
function orderPoints(points: CurvePoint[], levels: (string | null)[], ladder: boolean) {
  const xs = points.map((point, i) => ({ point, level: levels[i] }));
  return xs.sort(
    (a, b) =>
      (ladder ? (a.point.medianTokens || 0) - (b.point.medianTokens || 0) : 0) ||
      budgetOrder(a.point.budget) - budgetOrder(b.point.budget),
  );
}

/** The best point: highest score (lowest for lower-is-better metrics), ties to the smaller budget. */
export function bestPoint(points: readonly CurvePoint[]): CurvePoint {
  const higher = metricInfo(points[0].metric, points[0].taskId).worse === 'lower';
  const sorted = [...points].sort((a, b) => budgetOrder(a.budget) - budgetOrder(b.budget));
  return sorted.reduce((best, p) => ((higher ? p.score > best.score : p.score < best.score) ? p : best));
}

function shapeOf(
  points: CurvePoint[],
  levels: (string | null)[],
  ladder: boolean,
  a: Acc,
  budgets: Budget[],
  seed: number,
  resamples: number,
): Shape {
  const head = points[0];
  const info = metricInfo(head.metric, head.taskId);
  const higherIsBetter = info.worse === 'lower';
  const K = points.length;
  const B = budgets.length;
  const cols = points.map((p) => budgets.indexOf(p.budget));
  // Items with a score at every budget of the curve: paired differences need both sides.
  const rows: number[] = [];
  for (let r = 0; r < a.index.size; r++) if (cols.every((b) => a.count[r * B + b] > 0)) rows.push(r);
  const y = new Float64Array(rows.length * K);
  const slopeSums = new Float64Array(rows.length * 5);
  rows.forEach((r, i) => {
    cols.forEach((b, j) => {
      y[i * K + j] = a.sum[r * B + b] / a.count[r * B + b];
    });
    for (let q = 0; q < 5; q++) slopeSums[i * 5 + q] = a.slope[r * 5 + q];
  });
  const best = bestPoint(points);
  const bestAt = points.indexOf(best);
  const last = points[K - 1];
  const base = {
    model: head.model,
    taskId: head.taskId,
    variant: head.variant,
    stratum: head.stratum,
    metric: head.metric,
    metricName: info.name,
    higherIsBetter,
    order: points.map((p) => p.budget),
    ladder,
    levels,
    items: rows.length,
    first: head,
    best,
    last,
    fromBestParts: info.share ? changeParts(best, last) : null,
  };
  const aligned = alignedSums(a, rows, cols, B);
  const fam = shapeFamily({ y, items: rows.length, positions: K, slopeSums, aligned }, seed, resamples);
  if (!fam)
    return {
      ...base,
      shape: 'insufficient',
      resamples: 0,
      critical: Number.NaN,
      method: null,
      fromBest: null,
      endpoints: null,
      slope: null,
      facts: [],
      halfWidth: Number.NaN,
    };
  const change = (j: number, k: number): Change => {
    if (j === k) return { from: points[j].budget, to: points[k].budget, diff: 0, lo: 0, hi: 0, p: 1 };
    const m: MemberInterval = j < k ? fam.pair(j, k) : flip(fam.pair(k, j));
    return { from: points[j].budget, to: points[k].budget, diff: m.estimate, lo: m.lo, hi: m.hi, p: m.p };
  };
  const dir = higherIsBetter ? 1 : -1;
  const facts: Shape['facts'] = [];
  const raw: { from: number; to: number; better: boolean }[] = [];
  let halfWidth = 0;
  for (let j = 0; j < K; j++)
    for (let k = j + 1; k < K; k++) {
      const c = change(j, k);
      halfWidth = Math.max(halfWidth, (c.hi - c.lo) / 2);
      if (c.lo > 0 || c.hi < 0) {
        const better = dir * c.diff > 0;
        facts.push({ ...c, better });
        raw.push({ from: j, to: k, better });
      }
    }
  const s = fam.slope;
  const slopeSign = s && (s.lo > 0 || s.hi < 0) ? (Math.sign(dir * s.estimate) as -1 | 1) : 0;
  const worst = points.reduce((w, p, i) => (dir * p.score < dir * points[w].score ? i : w), 0);
  return {
    ...base,
    shape: classifyFacts(K, raw, slopeSign, { best: bestAt, worst }),
    resamples: fam.resamples,
    critical: fam.critical,
    method: fam.method,
    fromBest: change(bestAt, K - 1),
    endpoints: change(0, K - 1),
    slope: s ? { slope: s.estimate, lo: s.lo, hi: s.hi, p: s.p } : null,
    facts,
    halfWidth,
  };
}

function flip(m: MemberInterval): MemberInterval {
  return { ...m, estimate: -m.estimate, lo: -m.hi, hi: -m.lo };
}

/**
 * How much worse the last budget is than the best one (in score units, positive = worse), and the
 * simultaneous 95% lower bound of that decline: the gate's `no-decline-from-best` fails when the
 * bound exceeds epsilon. The bound holds whichever budget the data made best (see shape-family.ts).
 */
export function declineFromBest(s: Shape): { decline: number; lower: number } | null {
  const c = s.fromBest;
  if (!c) return null;
  return s.higherIsBetter ? { decline: -c.diff, lower: -c.hi } : { decline: c.diff, lower: c.lo };
}
