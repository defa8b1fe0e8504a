import type { TopLevelSpec } from 'vega-lite';
import type { CurvePoint } from '../analysis/curves.js';
import type { SchedulerArm } from '../analysis/scheduler.js';
import { isSchedulerVariant } from '../mitigate/scheduler.js';
import { baseSpec, tickValues } from './charts.js';

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
    tokens: Number.isFinite(p.meanTokens) ? p.meanTokens : 0,
    score: p.score,
    lo: p.lo,
    hi: p.hi,
    n: p.n,
  }));
  for (const a of scheduler) {
    if (a.n === 0 || !Number.isFinite(a.score) || !arms.includes(a.baseVariant)) continue;
    values.push({
      kind: 'scheduler',
      model: a.model,
      arm: a.baseVariant,
      budget: 'scheduler',
      tokens: Number.isFinite(a.meanTokens) ? a.meanTokens : 0,
      score: a.score,
      lo: a.lo,
      hi: a.hi,
      n: a.n,
    });
  }
  const models = [...new Set(values.map((v) => v.model as string))];
  const x = {
    field: 'tokens',
    type: 'quantitative' as const,
    title: 'mean realized reasoning tokens (symlog scale)',
    scale: { type: 'symlog' as const, constant: 64 },
    axis: {
      values: tickValues(values.map((v) => v.tokens as number)),
      labelExpr: "datum.value >= 1024 ? (datum.value / 1024) + 'k' : datum.value",
    },
  };
  const yScale = o.shareAxis ? { zero: false, domainMax: 1 } : { zero: true };
  const y = { field: 'score', type: 'quantitative' as const, scale: yScale, title: o.yTitle };
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
      layer: [
        {
          mark: { type: 'rule', opacity: 0.5 },
          encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color },
        },
        { mark: { type: 'line', point: true }, encoding: { x, y, color, tooltip } },
      ],
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
    facet: { field: 'model', type: 'nominal', title: null, sort: models },
    columns: Math.min(3, Math.max(1, models.length)),
    spec: { width: models.length > 1 ? 300 : 520, height: 260, layer },
  } as TopLevelSpec;
}

/** 'paper' before 'paper+4shot' before 'paper+16shot'. */
function byShots(a: string, b: string): number {
  const shots = (v: string) => Number(/\+(\d+)shot$/.exec(v)?.[1] ?? 0);
  return shots(a) - shots(b) || a.localeCompare(b);
}
