import type { TopLevelSpec } from 'vega-lite';
import type { CurvePoint } from '../analysis/curves.js';
import { compareStrata } from '../analysis/curves.js';
import type { SchedulerArm } from '../analysis/scheduler.js';
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

/** What the marks of a curve chart mean, in its legend. */
const ALL_ITEMS = 'all items';
const BEST = 'best budget';
/** A ring as a filled SVG path (outer circle, inner circle wound the other way). */
const RING =
  'M -1 0 A 1 1 0 1 0 1 0 A 1 1 0 1 0 -1 0 Z M -0.78 0 A 0.78 0.78 0 1 1 0.78 0 A 0.78 0.78 0 1 1 -0.78 0 Z';
const SCHEDULER = 'reasoning scheduler';

/**
 * Score against mean realized reasoning tokens, one panel per model (like the paper's figures): the
 * all-items curve with its 95% CI bars, the best budget ringed when the curve falls from it, and each
 * scheduler arm as a diamond. Every mark is in the legend. Strata have their own small multiples
 * (`strataChartSpec`), rather than six lines in near-identical colours on top of each other.
 */
export function panelChartSpec(points: CurvePoint[], o: ChartOptions): TopLevelSpec {
  const pts = points.filter(
    (p) => p.stratum === 'all' && p.n > 0 && Number.isFinite(p.score) && p.budget !== 'natural',
  );
  const values: Record<string, unknown>[] = pts.map((p) => ({
    kind: 'fixed',
    series: ALL_ITEMS,
    model: p.model,
    budget: String(p.budget),
    ...curveValue(p),
  }));
  for (const a of o.scheduler ?? []) {
    if (a.n === 0 || !Number.isFinite(a.score)) continue;
    values.push({
      kind: 'scheduler',
      series: SCHEDULER,
      model: a.model,
      ...curveValue(a),
      probeTokens: a.meanProbeTokens ?? 0,
      label: 'scheduler',
    });
  }
  for (const b of o.best ?? []) {
    if (b.n === 0 || !Number.isFinite(b.score)) continue;
    values.push({
      kind: 'best',
      series: BEST,
      model: b.model,
      ...curveValue(b),
      label: `best (${b.budget})`,
    });
  }
  const models = [...new Set(values.map((v) => v.model as string))];
  const x = tokenAxis(values);
  const y = scoreY(o.yTitle, o.shareAxis, values);
  const present = [ALL_ITEMS, BEST, SCHEDULER].filter((k) => values.some((v) => v.series === k));
  const legend = {
    field: 'series',
    type: 'nominal' as const,
    title: null,
    scale: {
      domain: present,
      range: present.map((k) => (k === SCHEDULER ? SCHEDULER_COLOUR : '#111111')),
    },
    legend: { orient: 'bottom' as const, direction: 'vertical' as const },
  };
  // Colour and shape share the field, so the legend is one list whose symbols look like the marks:
  // a line, a ring, a red diamond (the ring is a filled shape, as legend symbols are filled).
  const shape = {
    ...legend,
    scale: {
      domain: present,
      range: present.map((k) => (k === ALL_ITEMS ? 'stroke' : k === BEST ? RING : 'diamond')),
    },
  };
  const layer: object[] = [
    {
      transform: [{ filter: "datum.kind === 'fixed'" }],
      layer: ciLineLayers(x, y, legend, {
        strokeWidth: { value: 3 },
        tooltip: [
          { field: 'model' },
          { field: 'budget', title: 'requested budget' },
          { field: 'tokens', format: '.0f', title: 'mean reasoning tokens' },
          { field: 'score', format: '.3f' },
          { field: 'lo', format: '.3f', title: '95% CI low' },
          { field: 'hi', format: '.3f', title: '95% CI high' },
          { field: 'n' },
        ],
      }),
    },
    ...(values.some((v) => v.kind === 'scheduler')
      ? [
          {
            transform: [{ filter: "datum.kind === 'scheduler'" }],
            layer: schedulerLayers(x, y, { color: legend, shape }),
          },
        ]
      : []),
    ...(values.some((v) => v.kind === 'best')
      ? [
          {
            transform: [{ filter: "datum.kind === 'best'" }],
            layer: bestLayers(x, y, { color: legend, shape }),
          },
        ]
      : []),
  ];
  return {
    ...baseSpec(o.title, o.simulated, 'all items · bars: 95% confidence intervals'),
    data: { values },
    ...modelFacet(models),
    spec: { width: models.length > 1 ? 320 : 560, height: 280, layer },
  } as TopLevelSpec;
}

/**
 * Small multiples, one panel per stratum (e.g. 1–5 distractors), on shared axes: each model's curve
 * in its own colour with its 95% CI bars, and the all-items curve as a grey dashed reference in every
 * panel, so a stratum that declines faster than the whole stands out. Undefined without strata.
 */
