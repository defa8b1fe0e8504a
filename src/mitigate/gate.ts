import { budgetOrder, type CurvePoint } from '../analysis/curves.js';
import type { Trend } from '../analysis/trend.js';
import { metricInfo } from '../tasks/metrics.js';
import type { GateRule } from './gate-rules.js';
import { isSchedulerVariant } from './scheduler.js';

export interface GateCase {
  rule: string;
  name: string;
  model: string;
  taskId: string;
  variant: string;
  stratum: string;
  passed: boolean;
  /** One line: what was measured against what was allowed. */
  detail: string;
}

/**
 * Evaluates each rule on each (model, task, variant) curve it applies to. Pure: the same curves,
 * trends and rules always give the same cases.
 */
export function evaluateGate(rules: GateRule[], curves: CurvePoint[], trends: Trend[]): GateCase[] {
  const cases: GateCase[] = [];
  for (const rule of rules) {
    // The scheduler arm has no budget curve of its own: the rules are about the fixed budgets.
    const inScope = (x: { model: string; taskId: string; variant: string; stratum: string }) =>
      !isSchedulerVariant(x.variant) &&
      x.stratum === rule.stratum &&
      (!rule.tasks || rule.tasks.includes(x.taskId)) &&
      (!rule.models || rule.models.includes(x.model));
    const base = (t: { model: string; taskId: string; variant: string; stratum: string }) => ({
      rule: rule.rule,
      name: rule.name ?? rule.rule,
      model: t.model,
      taskId: t.taskId,
      variant: t.variant,
      stratum: t.stratum,
    });
    if (rule.rule === 'no-decline' || rule.rule === 'max-drop' || rule.rule === 'min-slope') {
      for (const t of trends.filter(inScope)) cases.push({ ...base(t), ...trendCheck(rule, t) });
    } else {
      const groups = new Map<string, CurvePoint[]>();
      for (const p of curves.filter(inScope)) {
        const k = [p.model, p.taskId, p.variant].join('\u0000');
        groups.set(k, [...(groups.get(k) ?? []), p]);
      }
      for (const points of groups.values()) cases.push({ ...base(points[0]), ...pointsCheck(rule, points) });
    }
  }
  return cases;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}`;

function trendCheck(rule: GateRule, t: Trend): { passed: boolean; detail: string } {
  const info = metricInfo(t.metric, t.taskId);
  const isError = !info.share;
  // Which way is worse comes from the metric (error: up; matching-behaviour: per subset).
  const higherIsWorse = info.worse === 'higher';
  const show = (x: number) => (isError ? x.toFixed(3) : `${pct(x)}%`);
  const span = `${show(t.from.score)} at ${t.from.budget} → ${show(t.to.score)} at ${t.to.budget}`;
  if (rule.rule === 'no-decline') {
    return { passed: t.trend !== 'down', detail: `trend ${t.trend} (${span})` };
  }
  if (rule.rule === 'max-drop') {
    // Decline = how much worse the largest budget is. Its 95% CI by the MOVER method (Newcombe):
    // combine each point's own CI limits, which for shares are Wilson intervals.
    const decline = higherIsWorse ? t.to.score - t.from.score : t.from.score - t.to.score;
    const lower = higherIsWorse
      ? decline - Math.hypot(t.to.score - t.to.lo, t.from.hi - t.from.score)
      : decline - Math.hypot(t.from.score - t.from.lo, t.to.hi - t.to.score);
    const passed = !(lower > rule.epsilon);
    return {
      passed,
      detail: `decline ${show(decline)} (95% lower bound ${show(lower)}) vs allowed ${show(rule.epsilon)}; ${span}`,
    };
  }
  if (rule.rule === 'min-slope') {
    const s = t.slope;
    if (!s) return { passed: true, detail: 'slope not estimable (too few items or budgets)' };
    // Where higher is worse, a rising slope is the bad direction.
    const worstCaseBetter = higherIsWorse ? -s.lo : s.hi;
    const passed = !(worstCaseBetter < -rule.delta);
    const f = (x: number) => (isError ? x.toFixed(4) : `${pct(x)} pts`);
    return {
      passed,
      detail: `slope ${f(s.slope)} per doubling [${f(s.lo)}, ${f(s.hi)}] vs allowed −${f(rule.delta)}`,
    };
  }
  return { passed: true, detail: 'not a trend rule' };
}

function pointsCheck(rule: GateRule, points: CurvePoint[]): { passed: boolean; detail: string } {
  const sorted = [...points].sort((a, b) => budgetOrder(a.budget) - budgetOrder(b.budget));
  if (rule.rule === 'max-unparsable') {
    const worst = sorted
      .map((p) => {
        const bad = p.outcomes.unparsable + (rule.includeTruncated ? p.outcomes.truncated : 0);
        return { p, rate: p.n ? bad / p.n : 0 };
      })
      .reduce((a, b) => (b.rate > a.rate ? b : a));
    return {
      passed: worst.rate <= rule.rate,
      detail: `worst unparsable rate ${pct(worst.rate)}% at budget ${worst.p.budget} vs allowed ${pct(rule.rate)}%`,
    };
  }
  if (rule.rule === 'max-mean-tokens') {
    const at = sorted.find((p) => p.budget === rule.budget);
    if (!at) return { passed: false, detail: `budget ${rule.budget} was not run` };
    return {
      passed: at.meanTokens <= rule.tokens,
      detail: `mean reasoning tokens ${at.meanTokens.toFixed(0)} at budget ${rule.budget} vs allowed ${rule.tokens}`,
    };
  }
  return { passed: true, detail: 'not a point rule' };
}
