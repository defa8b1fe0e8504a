import { TAG_DESCRIPTIONS, TAG_NAMES } from '../analysis/failure-config.js';
import { TREND_ARROW, type Trend } from '../analysis/trend.js';
import { budgetLabel } from '../run/keys.js';
import { metricInfo, metricLabel } from '../tasks/metrics.js';
import { escapeHtml as e } from '../util/html.js';
import type { TaskCharts } from './build.js';
import { fmtP, fmtSlope, fmtTok, pct } from './format.js';
import { formatCI, formatScore, type RunSummary } from './summary.js';

export function anchor(taskId: string, variant: string): string {
  return `task-${`${taskId}-${variant}`.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

function arrowCell(t: Trend): string {
  return `<td class="${t.trend}"><span class="arrow">${TREND_ARROW[t.trend]}</span> ${t.trend}</td>`;
}

/** The first table a reader sees: task × model → Table 1 arrow, the scores with CIs, the tests. */
export function overviewTable(s: RunSummary): string {
  const trends = s.trends.filter((t) => t.stratum === 'all');
  if (trends.length === 0)
    return s.natural.length
      ? '<p>Natural regime: no budgets to compare; see the rank curves and the within-item analysis in each task’s section.</p>'
      : '<p>No budget comparison in this run (one budget only).</p>';
  const rows = trends.map((t) => {
    const flips = s.flips.find(
      (f) => f.model === t.model && f.taskId === t.taskId && f.variant === t.variant,
    );
    const comp = s.compliance.find(
      (c) => c.model === t.model && c.taskId === t.taskId && c.variant === t.variant,
    );
    return (
      `<tr><td class="l"><a href="#${anchor(t.taskId, t.variant)}">${e(t.taskId)}</a><br><span class="muted">${e(metricLabel(t.metric, t.taskId))}</span></td><td class="l">${e(t.model)}</td>` +
      `<td class="l">${e(t.variant)}</td>${arrowCell(t)}` +
      `<td>${formatScore(t.from)} ${formatCI(t.from)}<br><span class="muted">budget ${e(budgetLabel(t.from.budget))}</span></td>` +
      `<td>${formatScore(t.to)} ${formatCI(t.to)}<br><span class="muted">budget ${e(budgetLabel(t.to.budget))}</span></td>` +
      `<td>${fmtSlope(t)}</td><td>${fmtP(t.paired?.p)} <span class="muted">(Holm ${fmtP(t.pHolm)})</span></td>` +
      `<td>${flips ? `${flips.rightToWrong} / ${flips.wrongToRight}` : 'n/a'}</td>` +
      `<td class="l">${comp?.warnings.length ? `⚠ ${comp.warnings.length}` : 'ok'}</td></tr>`
    );
  });
  return (
    `<table id="overview"><thead><tr><th class="l">task</th><th class="l">model</th><th class="l">variant</th><th>trend (Table 1)</th>` +
    `<th>smallest budget [95% CI]</th><th>largest budget [95% CI]</th><th>slope per doubling [95% CI]</th><th>paired p</th>` +
    `<th>flips R→W / W→R</th><th class="l">budget knob</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

/** Per task: every model × stratum trend with its tests. */
export function trendTable(trends: Trend[]): string {
  if (trends.length === 0) return '';
  const rows = trends.map(
    (t) =>
      `<tr><td class="l">${e(t.model)}</td><td class="l">${e(t.stratum)}</td>${arrowCell(t)}<td>${formatScore(t.from)} → ${formatScore(t.to)}</td>` +
      `<td>${Number.isFinite(t.delta) ? t.delta.toFixed(t.metric === 'error' ? 3 : 1) : 'n/a'}</td><td>${fmtSlope(t)}</td>` +
      `<td class="l">${e(t.paired?.test ?? 'n/a')}</td><td>${t.paired ? `${t.paired.fell} / ${t.paired.rose}` : 'n/a'}</td>` +
      `<td>${fmtP(t.paired?.p)}</td><td>${fmtP(t.pHolm)}</td></tr>`,
  );
  return (
    `<table class="trends"><thead><tr><th class="l">model</th><th class="l">stratum</th><th>trend</th><th>${e(metricLabel(trends[0].metric, trends[0].taskId))}</th><th>Δ</th>` +
    `<th>slope per doubling [95% CI]</th><th class="l">paired test</th><th>items fell / rose</th><th>p</th><th>p (Holm)</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

export function pointsTable(s: RunSummary, taskId: string, variant: string): string {
  const pts = s.curves.filter((p) => p.taskId === taskId && p.variant === variant);
  const rows = pts.map(
    (p) =>
      `<tr><td class="l">${e(p.model)}</td><td class="l">${e(p.stratum)}</td><td>${e(budgetLabel(p.budget))}</td><td>${p.n}</td><td>${formatScore(p)}</td><td>${formatCI(p)}</td>` +
      `<td>${fmtTok(p.meanTokens)}</td><td>${fmtTok(p.q1Tokens)}–${fmtTok(p.q3Tokens)}</td>` +
      `<td>${p.outcomes.unparsable}</td><td>${p.outcomes.truncated}</td><td>${p.outcomes.error}</td></tr>`,
  );
  return (
    `<details><summary>Every point of the curves (${pts.length} rows)</summary><table><thead><tr><th class="l">model</th><th class="l">stratum</th><th>budget</th><th>n</th><th>${pts.length ? e(metricInfo(pts[0].metric, taskId).name) : 'score'}</th><th>95% CI</th>` +
    `<th>mean tokens</th><th>IQR tokens</th><th>unparsable</th><th>truncated</th><th>errors</th></tr></thead><tbody>${rows.join('')}</tbody></table></details>`
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
