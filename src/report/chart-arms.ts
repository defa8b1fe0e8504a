import type { TopLevelSpec } from 'vega-lite';
import type { CurvePoint } from '../analysis/curves.js';
import type { SchedulerArm } from '../analysis/scheduler.js';
import { isSchedulerVariant } from '../core/scheduler.js';
import { baseSpec, ciLineLayers, curveValue, modelFacet, scoreY, tokenAxis } from './charts.js';

/**
 * The experiment arms of one task side by side: the all-items curve of each prompt arm (plain and
 * every anchoring arm, e.g. 'paper+8shot') on one chart per model, so "does anchoring remove the
 * decline?" is read off one picture; each scheduler arm is a diamond in its prompt arm's colour.
 * Undefined when the task has a single prompt arm.
 */
export function armsChartSpec(
  curves: CurvePoint[],
  scheduler: SchedulerArm[],
  o: { title: string; simulated: boolean; yTitle: string; shareAxis: boolean },
): TopLevelSpec | undefined {
  const pts = curves.filter(
    (p) =>
      p.stratum === 'all' &&
      !isSchedulerVariant(p.variant) &&
      p.budget !== 'natural' &&
      p.n > 0 &&
      Number.isFinite(p.score),
  );
  const arms = [...new Set(pts.map((p) => p.variant))].sort(byShots);
  if (arms.length < 2) return undefined;
  const values: Record<string, unknown>[] = pts.map((p) => ({
    kind: 'fixed',
    model: p.model,
    arm: p.variant,
    budget: String(p.budget),
    ...curveValue(p),
  }));
  for (const a of scheduler) {
    if (a.n === 0 || !Number.isFinite(a.score) || !arms.includes(a.baseVariant)) continue;
    values.push({
      kind: 'scheduler',
      model: a.model,
      arm: a.baseVariant,
      budget: 'scheduler',
      ...curveValue(a),
    });
  }
  const models = [...new Set(values.map((v) => v.model as string))];
  const x = tokenAxis(values);
  const y = scoreY(o.yTitle, o.shareAxis, values);
  const color = { field: 'arm', type: 'nominal' as const, title: 'arm', sort: arms };
  const tooltip = [
    { field: 'model' },
    { field: 'arm' },
    { field: 'budget' },
    { field: 'tokens', format: '.0f', title: 'mean reasoning tokens' },
    { field: 'score', format: '.3f' },
    { field: 'n' },
  ];
  const layer: object[] = [
    {
      transform: [{ filter: "datum.kind === 'fixed'" }],
      layer: ciLineLayers(x, y, color, { tooltip }),
    },
  ];
  if (values.some((v) => v.kind === 'scheduler'))
    layer.push({
      transform: [{ filter: "datum.kind === 'scheduler'" }],
      mark: { type: 'point', shape: 'diamond', size: 160, filled: true, opacity: 1 },
      encoding: { x, y, color, tooltip },
    });
  return {
    ...baseSpec(o.title, o.simulated),
    data: { values },
    ...modelFacet(models),
    spec: { width: models.length > 1 ? 300 : 520, height: 260, layer },
  } as TopLevelSpec;
}

/** 'paper' before 'paper+4shot' before 'paper+16shot'. */
function byShots(a: string, b: string): number {
  const shots = (v: string) => Number(/\+(\d+)shot$/.exec(v)?.[1] ?? 0);
  return shots(a) - shots(b) || a.localeCompare(b);
}
