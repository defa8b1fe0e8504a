/**
 * Calibration of the replay findings on simulated ground truth (docs/methods.md, "Early-exit replay").
 * For each sim profile: `--reps` in-memory sweeps (fresh items each time) are replayed exactly as
 * `overthink replay` replays a sim model, and each finding's 95% interval is checked against the
 * simulator's own truth for the population of items (20,000 fresh traces read from sim/trace.ts
 * directly, not through the replay). Prints each finding's truth, mean estimate and coverage.
 *
 *   nice node --import tsx scripts/replay-calibration.ts --reps 200 --items 150 --trials 2
 */
import type { Interval } from '../src/analysis/clustered.js';
import { computeCurves } from '../src/analysis/curves.js';
import { analyseReplay, type ReplayGroup } from '../src/analysis/replay.js';
import { type SimRunSpec, simRequest, simulateRunData } from '../src/analysis/synthetic.js';
import { withSimReplay } from '../src/analysis/synthetic-replay.js';
import { SIM_PROFILES, type SimProfile } from '../src/providers/sim/profiles.js';
import { simulate } from '../src/providers/sim/provider.js';
import { simTrace } from '../src/providers/sim/trace.js';
import { type Checkpoints, checkpointsOf, parseAt } from '../src/run/checkpoints.js';
import { scoreSample } from '../src/score/score.js';
import type { Item } from '../src/tasks/types.js';

export const FINDINGS = {
  endAccuracy: (g: ReplayGroup) => g.endAccuracy,
  oracleAccuracy: (g: ReplayGroup) => g.oracle.accuracy,
  oracleTokens: (g: ReplayGroup) => g.oracle.meanTokens,
  rightBeforeEnd: (g: ReplayGroup) => g.rightBeforeEnd,
  rightInFirstHalf: (g: ReplayGroup) => g.rightInFirstHalf,
  hadItAndLostIt: (g: ReplayGroup) => g.hadItAndLostIt,
  firstRightTokens: (g: ReplayGroup) => g.firstRightTokens,
} satisfies Record<string, (g: ReplayGroup) => Interval>;
export type Finding = keyof typeof FINDINGS;

export function itemsOf(prefix: string, n: number): Item[] {
  return Array.from({ length: n }, (_, i) => ({
    taskId: 'calibration',
    itemId: `${prefix}-${i}`,
    prompt: 'How many?',
    target: { kind: 'number' as const, value: 7, tolerance: 0 },
    strata: {},
  }));
}

/** The population value of each finding, from `n` fresh traces read straight from the simulator. */
export function truthOf(profile: SimProfile, budget: number, c: Checkpoints, n: number, seed: number) {
  const spec: SimRunSpec = { profile, items: itemsOf(`truth${seed}`, n), budgets: [budget], trials: 1, seed };
  let end = 0;
  let ever = 0;
  let before = 0;
  let half = 0;
  let lost = 0;
  let oracleTok = 0;
  let firstTok = 0;
  for (const item of spec.items) {
    const req = simRequest(spec, item, budget, 0);
    const trace = simTrace(profile, req);
    // The end is the stored answer: the trace's last point, as the simulator writes it (now and then
    // without tags, or cut off), read by the scorer.
    const stored = simulate(profile, req, 'none');
    const endRight = scoreSample({ text: stored.text, stopReason: stored.stopReason, error: null }, item.target).correct;
    const seq = [
      ...checkpointsOf(c, trace.tokens).map((p) => ({ at: p.at, right: trace.rightAt(p.at) })),
      { at: trace.tokens, right: endRight },
    ];
    const last = seq[seq.length - 1];
    const first = seq.find((p) => p.right);
    const anyProbe = seq.slice(0, -1).some((p) => p.right);
    end += last.right ? 1 : 0;
    ever += first ? 1 : 0;
    before += anyProbe ? 1 : 0;
    half += first && first.at <= trace.tokens / 2 ? 1 : 0;
    lost += anyProbe && !last.right ? 1 : 0;
    oracleTok += first ? first.at : trace.tokens;
    firstTok += first ? first.at : 0;
  }
  return {
    endAccuracy: end / n,
    oracleAccuracy: ever / n,
    oracleTokens: oracleTok / n,
    rightBeforeEnd: before / n,
    rightInFirstHalf: half / n,
    hadItAndLostIt: lost / n,
    firstRightTokens: firstTok / ever,
  } satisfies Record<Finding, number>;
}

/** One replicated sweep's findings. */
export async function replayOnce(
  profile: SimProfile,
  budget: number,
  c: Checkpoints,
  items: number,
  trials: number,
  seed: number,
): Promise<ReplayGroup> {
  const spec: SimRunSpec = { profile, items: itemsOf(`rep${seed}`, items), budgets: [budget], trials, seed };
  const data = await withSimReplay(simulateRunData(spec), spec, budget, c);
  return analyseReplay(data, computeCurves(data), [])[0];
}

async function main() {
  const arg = (name: string, dflt: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : dflt;
  };
  const reps = Number(arg('reps', '200'));
  const items = Number(arg('items', '150'));
  const trials = Number(arg('trials', '2'));
  const budget = Number(arg('budget', '16384'));
  const c = parseAt(arg('at', '256,512,1024,2048,4096,8192'));
  for (const name of arg('profiles', 'peaked,inverse,dip,flat').split(',')) {
    const profile = SIM_PROFILES[name];
    const truth = truthOf(profile, budget, c, 20_000, 1);
    const hits = Object.fromEntries(Object.keys(FINDINGS).map((k) => [k, 0])) as Record<Finding, number>;
    const sums = { ...hits };
    for (let r = 0; r < reps; r++) {
      const g = await replayOnce(profile, budget, c, items, trials, 1000 + r);
      for (const [k, f] of Object.entries(FINDINGS) as [Finding, (g: ReplayGroup) => Interval][]) {
        const i = f(g);
        sums[k] += i.estimate;
        if (i.lo <= truth[k] && truth[k] <= i.hi) hits[k]++;
      }
    }
    console.log(`sim:${name} · budget ${budget} · ${reps} sweeps of ${items} items × ${trials} trials`);
    for (const k of Object.keys(FINDINGS) as Finding[])
      console.log(
        `  ${k.padEnd(18)} truth ${truth[k].toFixed(4).padStart(10)}  mean estimate ${(sums[k] / reps).toFixed(4).padStart(10)}  coverage ${((hits[k] / reps) * 100).toFixed(1)}%`,
      );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
