import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CompareTrendRow, Comparison } from '../analysis/compare.js';
import { TREND_ARROW } from '../analysis/trend.js';
import { budgetLabel } from '../core/budget.js';
import { isShareMetric } from '../tasks/metrics.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { escapeHtml as e } from '../util/html.js';
import { stripControl } from '../util/terminal.js';
import { compareChartSpec } from './chart-compare.js';
import { yTitleFor } from './charts.js';
import { efficiencyTable } from './compare-efficiency.js';
import { fmtP, withVariant } from './format.js';
import { STYLE } from './html-style.js';
import { writeChart } from './render.js';
import { amount, changeText, shapeLabel } from './shape-format.js';
import { formatScore } from './summary.js';

/** Writes compare.html (self-contained, no script), compare.json, compare.csv and charts/. */
export async function buildComparison(
  c: Comparison,
  outDir: string,
): Promise<{ files: string[]; html: string }> {
  const dir = resolve(outDir);
  mkdirSync(join(dir, 'charts'), { recursive: true });
  const files: string[] = [];
  const sections: string[] = [];
  const tasks = [...new Map(c.rows.map((r) => [`${r.taskId}\u0000${r.variant}`, r])).values()];
  for (const r of tasks) {
    const spec = compareChartSpec(
      c,
      r.taskId,
      r.variant,
      yTitleFor(r.metric, r.taskId),
      r.metric !== 'error',
    );
    const name = withVariant(`compare__${r.taskId}`, r.variant, '__');
    const { svg, files: written } = await writeChart(join(dir, 'charts'), name, spec);
    files.push(...written);
    sections.push(
      `<section><h2>${e(withVariant(r.taskId, r.variant))}</h2><div class="chart">${svg}</div>${scoreTable(c, r.taskId, r.variant)}${efficiencyTable(c, r.taskId, r.variant)}</section>`,
    );
  }
  const sim = c.runs.some((r) => r.simulated);
  const html = [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>overthink comparison${sim ? ' · SIMULATED MODEL' : ''}</title><style>${STYLE}</style></head><body>`,
    sim ? '<div class="sim-banner">SIMULATED MODEL — at least one run comes from a simulator</div>' : '',
    `<header class="top"><h1>overthink: runs compared</h1><p>${c.runs.map((r, i) => `${i === 0 ? 'baseline ' : ''}<code>${e(r.label)}</code>${r.simulated ? ' (simulated)' : ''}${r.source ? ` (${e(r.source)})` : ''}`).join(' · ')}</p></header><main>`,
    '<h2>Shapes per run</h2>',
    trendTable(c),
    '<p class="muted">Differences are each run minus the baseline (the first run), with 95% CIs (Newcombe for shares, normal for mean error). No adjustment for multiple comparisons.</p>',
    ...sections,
    '</main></body></html>',
  ].join('\n');
  const htmlFile = join(dir, 'compare.html');
  writeFileAtomic(htmlFile, html, 'the comparison');
  writeFileAtomic(join(dir, 'compare.json'), JSON.stringify(c, null, 2), 'the comparison');
  writeFileAtomic(join(dir, 'compare.csv'), compareCsv(c), 'the comparison');
  files.push(htmlFile, join(dir, 'compare.json'), join(dir, 'compare.csv'));
  return { files, html: htmlFile };
}

export function trendTable(c: Comparison): string {
  const head = c.runs.map((r) => `<th>${e(r.label)}</th>`).join('');
  const rows = c.trends
    .filter((t) => t.stratum === 'all')
    .map(
      (t) =>
        `<tr><td class="l">${e(t.taskId)}</td><td class="l">${e(t.model)}</td><td class="l">${e(t.variant)}</td>` +
        t.perRun
          .map((x) =>
            x
              ? `<td class="l">${x.shape ? `<b>${e(shapeLabel(x.shape))}</b><br>` : ''}<span class="muted">Table 1 ${TREND_ARROW[x.trend]} ${x.trend}, p ${fmtP(x.p ?? undefined)}</span></td>`
              : '<td>—</td>',
          )
          .join('') +
        '</tr>',
    );
  return `<table><thead><tr><th class="l">task</th><th class="l">model</th><th class="l">variant</th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function scoreTable(c: Comparison, taskId: string, variant: string): string {
  const rows = c.rows.filter((r) => r.taskId === taskId && r.variant === variant && r.stratum === 'all');
  const head = c.runs
    .map((r, i) => `<th>${e(r.label)}</th>${i > 0 ? '<th>Δ vs baseline [95% CI]</th>' : ''}`)
    .join('');
  const body = rows.map((r) => {
    const cells = r.cells
      .map((cell, i) => {
        const score = cell
          ? `<td>${formatScore({ metric: r.metric, score: cell.score })} <span class="muted">n=${cell.n}</span></td>`
          : '<td>—</td>';
        const d = r.diffs[i];
        return i === 0 ? score : `${score}<td>${d ? e(changeText(r, d)) : '—'}</td>`;
      })
      .join('');
    return `<tr><td class="l">${e(r.model)}</td><td>${e(budgetLabel(r.budget))}</td>${cells}</tr>`;
  });
  return `<table><thead><tr><th class="l">model</th><th>budget</th>${head}</tr></thead><tbody>${body.join('')}</tbody></table>`;
}

function compareCsv(c: Comparison): string {
  const lines = [
    'model,task,variant,stratum,budget,run,n,score,ci_lo,ci_hi,diff_vs_baseline,diff_lo,diff_hi',
  ];
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  for (const r of c.rows)
    r.cells.forEach((cell, i) => {
      if (!cell) return;
      const d = r.diffs[i];
      lines.push(
        [
          r.model,
          r.taskId,
          r.variant,
          r.stratum,
          budgetLabel(r.budget),
          cell.run,
          cell.n,
          cell.score,
          cell.lo,
          cell.hi,
          d?.diff ?? '',
          d?.lo ?? '',
          d?.hi ?? '',
        ]
          .map((v) => q(String(v)))
          .join(','),
      );
    });
  return `${lines.join('\n')}\n`;
}

/** A Table 1 difference (stored in points for shares): "−7.5 pts", or "+0.012" for an error metric. */
function deltaText(c: Comparison, t: CompareTrendRow, delta: number): string {
  const metric = c.rows.find((r) => r.model === t.model && r.taskId === t.taskId)?.metric ?? 'accuracy';
  return amount({ metric }, isShareMetric(metric) ? delta / 100 : delta);
}

/** The terminal view: per task × model, each run's all-items shape, then its Table 1 class. */
export function compareTerminal(c: Comparison): string {
  const out: string[] = [];
  if (c.runs.some((r) => r.simulated))
    out.push('*** SIMULATED MODEL: at least one run comes from a simulator (sim:*). ***');
  out.push(
    `baseline: ${c.runs[0]?.label}; compared: ${c.runs
      .slice(1)
      .map((r) => r.label)
      .join(', ')}`,
  );
  for (const r of c.runs) if (r.source) out.push(`${r.label}: ${stripControl(r.source)}`);
  for (const t of c.trends.filter((x) => x.stratum === 'all')) {
    const cells = t.perRun.map(
      (x, i) =>
        `${c.runs[i].label}: ${x ? `${x.shape ? `${shapeLabel(x.shape)} · ` : ''}Table 1 ${TREND_ARROW[x.trend]} ${x.trend} (Δ ${deltaText(c, t, x.delta)}, p ${fmtP(x.p ?? undefined)})` : '—'}`,
    );
    out.push(`${withVariant(`${t.taskId} · ${t.model}`, t.variant)}: ${cells.join(' | ')}`);
  }
  return stripControl(out.join('\n'), true);
}
