import type { TopLevelSpec } from 'vega-lite';
import type { CurvePoint } from '../analysis/curves.js';
import { compareStrata } from '../analysis/curves.js';
import type { SchedulerArm } from '../analysis/scheduler.js';
import {
  baseSpec,
  ciLineLayers,
  curveValue,
  FONT,
  MODEL_COLOURS,
  modelFacet,
  SCHEDULER_COLOUR,
  scoreY,
  TEXT_PX,
  tokenAxis,
} from './charts.js';

/* The curve charts of a task section: score against realized reasoning tokens, per model and per stratum. */
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
