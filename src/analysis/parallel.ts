import { isSchedulerVariant } from '../core/scheduler.js';
import { deriveSeed, Rng } from '../util/rng.js';
import { clusteredMean, clusteredShare, type Interval } from './clustered.js';
import { groupKey } from './keys.js';
import { rightIsCorrect } from './replay.js';
import type { RunData, ScoredSample } from './samples.js';

/**
 * Parallel vs sequential thinking at matched compute (Ghosal et al. 2025, arXiv 2506.04210: several
 * independent paths within the same budget, majority vote, against one longer path), from the
 * stored trials alone: no new calls.
 *
 * For budgets b < b′ of one model × task × arm, k is the number of trials at b whose realized tokens
 * come closest to one sample at b′ (k·T_b ≈ T_b′, T the mean realized reasoning tokens; pairs further
 * apart than a factor 1.5 are left out, and k is at most the run's trials). Per item, majority@k at b
 * is the expected majority vote of k of its trials at b (every k-subset of its trials, at most
 * SUBSETS of them, seeded; a tie with the right answer among the most voted counts as 1 over the
 * number tied: a fair coin), and sequential is the share right of its trials at b′. The difference
 * is their mean over items with a 95% interval (items are the units).
 */
export interface ParallelComparison {
  model: string;
  taskId: string;
  variant: string;
  /** k samples at `budget` against one at `against`. */
  k: number;
  budget: number;
  against: number;
  /** Realized reasoning tokens: k × mean at budget, and the mean at `against`. */
  parallelTokens: number;
  sequentialTokens: number;
  items: number;
  parallel: Interval;
  sequential: Interval;
  /** parallel − sequential, mean over items, with its 95% interval. */
  diff: Interval;
}

/** Subsets of an item's trials averaged for its majority@k (all of them when there are fewer). */
export const SUBSETS = 200;
/** How far k·T_b may be from T_b′ (a factor) to count as the same compute. */
export const MATCH = 1.5;

export function analyseParallel(data: RunData, seed = 1): ParallelComparison[] {
  const groups = new Map<string, ScoredSample[]>();
  for (const s of data.samples) {
    if (s.outcome === 'error' || s.budget === 'natural' || s.budget === 0 || isSchedulerVariant(s.variant))
      continue;
    if (!rightIsCorrect(data.metrics.get(s.taskId))) continue;
    const k = groupKey(s.model, s.taskId, s.variant);
    let g = groups.get(k);
    if (!g) {
      g = [];
      groups.set(k, g);
    }
    g.push(s);
  }
  const out: ParallelComparison[] = [];
  for (const ss of groups.values()) out.push(...parallelOf(ss, seed));
  return out;
}

/** Every matched pair of budgets of one model × task × arm (`k` fixed: that k for every pair, matched or not). */
export function parallelOf(ss: ScoredSample[], seed = 1, fixedK?: number): ParallelComparison[] {
  const byBudget = new Map<number, Map<string, ScoredSample[]>>();
  for (const s of ss) {
    const b = s.budget as number;
    const items = byBudget.get(b) ?? new Map<string, ScoredSample[]>();
    byBudget.set(b, items);
    const trialsOf = items.get(s.itemId);
    if (trialsOf) trialsOf.push(s);
    else items.set(s.itemId, [s]);
  }
  const budgets = [...byBudget.keys()].sort((a, b) => a - b);
  const meanTokens = new Map(
    budgets.map((b) => {
      const all = [...byBudget.get(b)!.values()].flat();
      return [b, all.reduce((x, s) => x + s.reasoningTokens, 0) / all.length];
    }),
  );
  // A loop, not Math.max(...): a spread of one number per item overflows the stack at ~120k items.
  let trials = Number.NEGATIVE_INFINITY;
  for (const m of byBudget.values()) for (const x of m.values()) if (x.length > trials) trials = x.length;
  const out: ParallelComparison[] = [];
  for (const b of budgets)
    for (const against of budgets) {
      const tb = meanTokens.get(b)!;
      const ta = meanTokens.get(against)!;
      if (against <= b || !(tb > 0)) continue;
      const k = fixedK ?? Math.min(trials, Math.max(2, Math.round(ta / tb)));
      if (fixedK === undefined && (trials < 2 || Math.abs(Math.log((k * tb) / ta)) > Math.log(MATCH)))
        continue;
      const par: number[] = [];
      const seqItems: number[] = [];
      const seqRight: number[] = [];
      const seqCluster: number[] = [];
      const diffs: number[] = [];
      const low = byBudget.get(b)!;
      const high = byBudget.get(against)!;
      let id = 0;
      for (const [itemId, at] of low) {
        const hi = high.get(itemId);
        if (!hi || at.length < k) continue;
        const p = majorityAt(at, k, deriveSeed(seed, 'parallel', itemId, b, k));
        const q = hi.reduce((x, s) => x + (s.correct ? 1 : 0), 0) / hi.length;
        par.push(p);
        seqItems.push(q);
        for (const s of hi) {
          seqRight.push(s.correct ? 1 : 0);
          seqCluster.push(id);
        }
        diffs.push(p - q);
        id++;
      }
      if (diffs.length === 0) continue;
      const ids = diffs.map((_, i) => i);
      const s0 = ss[0];
      out.push({
        model: s0.model,
        taskId: s0.taskId,
        variant: s0.variant,
        k,
        budget: b,
        against,
        parallelTokens: k * tb,
        sequentialTokens: ta,
        items: diffs.length,
        parallel: clusteredMean(par, ids, { min: 0, max: 1 }),
        sequential: clusteredShare(seqRight, seqCluster),
        diff: clusteredMean(diffs, ids, { min: -1, max: 1 }),
      });
    }
  return out;
}

/**
 * An item's expected majority@k over subsets of its trials. Right answers are one vote whatever
 * their wording; wrong ones vote by their (normalised) answer; samples without an answer abstain.
 */
export function majorityAt(samples: ScoredSample[], k: number, seed: number): number {
  const n = samples.length;
  const votes = samples.map((s) => (s.correct ? '\u0000right' : s.answer === null ? null : norm(s.answer)));
  const subsets = combinations(n, k, SUBSETS, seed);
  let sum = 0;
  for (const sub of subsets) {
    const counts = new Map<string, number>();
    for (const i of sub) {
      const v = votes[i];
      if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const top = Math.max(0, ...counts.values());
    const right = counts.get('\u0000right') ?? 0;
    if (top > 0 && right === top) {
      let tied = 0;
      for (const c of counts.values()) if (c === top) tied++;
      sum += 1 / tied;
    }
  }
  return sum / subsets.length;
}

function norm(a: string): string {
  return a.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** All k-subsets of 0..n−1 when there are at most `max`, else `max` random ones (seeded). */
export function combinations(n: number, k: number, max: number, seed: number): number[][] {
  if (binomial(n, k) <= max) {
    const out: number[][] = [];
    const pick = (start: number, acc: number[]) => {
      if (acc.length === k) {
        out.push(acc.slice());
        return;
      }
      for (let i = start; i <= n - (k - acc.length); i++) {
        acc.push(i);
        pick(i + 1, acc);
        acc.pop();
      }
    };
    pick(0, []);
    return out;
  }
  const rng = new Rng(seed);
  const all = Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: max }, () => rng.sample(all, k).sort((a, b) => a - b));
}

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1);
  return Math.round(c);
}
