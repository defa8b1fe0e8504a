import { type Metric, metricInfo } from '../tasks/metrics.js';
import { deriveSeed, Rng } from '../util/rng.js';
import { compareStrata } from './curves.js';
import { groupKey } from './keys.js';
import { type PairedResult, pairedTest } from './paired.js';
import { indexSamples } from './sample-index.js';
import type { RunData } from './samples.js';
import { meanCI, wilson } from './stats.js';

/**
 * The natural regime (no stated budget, k samples per item).
 *
 * Rank curve (the paper's): within each item its k samples are ranked by reasoning length; the
 * k-th point averages the k-th shortest sample over items. Only items with all k samples are used,
 * so every point averages the same items.
 *
 * Within-item analysis: does a longer trace go with a worse answer *on the same item*? Centring
 * tokens and score within each item removes everything fixed about the item (its difficulty), so
 * the within-item slope is not driven by "hard items get long reasoning"; the between-item slope
 * (item means against item means) is exactly that. Both come with item-clustered bootstrap CIs,
 * and the longest vs the shortest sample of each item get a paired test. It stays correlational:
 * a trace that is going wrong may run long because it is going wrong.
 */
export interface RankPoint {
  rank: number;
  n: number;
  score: number;
  lo: number;
  hi: number;
  meanTokens: number;
}

export interface SlopeCI {
  slope: number;
  lo: number;
  hi: number;
}

export interface NaturalResult {
  model: string;
  taskId: string;
  variant: string;
  stratum: string;
  metric: Metric;
  /** Samples per item (k) and items with all k. */
  k: number;
  items: number;
  itemsIncomplete: number;
  ranks: RankPoint[];
  /** Score change per doubling of tokens (counted as at least 1), within items and between items. */
  within: SlopeCI | null;
  between: SlopeCI | null;
  /** Longest vs shortest sample of each item. */
  longestVsShortest: PairedResult | null;
  reading: string;
}

type Head = Pick<NaturalResult, 'model' | 'taskId' | 'variant' | 'stratum' | 'metric'>;

interface Obs {
  x: number;
  y: number;
  tokens: number;
  trial: number;
}

export function analyseNatural(
  data: RunData,
  o: { seed?: number; resamples?: number } = {},
): NaturalResult[] {
  const ix = indexSamples(data);
  const S = ix.strata.length;
  const natural = ix.budgets.indexOf('natural');
  const groups = new Map<number, { head: Head; items: Map<number, Obs[]> }>();
  for (let i = 0; natural >= 0 && i < data.samples.length; i++) {
    const y = ix.score[i];
    if (ix.budget[i] !== natural || !Number.isFinite(y)) continue;
    const s = data.samples[i];
    const c = ix.curves[ix.curve[i]];
    const item = ix.item[i];
    for (const st of ix.items[item].strata) {
      const k = ix.curve[i] * S + st;
      let g = groups.get(k);
      if (!g) {
        g = {
          head: {
            model: c.model,
            taskId: c.taskId,
            variant: c.variant,
            stratum: ix.strata[st],
            metric: c.metric,
          },
          items: new Map(),
        };
        groups.set(k, g);
      }
      let list = g.items.get(item);
      if (!list) {
        list = [];
        g.items.set(item, list);
      }
      list.push({
        x: Math.log2(Math.max(1, s.reasoningTokens)),
        y,
        tokens: s.reasoningTokens,
        trial: s.trial,
      });
    }
  }
  const out: NaturalResult[] = [];
  for (const g of groups.values()) {
    const h = g.head;
    const seed = deriveSeed('natural', o.seed ?? 1, groupKey(h.model, h.taskId, h.variant, h.stratum));
    out.push(analyseGroup(h, [...g.items.values()], seed, o.resamples ?? 1000));
  }
  out.sort(
    (a, b) =>
      a.model.localeCompare(b.model) ||
      a.taskId.localeCompare(b.taskId) ||
      a.variant.localeCompare(b.variant) ||
      compareStrata(a.stratum, b.stratum),
  );
  return out;
}

