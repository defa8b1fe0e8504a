import type { SimProfile } from '../providers/sim/profiles.js';
import { simulate } from '../providers/sim/provider.js';
import { simTrace } from '../providers/sim/trace.js';
import { type Checkpoints, checkpointsOf } from '../run/checkpoints.js';
import { scoreSample } from '../score/score.js';
import type { Item } from '../tasks/types.js';
import type { Interval } from './clustered.js';
import { computeCurves } from './curves.js';
import { analyseReplay, type ReplayGroup } from './replay.js';
import { type SimRunSpec, simRequest, simulateRunData } from './synthetic.js';
import { withSimReplay } from './synthetic-replay.js';

/**
 * Replay's findings against the simulator's own truth (docs/methods.md, "Early-exit replay"): the
 * population value of each finding, read from fresh traces straight from sim/trace.ts (not through
 * the replay), and replicated sweeps replayed exactly as `overthink replay` replays a sim model.
 * Used by scripts/replay-calibration.ts and its test.
 */
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
    const endRight = scoreSample(
      { text: stored.text, stopReason: stored.stopReason, error: null },
      item.target,
    ).correct;
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
