import type { TopLevelSpec } from 'vega-lite';
import type { CurvePoint } from '../analysis/curves.js';
import { metricLabel } from '../tasks/metrics.js';

export const FONT = 'DejaVu Sans';

/** Every text of a chart is at least this many pixels (axis labels, legends, headers, marks). */
export const TEXT_PX = 12;

/** Shared look: white background, the bundled font (so PNGs render the same everywhere), ≥12 px text. */
export function baseSpec(
  title: string,
  simulated: boolean,
  subtitle?: string,
): Pick<TopLevelSpec, '$schema' | 'background' | 'config'> & {
  title: {
    text: string;
    subtitle?: string | string[];
    font: string;
    fontSize: number;
    subtitleFontSize: number;
  };
} {
  const sub = [
    ...(simulated ? ['simulated data from a sim:* model, not a real model'] : []),
    ...(subtitle ? [subtitle] : []),
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: simulated ? `${title} — SIMULATED MODEL` : title,
      ...(sub.length ? { subtitle: sub.length === 1 ? sub[0] : sub } : {}),
      font: FONT,
      fontSize: 15,
      subtitleFontSize: TEXT_PX,
    },
    background: 'white',
    config: {
      font: FONT,
      axis: { labelFont: FONT, titleFont: FONT, labelFontSize: TEXT_PX, titleFontSize: 13 },
      legend: {
        labelFont: FONT,
        titleFont: FONT,
        symbolOpacity: 1,
        labelFontSize: TEXT_PX,
        titleFontSize: TEXT_PX,
        labelLimit: 320,
      },
      header: { labelFont: FONT, titleFont: FONT, labelFontSize: 13, titleFontSize: 13 },
      text: { fontSize: TEXT_PX },
    },
  };
}

/** The metric's name and which way is worse, e.g. "matching-behaviour rate · higher is worse". */
export function yTitleFor(metric: CurvePoint['metric'], taskId: string): string {
  return metricLabel(metric, taskId);
}

/** Colour-blind-safe colours (Okabe & Ito) that stay apart on screen and in print, one per model. */
export const MODEL_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];

export const SCHEDULER_COLOUR = '#c0392b';

/**
 * Where budget 0 (no reasoning) is drawn on the log token axis: one doubling left of the smallest
 * token count above 0, labelled "0". A symmetric-log axis instead gave the 0–1k stretch, where no
 * point can be, ~40% of the width.
 */
export function zeroTokensAt(tokens: number[]): number {
  return smallestTokens(tokens) / 2;
}

function smallestTokens(tokens: number[]): number {
  const positive = tokens.filter((t) => Number.isFinite(t) && t > 0);
  return positive.length ? Math.max(2, Math.min(...positive)) : 1024;
}

/**
 * Ticks of the log token axis: the 0 position, then powers of two spanning the data (labelled like
 * budgets, 1k = 1,024), every other one when they would crowd.
 */
export function tickValues(tokens: number[]): number[] {
  const zero = zeroTokensAt(tokens);
  const max = Math.max(zero * 2, ...tokens.filter(Number.isFinite));
  // From the power of two nearest the smallest count (a budget of 1024 realized as 950 ticks at 1k).
  const first = 2 ** Math.round(Math.log2(smallestTokens(tokens)));
  const powers: number[] = [];
  for (let t = Math.max(first, 2 ** Math.ceil(Math.log2(zero * 1.5))); t <= max * 1.5; t *= 2) powers.push(t);
  const kept = powers.length > 7 ? powers.filter((_, i) => i % 2 === powers.length % 2) : powers;
  return [zero, ...kept];
}

/**
 * The x encoding of a score-against-tokens chart, on a log₂ scale with budget 0 drawn just left of
 * the data (`zeroTokensAt`). Sets each value's plotted position, `xTokens`, from its `tokens` (kept
 * as they are, for tooltips).
 */
export function tokenAxis(
  values: Record<string, unknown>[],
  title = 'reasoning tokens used (mean, log scale)',
) {
  const tokens = values.map((v) => v.tokens as number);
  const zero = zeroTokensAt(tokens);
  for (const v of values) v.xTokens = Math.max(zero, v.tokens as number);
  const ticks = tickValues(tokens);
  return {
    field: 'xTokens',
    type: 'quantitative' as const,
    title,
    scale: { type: 'log' as const, base: 2, domain: [zero / 1.15, ticks.at(-1)! * 1.12], nice: false },
    axis: {
      values: ticks,
      labelExpr: `datum.value <= ${zero} ? '0' : datum.value >= 1024 ? (datum.value / 1024) + 'k' : datum.value`,
      labelFlush: false,
    },
  };
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
 * A symmetric-log token scale (0 at the edge of an otherwise logarithmic axis), for charts of
 * individual samples, where 0 and small counts are data: the compliance box plots.
 */
export function tokenScale(title: string, tokens: number[], axis: object = {}) {
  const max = Math.max(1, ...tokens);
  const ticks = [0];
  for (let t = max > 4096 ? 1024 : 256; t <= max * 1.5; t *= 2) ticks.push(t);
  return {
    type: 'quantitative' as const,
    title,
    scale: { type: 'symlog' as const, constant: 64 },
    axis: {
      values: ticks.length > 8 ? ticks.filter((t, i) => t === 0 || i % 2 === 1) : ticks,
      labelExpr: "datum.value >= 1024 ? (datum.value / 1024) + 'k' : datum.value",
      ...axis,
    },
  };
}

/**
 * The score axis, spanning every point and its CI (so no bar runs past the plot): a share up to 1,
 * or an error from 0 (lower is better).
 */
export function scoreY(title: string, shareAxis: boolean, values: Record<string, unknown>[] = []) {
  const lows = values.map((v) => v.lo as number).filter(Number.isFinite);
  const lowest = lows.length ? Math.min(...lows) : 0;
  return {
    field: 'score',
    type: 'quantitative' as const,
    scale: shareAxis ? { domain: [Math.max(0, Math.floor(lowest * 20) / 20), 1] } : { zero: true },
    title,
  };
}

/** A curve with its 95% CI: a rule from lo to hi under a line with points, both clipped to the plot. */
export function ciLineLayers(x: object, y: object, color: object, line: object): object[] {
  return [
    {
      mark: { type: 'rule' as const, opacity: 0.55, strokeWidth: 1.5, clip: true },
      encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color },
    },
    { mark: { type: 'line' as const, point: true, clip: true }, encoding: { x, y, color, ...line } },
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
