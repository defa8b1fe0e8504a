import type { Analysis } from '../analysis/analyse.js';
import { type Completeness, describeGaps } from '../analysis/completeness.js';
import { budgetOrder, type CurvePoint } from '../analysis/curves.js';
import { declineFromBest, type Shape } from '../analysis/shape.js';
import type { Trend } from '../analysis/trend.js';
import { budgetLabel } from '../core/budget.js';
import { isSchedulerVariant } from '../core/scheduler.js';
import { isShareMetric, metricInfo } from '../tasks/metrics.js';
import type { GateRule } from './gate-rules.js';

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

export type GateInput = Pick<Analysis, 'curves' | 'trends' | 'shapes'>;

/**
 * Why the gate must not judge this run at all, or null. A run that is not complete (crashed,
 * interrupted, stopped at the cost ceiling, or left with provider errors) or lacks a budget a rule
 * needs would be judged on a curve that is not the one the release would ship: the gate stops (exit 2)
 * and says what is missing instead of passing or failing it.
 */
export function gateRefusal(rules: GateRule[], c: Completeness, runId: string): string | null {
  if (c.status !== 'complete' || c.gaps.length > 0) {
    const what = [
      c.gaps.length ? describeGaps(c.gaps) : '',
      c.errors ? `${c.errors} sample${c.errors === 1 ? '' : 's'} ended in provider errors` : '',
    ]
      .filter(Boolean)
      .join('; ');
    return (
      `run ${runId} is not complete (status '${c.status}')${what ? `: ${what}` : ''}; ` +
      'finish it first (running the same config again resumes it and retries errors), then gate it'
    );
  }
  for (const r of rules) {
    if (r.rule !== 'max-mean-tokens' || c.planned === null || c.planned.includes(r.budget)) continue;
    return `rule ${r.name ?? r.rule} needs budget ${r.budget}, which run ${runId} did not run (budgets ${c.planned.map(budgetLabel).join(', ')})`;
  }
  return null;
}

/**
 * Evaluates each rule on each (model, task, variant) curve it applies to. Pure: the same curves,
 * trends, shapes and rules always give the same cases.
 */
export function evaluateGate(rules: GateRule[], input: GateInput): GateCase[] {
  const { curves, trends, shapes } = input;
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
    } else if (rule.rule === 'no-decline-from-best') {
      for (const sh of shapes.filter(inScope))
        cases.push({ ...base(sh), ...fromBestCheck(rule.epsilon, sh) });
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
  // A difference of shares is in points, never in %: a fall from 90% to 80% is 10 points.
  const amount = (x: number) => (isError ? x.toFixed(3) : `${pct(x)} pts`);
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
      detail: `decline ${amount(decline)} (95% lower bound ${amount(lower)}) vs allowed ${amount(rule.epsilon)}; ${span}`,
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

function fromBestCheck(epsilon: number, s: Shape): { passed: boolean; detail: string } {
  const share = isShareMetric(s.metric);
  const show = (x: number) => (share ? `${pct(x)}%` : x.toFixed(3));
  const amount = (x: number) => (share ? `${pct(x)} pts` : x.toFixed(3));
  const d = declineFromBest(s);
  const span = `best ${show(s.best.score)} at ${budgetLabel(s.best.budget)} → ${show(s.last.score)} at ${budgetLabel(s.last.budget)}`;
  if (!d) return { passed: true, detail: `not estimable (${s.items} items with every budget); ${span}` };
  if (s.best.budget === s.last.budget)
    return {
      passed: true,
      detail: `the largest budget is the best (${show(s.best.score)} at ${budgetLabel(s.best.budget)})`,
    };
  return {
    passed: !(d.lower > epsilon),
    detail: `decline from best ${amount(d.decline)} (simultaneous 95% lower bound ${amount(d.lower)}) vs allowed ${amount(epsilon)}; ${span}; shape ${s.shape}`,
  };
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
