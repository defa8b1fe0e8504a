import type { TopLevelSpec } from 'vega-lite';
import type { CurvePoint } from '../analysis/curves.js';
import { compareStrata } from '../analysis/curves.js';
import type { SchedulerArm } from '../analysis/scheduler.js';
import { metricLabel } from '../tasks/metrics.js';

export const FONT = 'DejaVu Sans';

/** Shared look: white background, the bundled font (so PNGs render the same everywhere). */
export function baseSpec(
  title: string,
  simulated: boolean,
): Pick<TopLevelSpec, '$schema' | 'background' | 'config'> & {
  title: { text: string; subtitle?: string; font: string; fontSize: number };
} {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: simulated ? `${title} — SIMULATED MODEL` : title,
      ...(simulated ? { subtitle: 'simulated data from a sim:* model, not a real model' } : {}),
      font: FONT,
      fontSize: 14,
    },
    background: 'white',
    config: {
      font: FONT,
      axis: { labelFont: FONT, titleFont: FONT },
      legend: { labelFont: FONT, titleFont: FONT, symbolOpacity: 1 },
      header: { labelFont: FONT, titleFont: FONT, labelFontSize: 12 },
    },
  };
}

export interface ChartOptions {
  title: string;
  simulated: boolean;
  yTitle: string;
  /** Error metrics: lower is better, so the y axis is not a share. */
  shareAxis: boolean;
  /** Scheduler arms of the same task and anchoring arm: drawn as one labelled point each. */
  scheduler?: SchedulerArm[];
  /** All-items points to ring and label as the best budget (a curve that falls from it). */
  best?: CurvePoint[];
}

/** The metric's name and which way is worse, e.g. "matching-behaviour rate · higher is worse". */
export function yTitleFor(metric: CurvePoint['metric'], taskId: string): string {
  return metricLabel(metric, taskId);
}

/**
 * Score against mean realized reasoning tokens, one panel per model (like the paper's figures):
 * one line per stratum on an ordered colour scale, plus a thick black all-items line, with 95% CI
 * bars. The x axis is symmetric-log so budget 0 (no reasoning) sits at the left edge of an
 * otherwise logarithmic axis.
 */
export function panelChartSpec(points: CurvePoint[], o: ChartOptions): TopLevelSpec {
  const pts = points.filter((p) => p.n > 0 && Number.isFinite(p.score) && p.budget !== 'natural');
  const strata = [...new Set(pts.map((p) => p.stratum))].filter((s) => s !== 'all').sort(compareStrata);
  const values: Record<string, unknown>[] = pts.map((p) => ({
    kind: 'fixed',
    model: p.model,
    stratum: p.stratum === 'all' ? 'all items' : p.stratum,
    all: p.stratum === 'all',
    budget: String(p.budget),
    ...curveValue(p),
  }));
  for (const a of o.scheduler ?? []) {
    if (a.n === 0 || !Number.isFinite(a.score)) continue;
    values.push({
      kind: 'scheduler',
      model: a.model,
      ...curveValue(a),
      probeTokens: a.meanProbeTokens ?? 0,
      label: 'scheduler',
    });
  }
  for (const b of o.best ?? []) {
    if (b.n === 0 || !Number.isFinite(b.score)) continue;
    values.push({ kind: 'best', model: b.model, ...curveValue(b), label: `best (${b.budget})` });
  }
  const models = [...new Set(values.map((v) => v.model as string))];
  const x = tokensX(
    values.map((v) => v.tokens as number),
    { labelFlush: false },
  );
  const y = scoreY(o.yTitle, o.shareAxis);
  const color = {
    field: 'stratum',
    type: 'ordinal' as const,
    title: 'stratum',
    sort: ['all items', ...strata],
    scale: {
      domain: ['all items', ...strata],
      range: ['#111111', ...strataColours(strata.length)],
    },
  };
  const fixedLayers = ciLineLayers(x, y, color, {
    strokeWidth: { condition: { test: 'datum.all', value: 3.5 }, value: 1.5 },
    tooltip: [
      { field: 'model' },
      { field: 'stratum' },
      { field: 'budget', title: 'requested budget' },
      { field: 'tokens', format: '.0f', title: 'mean reasoning tokens' },
      { field: 'score', format: '.3f' },
      { field: 'n' },
    ],
  });
  // The scheduler's point and the best ring are drawn only when there are some, so plain charts keep
  // their old spec.
  const extra = [
    ...(values.some((v) => v.kind === 'scheduler')
      ? [{ transform: [{ filter: "datum.kind === 'scheduler'" }], layer: schedulerLayers(x, y) }]
      : []),
    ...(values.some((v) => v.kind === 'best')
      ? [{ transform: [{ filter: "datum.kind === 'best'" }], layer: bestLayers(x, y) }]
      : []),
  ];
  const layer = extra.length
    ? [{ transform: [{ filter: "datum.kind === 'fixed'" }], layer: fixedLayers }, ...extra]
    : fixedLayers;
  return {
    ...baseSpec(o.title, o.simulated),
    data: { values },
    ...modelFacet(models),
    spec: { width: models.length > 1 ? 300 : 560, height: 280, layer },
  } as TopLevelSpec;
}

