import { type ChangeParts, changeParts, LOSS_NAMES, LOSSES } from '../analysis/breakdown.js';
import type { CurvePoint } from '../analysis/curves.js';
import { type Change, SHAPE_ARROW, type Shape, type ShapeClass } from '../analysis/shape.js';
import { TREND_ARROW, type Trend } from '../analysis/trend.js';
import { budgetLabel } from '../core/budget.js';
import { isShareMetric } from '../tasks/metrics.js';

/** Words for a shape, the verdict's lead, shared by the terminal, the HTML, compare and the demo. */
export const SHAPE_WORDS: Record<ShapeClass, string> = {
  decline: 'gets worse as reasoning grows',
  rise: 'gets better as reasoning grows',
  flat: 'shows no change across budgets',
  peaked: 'peaks at an inner budget, then gets worse',
  dip: 'dips at an inner budget, then recovers',
  noisy: 'changes across budgets, but in no single shape',
  insufficient: 'has too little data for a verdict',
};

export function shapeLabel(s: ShapeClass): string {
  return `${SHAPE_ARROW[s]} ${s}`;
}

type Metricked = { metric: CurvePoint['metric'] };

/** A score as shown: a percentage for shares, three decimals otherwise. */
function score(m: Metricked, x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  return isShareMetric(m.metric) ? `${(x * 100).toFixed(1)}%` : x.toFixed(3);
}

/** A change in score: signed points for shares, signed units otherwise. */
export function amount(m: Metricked, x: number, unit = true): string {
  if (!Number.isFinite(x)) return 'n/a';
  const share = isShareMetric(m.metric);
  const v = share ? x * 100 : x;
  // A bound near 0 keeps a digit more, so "+0.0" never hides which side of 0 it is on.
  const digits = (share ? 1 : 3) + (v !== 0 && Math.abs(v) < (share ? 0.05 : 0.0005) ? 1 : 0);
  const text = `${v < 0 ? '−' : v > 0 ? '+' : ''}${Math.abs(v).toFixed(digits)}`;
  return share && unit ? `${text} pts` : text;
}

/** "−11.9 pts [−15.9, −7.9]" */
export function changeText(m: Metricked, c: Pick<Change, 'diff' | 'lo' | 'hi'>): string {
  return `${amount(m, c.diff)} [${amount(m, c.lo, false)}, ${amount(m, c.hi, false)}]`;
}

/** "of which −11.4 finished wrong, −0.5 truncated at max tokens, …" (share metrics; parts add up). */
export function partsText(m: Metricked, p: ChangeParts | null): string {
  if (!p) return '';
  return `of which ${LOSSES.map((g) => `${amount(m, p.parts[g], false)} ${LOSS_NAMES[g]}`).join(', ')}`;
}

/** The shape's slope with its simultaneous interval. */
export function shapeSlopeText(s: Shape): string {
  const sl = s.slope;
  if (!sl) return 'slope n/a';
  return `slope ${changeText(s, { diff: sl.slope, lo: sl.lo, hi: sl.hi })} per doubling of reasoning tokens`;
}

/** Is `to` worse than `from` (in the metric's direction)? */
function worse(s: Shape, c: Change): boolean {
  return s.higherIsBetter ? c.diff < 0 : c.diff > 0;
}

/**
 * The headline change of a shape, with its parts when it is a loss: from the best budget to the last
 * for an inverted U (and whenever the last is not the best and the shape is not a plain decline),
 * else from the first budget to the last.
 */
export function headline(s: Shape): string {
  const at = (p: CurvePoint) => `${score(s, p.score)} at ${budgetLabel(p.budget)}${levelOf(s, p)}`;
  const useBest = s.fromBest && s.best.budget !== s.last.budget && s.best.budget !== s.first.budget;
  const c = useBest ? s.fromBest : s.endpoints;
  const from = useBest ? s.best : s.first;
  if (!c) return `${s.metricName} ${at(s.first)} → ${at(s.last)}`;
  const parts = worse(s, c) && isShareMetric(s.metric) ? changeParts(from, s.last) : null;
  return (
    `${s.metricName} ${useBest ? 'best ' : ''}${at(from)} → ${at(s.last)}: ${changeText(s, c)} (simultaneous 95%)` +
    (parts ? `, ${partsText(s, parts)}` : '')
  );
}

function levelOf(s: Shape, p: CurvePoint): string {
  if (!s.ladder) return '';
  const l = s.levels[s.order.indexOf(p.budget)];
  if (!l) return '';
  const tokens = Number.isFinite(p.medianTokens)
    ? `${Math.round(p.medianTokens).toLocaleString('en-US')} tokens median`
    : 'tokens unknown';
  return ` (effort ${l}, ${tokens})`;
}

/** For a flat curve: how large a change the data cannot rule out. */
export function flatBound(s: Shape): string {
  return Number.isFinite(s.halfWidth)
    ? `no pair of budgets differs beyond noise; changes up to ±${amount(s, s.halfWidth, true).replace(/^[+−]/, '')} cannot be ruled out`
    : '';
}

/** "paper's Table 1 (0 → 16384): → flat, Δ +0.2 pts": the two-ended class, under its own name. */
export function tableOneText(t: Trend | undefined): string {
  if (!t) return '';
  const delta = Number.isFinite(t.delta)
    ? `, Δ ${amount(t, isShareMetric(t.metric) ? t.delta / 100 : t.delta)}`
    : '';
  return `paper's Table 1 (${budgetLabel(t.from.budget)} → ${budgetLabel(t.to.budget)}): ${TREND_ARROW[t.trend]} ${t.trend}${delta}`;
}

/**
 * One curve's verdict, leading with its shape, in two parts: who and what shape (the HTML sets it in
 * bold), then the numbers.
 */
export function shapeVerdictParts(
  s: Shape,
  t: Trend | undefined,
  simulated: boolean,
): { lead: string; detail: string } {
  const who = `${simulated ? '[simulated model] ' : ''}${s.model} on ${s.taskId}${s.variant !== 'paper' ? ` (${s.variant})` : ''}${s.stratum !== 'all' ? ` [${s.stratum}]` : ''}`;
  const bits = [headline(s)];
  if (s.shape === 'flat') bits.push(flatBound(s));
  bits.push(shapeSlopeText(s));
  const t1 = tableOneText(t);
  if (t1) bits.push(t1);
  if (s.ladder) bits.push('budgets were sent as effort levels: tested in order of realized tokens');
  return {
    lead: `${who}: ${shapeLabel(s.shape)}, ${SHAPE_WORDS[s.shape]}`,
    detail: bits.filter(Boolean).join('; '),
  };
}
