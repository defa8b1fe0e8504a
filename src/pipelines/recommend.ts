import { computeCurves } from '../analysis/curves.js';
import { loadRunData } from '../analysis/samples.js';
import { analyseShapes, declineFromBest, type Shape } from '../analysis/shape.js';
import { DEFAULT_RULES } from '../mitigate/gate-rules.js';
import type { BudgetPolicy } from '../mitigate/policy.js';
import { recommend } from '../mitigate/recommend.js';
import { armPrompt } from '../prompts/anchoring.js';
import { describeOrigin } from '../run/origin.js';
import { openStore } from '../store/open.js';
import { isShareMetric } from '../tasks/metrics.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { UserError } from '../util/errors.js';

export interface RecommendOptions {
  /** The store file (SQLite). */
  db: string;
  /** A run id or name; default: the store's latest run. */
  run?: string;
  /** Which model of the run; default: its only model. */
  model?: string;
  /** Tolerance: accuracy points as a share (0.01 = 1 point), or error units. Default 0.01. */
  epsilon?: number;
  /** Where to write the policy JSON, if anywhere. */
  out?: string;
}

/** A budget policy as `recommend` writes it: simulated runs and imported ones say so. */
export type RecommendedPolicy = BudgetPolicy & { simulated: boolean; source?: string };

export interface Recommendation {
  policy: RecommendedPolicy;
  /** Per task: what the gate's no-decline-from-best says about the same best budget. */
  fromBest: Record<string, string>;
  files: string[];
}

/**
 * store → curves → shapes → policy: per task, the best budget and the smallest within epsilon of it,
 * for one model of a stored run. Writes the policy JSON where asked.
 */
export function recommendBudgets(o: RecommendOptions): Recommendation {
  const db = openStore(o.db, { readonly: true });
  try {
    const data = loadRunData(db, o.run, { tags: false, excerptChars: 0 });
    const models = [...new Set(data.samples.map((s) => s.model))];
    const model = o.model ?? (models.length === 1 ? models[0] : undefined);
    if (!model)
      throw new UserError(
        `run ${data.run.id} has several models (${models.join(', ')}): choose one with --model`,
      );
    if (!models.includes(model))
      throw new UserError(`--model: '${model}' is not in run ${data.run.id} (${models.join(', ')})`);
    const curves = computeCurves(data);
    const base = recommend(curves, { model, run: data.run.id, epsilon: o.epsilon ?? 0.01 });
    const shapes = analyseShapes(data, curves).filter(
      (x) => x.model === model && x.stratum === 'all' && x.variant === armPrompt(x.variant),
    );
    if (Object.keys(base.tasks).length === 0)
      throw new UserError(`run ${data.run.id} has no budgeted samples to recommend from`);
    const source = data.origin ? describeOrigin(data.origin) : undefined;
    const policy: RecommendedPolicy = { ...base, simulated: data.simulated, ...(source ? { source } : {}) };
    const files: string[] = [];
    if (o.out) {
      writeFileAtomic(o.out, `${JSON.stringify(policy, null, 2)}\n`, 'the policy');
      files.push(o.out);
    }
    const fromBest = Object.fromEntries(
      Object.entries(base.tasks).flatMap(([task, t]) => {
        const sh = shapes.find((x) => x.taskId === task && x.best.budget === t.best.budget);
        return sh ? [[task, fromBestLine(sh)]] : [];
      }),
    );
    return { policy, fromBest, files };
  } finally {
    db.close();
  }
}

/** What the gate's no-decline-from-best (default tolerance) says about the same best budget. */
function fromBestLine(s: Shape): string {
  const rule = DEFAULT_RULES.find((r) => r.rule === 'no-decline-from-best');
  const eps = rule && 'epsilon' in rule ? rule.epsilon : 0.02;
  const d = declineFromBest(s);
  const v = (x: number) => (isShareMetric(s.metric) ? `${(x * 100).toFixed(1)} pts` : x.toFixed(3));
  if (!d || s.best.budget === s.last.budget)
    return `the largest budget (${s.last.budget}) is the best: the gate's no-decline-from-best passes`;
  return (
    `the largest budget (${s.last.budget}) is ${v(d.decline)} worse than the best (simultaneous 95% lower bound ${v(d.lower)}): ` +
    `the gate's no-decline-from-best (tolerance ${v(eps)}) ${d.lower > eps ? 'FAILS' : 'passes'} on this run`
  );
}
