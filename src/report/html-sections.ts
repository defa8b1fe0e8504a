import { LOSS_NAMES, LOSSES } from '../analysis/breakdown.js';
import { TAG_DESCRIPTIONS, TAG_NAMES } from '../analysis/failure-config.js';
import { SHAPE_ARROW, type Shape, type ShapeClass } from '../analysis/shape.js';
import { TREND_ARROW, type Trend } from '../analysis/trend.js';
import { budgetLabel } from '../core/budget.js';
import { isShareMetric, metricInfo, metricLabel } from '../tasks/metrics.js';
import { escapeHtml as e } from '../util/html.js';
import { fmtP, fmtSlope, fmtTok, pct } from './format.js';
import { amount, changeText, headline, SHAPE_WORDS, shapeSlopeText } from './shape-format.js';
import { formatCI, formatScore, type RunSummary } from './summary.js';
import type { TaskCharts } from './task-charts.js';

export function anchor(taskId: string, variant: string): string {
  return `task-${`${taskId}-${variant}`.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

function arrowCell(t: Trend): string {
  return `<td class="${t.trend}"><span class="arrow">${TREND_ARROW[t.trend]}</span> ${t.trend}</td>`;
}

/** Colour class of a shape: red for the shapes that end worse, green for a rise. */
const SHAPE_CLASS: Record<ShapeClass, string> = {
  decline: 'down',
  peaked: 'down',
  rise: 'up',
  dip: 'noisy',
  noisy: 'noisy',
  flat: 'flat',
  insufficient: 'flat',
};

function shapeCell(s: Shape): string {
  return `<td class="l ${SHAPE_CLASS[s.shape]}" title="${e(SHAPE_WORDS[s.shape])}"><span class="arrow">${SHAPE_ARROW[s.shape]}</span> ${s.shape}</td>`;
}

const same = (a: { model: string; taskId: string; variant: string }) => (b: typeof a) =>
  a.model === b.model && a.taskId === b.taskId && a.variant === b.variant;

/** A verdict's lines as the page shows them (the report's and the viewer's run page). */
export function verdictList(lines: { lead: string; detail: string }[]): string {
  return `<ul class="verdict">${lines.map((l) => `<li><b>${e(l.lead)}</b>${l.detail ? `: ${e(l.detail)}` : ''}</li>`).join('')}</ul>`;
}

/**
 * The first table a reader sees: task × model → the curve's shape, its headline change with the
 * simultaneous 95% interval and what the lost answers were, the slope, then the paper's Table 1
 * class with its endpoint test, the flips and the budget knob.
 */
export function overviewTable(s: RunSummary): string {
  const shapes = s.shapes.filter((x) => x.stratum === 'all');
  if (shapes.length === 0)
    return s.natural.length
      ? '<p>Natural regime: no budgets to compare; see the rank curves and the within-item analysis in each task’s section.</p>'
      : s.curves.every((p) => p.n === 0)
        ? '<p>No verdict: no sample of this run was scored (see the errors above).</p>'
        : '<p>No verdict: the run has one budget only, so there is nothing to compare.</p>';
  const rows = shapes.map((sh) => {
    const t = s.trends.find((x) => x.stratum === 'all' && same(sh)(x));
    const flips = s.flips.find(same(sh));
    const fromBest = s.flipsFromBest.find(same(sh));
    const comp = s.compliance.find(same(sh));
    const ladder = s.ladders.find(same(sh));
    const knob = (comp?.warnings.length ?? 0) + (ladder?.warnings.length ?? 0);
    return (
      `<tr><td class="l"><a href="#${anchor(sh.taskId, sh.variant)}">${e(sh.taskId)}</a><br><span class="muted">${e(metricLabel(sh.metric, sh.taskId))}</span></td><td class="l">${e(sh.model)}</td>` +
      `<td class="l">${e(sh.variant)}</td>${shapeCell(sh)}` +
      `<td class="l">${e(headline(sh))}</td>` +
      `<td>${e(
        shapeSlopeText(sh)
          .replace(/^slope /, '')
          .replace(/ per doubling of reasoning tokens$/, ''),
      )}</td>` +
      `<td class="l ${t?.trend ?? ''}">${t ? `${TREND_ARROW[t.trend]} ${t.trend}` : 'n/a'} <span class="muted">p ${fmtP(t?.paired?.p)} (Holm ${fmtP(t?.pHolm)})</span></td>` +
      `<td>${flips ? `${flips.rightToWrong} / ${flips.wrongToRight}` : 'n/a'}</td>` +
      `<td>${fromBest ? `${fromBest.rightToWrong} / ${fromBest.wrongToRight}` : '—'}</td>` +
      `<td class="l">${knob ? `⚠ ${knob}` : 'ok'}</td></tr>`
    );
  });
  return (
    `<table id="overview"><thead><tr><th class="l">task</th><th class="l">model</th><th class="l">variant</th><th class="l">shape</th>` +
    `<th class="l">change, simultaneous 95% interval, and what the lost answers were</th><th>slope per doubling (simultaneous 95%)</th>` +
    `<th class="l">paper’s Table 1 (smallest vs largest), paired p</th><th>flips R→W / W→R<br><span class="muted">smallest → largest</span></th>` +
    `<th>flips R→W / W→R<br><span class="muted">best → largest</span></th><th class="l">budget knob</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

/** Per task: every model × stratum shape, with the change from the best budget and its facts. */
export function shapeTable(shapes: Shape[]): string {
  if (shapes.length === 0) return '';
  const rows = shapes.map((sh) => {
    const facts = sh.facts
      .map((f) => `${budgetLabel(f.from)}→${budgetLabel(f.to)} ${f.better ? 'better' : 'worse'}`)
      .join(', ');
    return (
      `<tr><td class="l">${e(sh.model)}</td><td class="l">${e(sh.stratum)}</td>${shapeCell(sh)}` +
      `<td>${e(budgetLabel(sh.best.budget))} <span class="muted">${formatScore(sh.best)}</span></td>` +
      `<td>${sh.fromBest ? e(changeText(sh, sh.fromBest)) : 'n/a'}</td>` +
      `<td>${sh.endpoints ? e(changeText(sh, sh.endpoints)) : 'n/a'}</td>` +
      `<td>${sh.slope ? e(changeText(sh, { diff: sh.slope.slope, lo: sh.slope.lo, hi: sh.slope.hi })) : 'n/a'}</td>` +
      `<td class="l">${e(facts || 'none')}</td><td>${sh.items}</td><td>${Number.isFinite(sh.critical) ? sh.critical.toFixed(2) : 'n/a'}</td></tr>`
    );
  });
  return (
    '<h3>Shape</h3><p class="muted">Every interval here is simultaneous: all of them hold together with 95% confidence, so the best budget can be read off the same data. A fact is a pair of budgets whose interval excludes 0; the shape is the simplest one consistent with every fact and the slope. See Methods.</p>' +
    `<table class="shapes"><thead><tr><th class="l">model</th><th class="l">stratum</th><th class="l">shape</th><th>best budget</th><th>best → largest</th><th>smallest → largest</th>` +
    `<th>slope per doubling</th><th class="l">facts (significant pairs)</th><th>items</th><th>critical value</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

/** Per task: the paper's Table 1 class of every model × stratum, with its endpoint test. */
export function trendTable(trends: Trend[]): string {
  if (trends.length === 0) return '';
  const rows = trends.map(
    (t) =>
      `<tr><td class="l">${e(t.model)}</td><td class="l">${e(t.stratum)}</td>${arrowCell(t)}<td>${formatScore(t.from)} → ${formatScore(t.to)}</td>` +
      `<td>${Number.isFinite(t.delta) ? e(amount(t, isShareMetric(t.metric) ? t.delta / 100 : t.delta)) : 'n/a'}</td>` +
      `<td class="l">${e(t.paired?.test ?? 'n/a')}</td><td>${t.paired ? `${t.paired.fell} / ${t.paired.rose}` : 'n/a'}</td>` +
      `<td>${fmtP(t.paired?.p)}</td><td>${fmtP(t.pHolm)}</td></tr>`,
  );
  return (
    '<details><summary>The paper’s Table 1 rule (smallest vs largest budget only), for comparison with the paper</summary>' +
    `<table class="trends"><thead><tr><th class="l">model</th><th class="l">stratum</th><th>Table 1</th><th>${e(metricLabel(trends[0].metric, trends[0].taskId))}</th><th>Δ</th>` +
    `<th class="l">paired test</th><th title="Every item whose mean score over its trials moved, as the paired test counts them; not flips (majority right → wrong)">items whose mean fell / rose (not flips)</th><th>p</th><th>p (Holm)</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></details>`
  );
}

/**
 * Per budget (all items): what the answers that were not right were, as shares of the scored
 * samples, with the change from the best budget split the same way.
 */
export function lossesBlock(s: RunSummary, tc: TaskCharts): string {
  const pts = s.curves.filter(
    (p) =>
      p.taskId === tc.taskId && p.variant === tc.variant && p.stratum === 'all' && p.budget !== 'natural',
  );
  if (pts.length === 0) return '';
  const rows = pts.map(
    (p) =>
      `<tr><td class="l">${e(p.model)}</td><td>${e(budgetLabel(p.budget))}</td><td>${p.n}</td><td>${formatScore(p)}</td>` +
      LOSSES.map(
        (g) => `<td>${p.lost[g]} <span class="muted">${pct(p.n ? p.lost[g] / p.n : Number.NaN)}</span></td>`,
      ).join('') +
      '</tr>',
  );
  const lines = s.shapes
    .filter((sh) => sh.taskId === tc.taskId && sh.variant === tc.variant && sh.stratum === 'all')
    .map((sh) => `<li><b>${e(sh.model)}</b>: ${e(headline(sh))}</li>`);
  return (
    '<h3>What the lost answers were</h3><p class="muted">Per budget, the samples that were not right: finished with a wrong answer, truncated at max tokens (cut off before an answer), unparsable, or refused / abstained (definitions in Methods). A decline made of truncation is the output limit hiding answers, not the model reasoning worse.</p>' +
    (tc.losses ? `<div class="chart">${tc.losses}</div>` : '') +
    (lines.length ? `<ul>${lines.join('')}</ul>` : '') +
    `<table><thead><tr><th class="l">model</th><th>budget</th><th>n</th><th>score</th>${LOSSES.map((g) => `<th>${e(LOSS_NAMES[g])}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

/** Effort ladders: realized tokens per level, and levels the knob could not tell apart. */
export function ladderBlock(s: RunSummary, tc: TaskCharts): string {
  const ls = s.ladders.filter((l) => l.taskId === tc.taskId && l.variant === tc.variant);
  if (ls.length === 0) return '';
  const parts = [
    '<h3>Effort levels</h3><p class="muted">This model takes no token budget: each budget was sent as an effort level. The curve is drawn and tested against the tokens each level actually used.</p>',
  ];
  for (const l of ls) for (const w of l.warnings) parts.push(`<p class="warn">⚠ ${e(l.model)}: ${e(w)}</p>`);
  const rows = ls.flatMap((l) =>
    l.steps.map(
      (x) =>
        `<tr><td class="l">${e(l.model)}</td><td class="l">${e(x.level)}</td><td>${e(x.budgets.map(budgetLabel).join(', '))}</td><td>${x.n}</td><td>${fmtTok(x.median)}</td><td>${fmtTok(x.q1)}–${fmtTok(x.q3)}</td><td>${fmtTok(x.mean)}</td></tr>`,
    ),
  );
  const pairs = ls.flatMap((l) =>
    l.pairs.map(
      (p) =>
        `<tr><td class="l">${e(l.model)}</td><td class="l">${e(p.from)} → ${e(p.to)}</td><td>${p.d.toFixed(3)}</td><td>${fmtP(p.p)}</td><td class="l">${p.indistinguishable ? '⚠ indistinguishable' : 'different'}</td></tr>`,
    ),
  );
  parts.push(
    `<table><thead><tr><th class="l">model</th><th class="l">level</th><th>budgets sent as it</th><th>n</th><th>median realized tokens</th><th>IQR</th><th>mean</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
  );
  if (pairs.length)
    parts.push(
      `<table><thead><tr><th class="l">model</th><th class="l">neighbouring levels</th><th>KS D</th><th>p</th><th class="l">realized lengths</th></tr></thead><tbody>${pairs.join('')}</tbody></table>`,
    );
  return parts.join('\n');
}

export function pointsTable(s: RunSummary, taskId: string, variant: string): string {
  const pts = s.curves.filter((p) => p.taskId === taskId && p.variant === variant);
  const rows = pts.map(
    (p) =>
      `<tr><td class="l">${e(p.model)}</td><td class="l">${e(p.stratum)}</td><td>${e(budgetLabel(p.budget))}</td><td>${p.n}</td><td>${formatScore(p)}</td><td>${formatCI(p)}</td>` +
      `<td>${fmtTok(p.meanTokens)}</td><td>${fmtTok(p.q1Tokens)}–${fmtTok(p.q3Tokens)}</td>` +
      `${LOSSES.map((g) => `<td>${p.lost[g]}</td>`).join('')}<td>${p.outcomes.error}</td></tr>`,
  );
  return (
    `<details><summary>Every point of the curves (${pts.length} rows)</summary><table><thead><tr><th class="l">model</th><th class="l">stratum</th><th>budget</th><th>n</th><th>${pts.length ? e(metricInfo(pts[0].metric, taskId).name) : 'score'}</th><th>95% CI</th>` +
    `<th>mean tokens</th><th>IQR tokens</th>${LOSSES.map((g) => `<th>${e(LOSS_NAMES[g])}</th>`).join('')}<th>errors</th></tr></thead><tbody>${rows.join('')}</tbody></table></details>`
  );
}

export function complianceBlock(s: RunSummary, tc: TaskCharts): string {
  const comp = s.compliance.filter((c) => c.taskId === tc.taskId && c.variant === tc.variant);
  if (comp.length === 0) return '';
  const parts = ['<h3>Budget compliance</h3>'];
  for (const c of comp)
    for (const w of c.warnings) parts.push(`<p class="warn">⚠ ${e(c.model)}: ${e(w)}</p>`);
  if (tc.compliance) parts.push(`<div class="chart">${tc.compliance}</div>`);
  const rows = comp.flatMap((c) =>
    c.budgets.map(
      (b) =>
        `<tr><td class="l">${e(c.model)}</td><td>${e(budgetLabel(b.budget))}</td><td>${b.n}</td><td>${fmtTok(b.median)}</td><td>${fmtTok(b.q1)}–${fmtTok(b.q3)}</td>` +
        `<td>${fmtTok(b.p5)}–${fmtTok(b.p95)}</td><td>${pct(b.overBudget)}</td><td>${pct(b.overBy10)}</td><td>${pct(b.truncated)}</td>` +
        `<td class="l">${e(
          Object.entries(b.sources)
            .map(([k, v]) => `${k} ${v}`)
            .join(', '),
        )}</td></tr>`,
    ),
  );
  parts.push(
    `<table><thead><tr><th class="l">model</th><th>requested</th><th>n</th><th>median realized</th><th>IQR</th><th>5th–95th pct</th><th>over budget</th><th>over by &gt;10%</th><th>truncated</th><th class="l">token counts from</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
  );
  const adj = comp.flatMap((c) =>
    c.adjacent.map(
      (a) =>
        `<tr><td class="l">${e(c.model)}</td><td>${e(budgetLabel(a.from))} → ${e(budgetLabel(a.to))}</td><td>${a.d.toFixed(3)}</td><td>${fmtP(a.p)}</td><td class="l">${a.indistinguishable ? '⚠ indistinguishable' : 'different'}</td></tr>`,
    ),
  );
  if (adj.length)
    parts.push(
      `<details><summary>Adjacent budgets, Kolmogorov–Smirnov</summary><table><thead><tr><th class="l">model</th><th>budgets</th><th>D</th><th>p</th><th class="l">realized lengths</th></tr></thead><tbody>${adj.join('')}</tbody></table></details>`,
    );
  return parts.join('\n');
}

export function tagsBlock(s: RunSummary, tc: TaskCharts): string {
  const rates = s.tagRates.filter((r) => r.taskId === tc.taskId && r.variant === tc.variant);
  if (rates.length === 0) return '';
  const tags = TAG_NAMES.filter((t) => rates.some((r) => r.tags[t].applicable > 0));
  const head = tags
    .map(
      (t) => `<th title="${e(TAG_DESCRIPTIONS[t])}">${e(t)}<br><span class="muted">all · wrong</span></th>`,
    )
    .join('');
  const rows = rates.map(
    (r) =>
      `<tr><td class="l">${e(r.model)}</td><td>${e(budgetLabel(r.budget))}</td><td>${r.n}</td>` +
      tags
        .map((t) => {
          const x = r.tags[t];
          return `<td>${pct(x.applicable ? x.tagged / x.applicable : Number.NaN)} · ${pct(x.wrongApplicable ? x.taggedWrong / x.wrongApplicable : Number.NaN)}</td>`;
        })
        .join('') +
      '</tr>',
  );
  return (
    `<h3>Failure-mode tags</h3><p class="muted">Heuristic tags on the full reasoning traces: share of all traces, then share of wrong answers. Rules are listed under Methods; hover a column for its rule.</p>` +
    (tc.tags ? `<div class="chart">${tc.tags}</div>` : '<p class="muted">No trace got any tag.</p>') +
    `<table><thead><tr><th class="l">model</th><th>budget</th><th>n</th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

export function regressionBlock(s: RunSummary, tc: TaskCharts): string {
  const reg = s.regression.filter((r) => r.taskId === tc.taskId && r.variant === tc.variant);
  if (reg.length === 0) return '';
  const rows = reg.flatMap((r) =>
    r.errors.map(
      (x) =>
        `<tr><td class="l">${e(r.model)}</td><td class="l">${e(r.stratum)}</td><td>${e(budgetLabel(x.budget))}</td><td>${x.n}</td><td>${x.unparsable}</td>` +
        `<td>${x.paperMetric.value?.toFixed(3) ?? 'n/a'}</td><td>${x.mae?.toFixed(3) ?? 'n/a'}</td><td>${x.rmse?.toFixed(3) ?? 'n/a'}</td></tr>`,
    ),
  );
  const parts = [
    '<h3>Regression error</h3>',
    `<table><thead><tr><th class="l">model</th><th class="l">stratum</th><th>budget</th><th>n</th><th>unparsable (counted, not dropped)</th><th>paper “RMSE” (MAE clipped at 1000)</th><th>MAE</th><th>true RMSE</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
  ];
  if (tc.heatmaps.length) {
    parts.push('<h3>Prediction–feature correlation (the paper’s Fig. 7)</h3>');
    parts.push(
      '<p class="muted">A model drifting to spurious features shows the TRUE GRADE column fading while sleep or stress darkens as the budget grows.</p>',
    );
    for (const h of tc.heatmaps) parts.push(`<div class="chart">${h.svg}</div>`);
  }
  return parts.join('\n');
}

export function naturalBlock(s: RunSummary, tc: TaskCharts): string {
  const nat = s.natural.filter((r) => r.taskId === tc.taskId && r.variant === tc.variant);
  if (nat.length === 0) return '';
  const rows = nat.map(
    (r) =>
      `<tr><td class="l">${e(r.model)}</td><td class="l">${e(r.stratum)}</td><td>${r.k}</td><td>${r.items}</td>` +
      `<td>${r.ranks.map((p) => formatScore({ metric: r.metric, score: p.score })).join(' → ')}</td>` +
      `<td>${fmtSlope({ metric: r.metric, slope: r.within })}</td><td>${fmtSlope({ metric: r.metric, slope: r.between })}</td><td>${fmtP(r.longestVsShortest?.p)}</td><td class="l">${e(r.reading)}</td></tr>`,
  );
  return (
    '<h3>Natural overthinking</h3>' +
    (tc.natural ? `<div class="chart">${tc.natural}</div>` : '') +
    `<table><thead><tr><th class="l">model</th><th class="l">stratum</th><th>k</th><th>items</th><th>score by length rank (shortest → longest)</th>` +
    `<th>within-item slope per doubling</th><th>between-item slope</th><th>longest vs shortest p</th><th class="l">reading</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}