function analyseGroup(head: Head, items: Obs[][], seed: number, resamples: number): NaturalResult {
  const k = Math.max(0, ...items.map((l) => l.length));
  const complete = items.filter((l) => l.length === k && k > 0);
  for (const l of complete) l.sort((a, b) => a.tokens - b.tokens || a.trial - b.trial);
  const ranks: RankPoint[] = [];
  for (let r = 0; r < k; r++) {
    const ys = complete.map((l) => l[r].y);
    const tokens = complete.reduce((s, l) => s + l[r].tokens, 0) / Math.max(1, complete.length);
    if (head.metric === 'error') {
      const m = meanCI(ys);
      ranks.push({ rank: r + 1, n: ys.length, score: m.mean, lo: m.lo, hi: m.hi, meanTokens: tokens });
    } else {
      const c = ys.reduce((a, b) => a + b, 0);
      const w = wilson(c, ys.length);
      ranks.push({
        rank: r + 1,
        n: ys.length,
        score: ys.length ? c / ys.length : Number.NaN,
        lo: w.lo,
        hi: w.hi,
        meanTokens: tokens,
      });
    }
  }
  const usable = items.filter((l) => l.length >= 2);
  const within = withinBetween(usable, seed, resamples);
  const longestVsShortest =
    k >= 2
      ? pairedTest(
          {
            lowSum: Float64Array.from(complete.map((l) => l[0].y)),
            lowN: new Float64Array(complete.length).fill(1),
            highSum: Float64Array.from(complete.map((l) => l[k - 1].y)),
            highN: new Float64Array(complete.length).fill(1),
            binary: head.metric !== 'error',
          },
          seed ^ 0x5bd1e995,
        )
      : null;
  const result: NaturalResult = {
    ...head,
    k,
    items: complete.length,
    itemsIncomplete: items.length - complete.length,
    ranks,
    within: within?.within ?? null,
    between: within?.between ?? null,
    longestVsShortest,
    reading: '',
  };
  result.reading = reading(result);
  return result;
}

/** Within-item (fixed-effects) and between-item slopes with one shared item bootstrap. */
function withinBetween(
  items: Obs[][],
  seed: number,
  resamples: number,
): { within: SlopeCI | null; between: SlopeCI | null } | null {
  const m = items.length;
  if (m < 3) return null;
  const wxy = new Float64Array(m);
  const wxx = new Float64Array(m);
  const mx = new Float64Array(m);
  const my = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const l = items[i];
    let sx = 0;
    let sy = 0;
    for (const o of l) {
      sx += o.x;
      sy += o.y;
    }
    mx[i] = sx / l.length;
    my[i] = sy / l.length;
    for (const o of l) {
      wxy[i] += (o.x - mx[i]) * (o.y - my[i]);
      wxx[i] += (o.x - mx[i]) ** 2;
    }
  }
  const fit = (pick: (j: number) => number) => {
    let a = 0;
    let b = 0;
    let n = 0;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let sxy = 0;
    for (let j = 0; j < m; j++) {
      const i = pick(j);
      a += wxy[i];
      b += wxx[i];
      n++;
      sx += mx[i];
      sy += my[i];
      sxx += mx[i] * mx[i];
      sxy += mx[i] * my[i];
    }
    const den = n * sxx - sx * sx;
    return { w: b > 1e-12 ? a / b : Number.NaN, b: den > 1e-12 ? (n * sxy - sx * sy) / den : Number.NaN };
  };
  const point = fit((j) => j);
  const rng = new Rng(seed);
  const ws: number[] = [];
  const bs: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const f = fit(() => (rng.next() * m) | 0);
    if (Number.isFinite(f.w)) ws.push(f.w);
    if (Number.isFinite(f.b)) bs.push(f.b);
  }
  const ci = (est: number, xs: number[]): SlopeCI | null => {
    if (!Number.isFinite(est) || xs.length < 20) return null;
    const s = Float64Array.from(xs).sort();
    return {
      slope: est,
      lo: s[Math.floor(0.025 * (s.length - 1))],
      hi: s[Math.ceil(0.975 * (s.length - 1))],
    };
  };
  return { within: ci(point.w, ws), between: ci(point.b, bs) };
}

/** A plain-language reading of the two slopes (where higher is worse, a positive slope is worse). */
function reading(r: NaturalResult): string {
  const up = metricInfo(r.metric, r.taskId).worse === 'higher';
  const worse = (c: SlopeCI | null) => c !== null && (up ? c.lo > 0 : c.hi < 0);
  const better = (c: SlopeCI | null) => c !== null && (up ? c.hi < 0 : c.lo > 0);
  if (!r.within) return 'too few items with two or more samples to separate the effects';
  if (worse(r.within))
    return 'longer traces on the same item go with worse answers (within-item decline): consistent with long reasoning hurting';
  if (better(r.within)) return 'longer traces on the same item go with better answers (within-item gain)';
  if (worse(r.between))
    return 'no within-item effect, but items that get long reasoning score worse: hard items get long reasoning';
  return 'no clear link between reasoning length and score, within or between items';
}