/** The scheduler arm: a red diamond with its CI and a label, at its mean reasoning tokens. */
function schedulerLayers(x: object, y: ReturnType<typeof scoreY>): object[] {
  return [
    {
      mark: { type: 'rule' as const, color: SCHEDULER_COLOUR, strokeWidth: 2 },
      encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' } },
    },
    {
      mark: {
        type: 'point' as const,
        shape: 'diamond',
        size: 160,
        filled: true,
        opacity: 1,
        color: SCHEDULER_COLOUR,
      },
      encoding: {
        x,
        y,
        tooltip: [
          { field: 'model' },
          { field: 'label', title: 'arm' },
          { field: 'tokens', format: '.0f', title: 'mean reasoning tokens' },
          { field: 'probeTokens', format: '.0f', title: 'mean probe tokens' },
          { field: 'score', format: '.3f' },
          { field: 'n' },
        ],
      },
    },
    {
      mark: { type: 'text' as const, dy: -12, color: SCHEDULER_COLOUR, font: FONT, fontSize: 11 },
      encoding: { x, y, text: { field: 'label' } },
    },
  ];
}

export const SCHEDULER_COLOUR = '#c0392b';

/** The best budget of a curve that falls from it: a ring around its all-items point, labelled. */
function bestLayers(x: object, y: ReturnType<typeof scoreY>): object[] {
  return [
    {
      mark: {
        type: 'point' as const,
        shape: 'circle',
        size: 420,
        filled: false,
        strokeWidth: 2,
        color: '#111111',
      },
      encoding: { x, y, tooltip: [{ field: 'label' }, { field: 'score', format: '.3f' }] },
    },
    {
      mark: {
        type: 'text' as const,
        dy: -20,
        font: FONT,
        fontSize: 11,
        fontWeight: 'bold' as const,
        color: '#111111',
      },
      encoding: { x, y, text: { field: 'label' } },
    },
  ];
}

/** A sequential ramp (light to dark blue-purple) for ordered strata such as 1–5 distractors. */
export function strataColours(k: number): string[] {
  const ramp = ['#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#08519c', '#54278f', '#3f007d'];
  if (k <= 0) return [];
  if (k === 1) return [ramp[3]];
  return Array.from({ length: k }, (_, i) => ramp[Math.round((i * (ramp.length - 1)) / (k - 1))]);
}

/**
 * Powers of two (and 0) spanning the data, so the symlog axis is labelled like budgets are
 * (1k = 1,024). Small powers are dropped when the data reach far enough that they would crowd.
 */
export function tickValues(tokens: number[]): number[] {
  const max = Math.max(1, ...tokens);
  const ticks = [0];
  for (let t = max > 4096 ? 1024 : 256; t <= max * 1.5; t *= 2) ticks.push(t);
  return ticks.length > 8 ? ticks.filter((t, i) => t === 0 || i % 2 === 1) : ticks;
}

/** A curve point's plotted fields: mean reasoning tokens (0 when unknown), score and its 95% CI. */
export function curveValue(p: { meanTokens: number; score: number; lo: number; hi: number; n: number }) {
  return {
    tokens: Number.isFinite(p.meanTokens) ? p.meanTokens : 0,
    score: p.score,
    lo: p.lo,
    hi: p.hi,
    n: p.n,
  };
}

/**
 * A symmetric-log token scale, so budget 0 (no reasoning) sits at the edge of an otherwise
 * logarithmic axis, ticked at powers of two labelled like budgets (1k = 1,024).
 */
export function tokenScale(title: string, tokens: number[], axis: object = {}) {
  return {
    type: 'quantitative' as const,
    title,
    scale: { type: 'symlog' as const, constant: 64 },
    axis: {
      values: tickValues(tokens),
      labelExpr: "datum.value >= 1024 ? (datum.value / 1024) + 'k' : datum.value",
      ...axis,
    },
  };
}

/** The x axis of every score-against-tokens chart: mean realized reasoning tokens of each point. */
export function tokensX(tokens: number[], axis: object = {}) {
  return { field: 'tokens', ...tokenScale('mean realized reasoning tokens (symlog scale)', tokens, axis) };
}

/** The score axis: a share up to 1, or an error from 0 (lower is better). */
export function scoreY(title: string, shareAxis: boolean) {
  return {
    field: 'score',
    type: 'quantitative' as const,
    scale: shareAxis ? { zero: false, domainMax: 1 } : { zero: true },
    title,
  };
}

/** A curve with its 95% CI: a faint rule from lo to hi under a line with points. */
export function ciLineLayers(x: object, y: object, color: object, line: object): object[] {
  return [
    {
      mark: { type: 'rule' as const, opacity: 0.5 },
      encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color },
    },
    { mark: { type: 'line' as const, point: true }, encoding: { x, y, color, ...line } },
  ];
}

/** One panel per model (in the order given), at most three to a row. */
export function modelFacet(models: string[]) {
  return {
    facet: { field: 'model', type: 'nominal' as const, title: null, sort: models },
    columns: Math.min(3, Math.max(1, models.length)),
  };
}

/** Budget labels ('0', '1024', 'natural'), each once, in budget order. */
export function budgetLabelsInOrder(labels: Iterable<string>): string[] {
  const order = (l: string) => (l === 'natural' ? Number.POSITIVE_INFINITY : Number(l));
  return [...new Set(labels)].sort((a, b) => order(a) - order(b));
}