export function strataChartSpec(
  points: CurvePoint[],
  o: Omit<ChartOptions, 'scheduler' | 'best'>,
): TopLevelSpec | undefined {
  const pts = points.filter((p) => p.n > 0 && Number.isFinite(p.score) && p.budget !== 'natural');
  const strata = [...new Set(pts.map((p) => p.stratum))].filter((s) => s !== 'all').sort(compareStrata);
  if (strata.length === 0) return undefined;
  const models = [...new Set(pts.map((p) => p.model))];
  const reference = `${ALL_ITEMS} (reference)`;
  const values: Record<string, unknown>[] = pts.flatMap((p) => {
    const base = { model: p.model, budget: String(p.budget), ...curveValue(p) };
    return p.stratum === 'all'
      ? strata.map((st) => ({
          ...base,
          stratum: st,
          series: models.length > 1 ? `${p.model}: ${reference}` : reference,
          ref: true,
        }))
      : [{ ...base, stratum: p.stratum, series: p.model, ref: false }];
  });
  const x = tokenAxis(values, 'reasoning tokens (mean, log)');
  const y = scoreY(o.yTitle, o.shareAxis, values);
  const series = [...models, ...(models.length > 1 ? models.map((m) => `${m}: ${reference}`) : [reference])];
  const colours = models.map((_, i) => MODEL_COLOURS[i % MODEL_COLOURS.length]);
  const color = {
    field: 'series',
    type: 'nominal' as const,
    title: null,
    scale: {
      domain: series,
      // Each model's reference line in a pale tint of its colour; grey when there is one model.
      range: [
        ...colours,
        ...(models.length > 1 ? models.map((_, i) => MODEL_TINTS[i % MODEL_TINTS.length]) : ['#9a9a9a']),
      ],
    },
    legend: {
      orient: 'bottom' as const,
      direction: 'vertical' as const,
      labelLimit: 480,
      symbolType: 'stroke',
      symbolStrokeWidth: 3,
      // The reference line is dashed in the legend as on the plot.
      symbolDash: { expr: "indexof(datum.value, 'reference') >= 0 ? [5, 3] : []" },
    },
  };
  const tooltip = [
    { field: 'stratum' },
    { field: 'model' },
    { field: 'budget', title: 'requested budget' },
    { field: 'tokens', format: '.0f', title: 'mean reasoning tokens' },
    { field: 'score', format: '.3f' },
    { field: 'n' },
  ];
  return {
    ...baseSpec(
      `${o.title} by stratum`,
      o.simulated,
      'one panel per stratum · bars: 95% confidence intervals',
    ),
    data: { values },
    facet: { field: 'stratum', type: 'nominal', title: null, sort: strata },
    columns: Math.min(3, strata.length),
    spec: {
      width: 240,
      height: 170,
      layer: [
        {
          transform: [{ filter: 'datum.ref' }],
          mark: { type: 'line', strokeDash: [5, 3], strokeWidth: 2, clip: true },
          encoding: { x, y, color, detail: { field: 'model' }, tooltip },
        },
        {
          transform: [{ filter: '!datum.ref' }],
          layer: ciLineLayers(x, y, color, { strokeWidth: { value: 2.5 }, tooltip }),
        },
      ],
    },
  } as TopLevelSpec;
}

/** Colour-blind-safe colours (Okabe & Ito) that stay apart on screen and in print, one per model. */
export const MODEL_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];
/** The same colours halfway to white, for each model's all-items reference line. */
const MODEL_TINTS = ['#80b9d9', '#eaaf80', '#80ceb9', '#e6bcd3', '#f3d280', '#abdaf4', '#808080'];

/** The scheduler arm: a red diamond with its CI and a label, at its mean reasoning tokens. */
function schedulerLayers(x: object, y: ReturnType<typeof scoreY>, marks: object): object[] {
  return [
    {
      mark: { type: 'rule' as const, color: SCHEDULER_COLOUR, strokeWidth: 2, clip: true },
      encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' } },
    },
    {
      mark: { type: 'point' as const, size: 170, filled: true, opacity: 1, clip: true },
      encoding: {
        x,
        y,
        ...marks,
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
      mark: { type: 'text' as const, dy: -14, color: SCHEDULER_COLOUR, font: FONT, fontSize: TEXT_PX },
      encoding: { x, y, text: { field: 'label' } },
    },
  ];
}

export const SCHEDULER_COLOUR = '#c0392b';

/** The best budget of a curve that falls from it: a ring around its all-items point, labelled. */
function bestLayers(x: object, y: ReturnType<typeof scoreY>, marks: object): object[] {
  return [
    {
      mark: { type: 'point' as const, size: 420, filled: true, opacity: 0.85, clip: true },
      encoding: { x, y, ...marks, tooltip: [{ field: 'label' }, { field: 'score', format: '.3f' }] },
    },
    {
      mark: {
        type: 'text' as const,
        dy: -22,
        font: FONT,
        fontSize: TEXT_PX,
        fontWeight: 'bold' as const,
        color: '#111111',
      },
      encoding: { x, y, text: { field: 'label' } },
    },
  ];
}

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
