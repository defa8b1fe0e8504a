import { hashKey } from '../core/sample-key.js';
import { simulateReplay } from '../providers/sim/replay.js';
import { type Checkpoints, checkpointsOf } from '../run/checkpoints.js';
import type { ReplayProbeRow } from '../store/replay.js';
import type { RunData } from './samples.js';
import { type SimRunSpec, simRequest } from './synthetic.js';

/**
 * The replay arm of an in-memory sim run (synthetic.ts): every trace at `budget` re-entered by the
 * same replay the CLI runs on a sim model, its probes attached to the data as the store would hold
 * them. For calibration and tests that need many replays with known truth (sim/trace.ts).
 */
export async function withSimReplay(
  data: RunData,
  spec: SimRunSpec,
  budget: number,
  checkpoints: Checkpoints,
  probeTokens = 32,
): Promise<RunData> {
  const byKey = new Map(data.samples.map((s) => [s.key, s]));
  const rows: ReplayProbeRow[] = [];
  for (let trial = 0; trial < spec.trials; trial++)
    for (const item of spec.items) {
      const req = simRequest(spec, item, budget, trial);
      const key = hashKey(data.run.id, req.key);
      const s = byKey.get(key);
      if (!s || s.reasoningTokens <= 0) continue;
      const marks = checkpointsOf(checkpoints, s.reasoningTokens);
      const markAt = new Map(marks.map((c) => [c.at, c.mark]));
      const res = await simulateReplay(spec.profile, {
        ...req,
        thought: '',
        thoughtTokens: s.reasoningTokens,
        checkpoints: marks.map((c) => c.at),
        probeTokens,
      });
      for (const p of res.probes)
        rows.push({
          run_id: data.run.id,
          sample_key: key,
          mark: markAt.get(p.at) ?? String(p.at),
          at: p.at,
          reached: p.reached,
          tokens: p.tokens,
          stop_reason: p.stopReason,
          error: null,
          note: null,
          finished_at: '',
          text: p.text,
        });
    }
  return { ...data, replay: rows };
}
