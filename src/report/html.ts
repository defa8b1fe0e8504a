import { TREND_ARROW } from '../analysis/trend.js';
import { budgetLabel } from '../run/keys.js';
import { escapeHtml } from '../util/html.js';
import { formatCI, formatScore, type RunSummary, verdictLines } from './summary.js';

export interface ChartFile {
  model: string;
  taskId: string;
  variant: string;
  svg: string;
}

const STYLE = `
body{font-family:system-ui,-apple-system,"DejaVu Sans",sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
.notice{background:#fff3cd;border:2px solid #c9a227;padding:.6rem 1rem;font-weight:bold;border-radius:4px}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #ccc;padding:.25rem .6rem;text-align:right}
th{background:#f4f4f4}td.l,th.l{text-align:left}.down{color:#b00020;font-weight:bold}.up{color:#0a7d32;font-weight:bold}
.chart svg{max-width:100%;height:auto}code{background:#f4f4f4;padding:0 .2rem}`;

/** The self-contained HTML report: no network, no scripts needed to read it, all text escaped. */
export function renderHtml(s: RunSummary, charts: ChartFile[]): string {
  const e = escapeHtml;
  const parts: string[] = [];
  parts.push(`<!doctype html><html lang="en"><head><meta charset="utf-8">`);
  parts.push(`<meta name="viewport" content="width=device-width,initial-scale=1">`);
  parts.push(
    `<title>overthink report · ${e(s.runId)}${s.simulated ? ' · SIMULATED' : ''}</title><style>${STYLE}</style></head><body>`,
  );
  parts.push(`<h1>overthink report</h1>`);
  if (s.notice) parts.push(`<p class="notice" id="simulated-notice">${e(s.notice)}</p>`);
  parts.push(
    `<p>Run <code>${e(s.runId)}</code>${s.runName ? ` (${e(s.runName)})` : ''} · ${s.samples} samples · status ${e(s.status)} · overthink ${e(s.toolVersion)}</p>`,
  );
  parts.push(
    `<h2>Verdict</h2><ul>${verdictLines(s)
      .map((l) => `<li>${e(l)}</li>`)
      .join('')}</ul>`,
  );
  parts.push(
    `<p>Trend rule (the paper's Table 1): ↓/↑ when the score moves by more than 2 points (0.05 for error) between the smallest and largest budget with non-overlapping 95% CIs; → flat within the threshold; ~ noisy otherwise. ${s.comparisons} comparisons were made; no correction for multiple comparisons is applied.</p>`,
  );
  parts.push(overview(s));
  for (const c of charts) {
    parts.push(
      `<section><h2>${e(c.model)} · ${e(c.taskId)}${c.variant !== 'paper' ? ` · ${e(c.variant)}` : ''}</h2>`,
    );
    parts.push(`<div class="chart">${c.svg}</div>`);
    parts.push(pointsTable(s, c));
    parts.push('</section>');
  }
  parts.push('</body></html>');
  return parts.join('\n');
}

function overview(s: RunSummary): string {
  const e = escapeHtml;
  const rows = s.trends
    .filter((t) => t.stratum === 'all')
    .map(
      (t) =>
        `<tr><td class="l">${e(t.taskId)}</td><td class="l">${e(t.model)}</td><td class="l">${e(t.variant)}</td>` +
        `<td class="${t.trend}">${TREND_ARROW[t.trend]} ${t.trend}</td><td>${formatScore(t.from)} ${formatCI(t.from)}</td>` +
        `<td>${formatScore(t.to)} ${formatCI(t.to)}</td></tr>`,
    );
  return `<h2>Overview</h2><table id="overview"><tr><th class="l">task</th><th class="l">model</th><th class="l">variant</th><th>trend</th><th>smallest budget</th><th>largest budget</th></tr>${rows.join('')}</table>`;
}

function pointsTable(s: RunSummary, c: ChartFile): string {
  const e = escapeHtml;
  const pts = s.curves.filter((p) => p.model === c.model && p.taskId === c.taskId && p.variant === c.variant);
  const rows = pts.map(
    (p) =>
      `<tr><td class="l">${e(p.stratum)}</td><td>${e(budgetLabel(p.budget))}</td><td>${p.n}</td><td>${formatScore(p)}</td><td>${formatCI(p)}</td>` +
      `<td>${Number.isFinite(p.meanTokens) ? p.meanTokens.toFixed(0) : 'n/a'}</td><td>${fmt(p.q1Tokens)}–${fmt(p.q3Tokens)}</td>` +
      `<td>${p.outcomes.unparsable}</td><td>${p.outcomes.truncated}</td><td>${p.outcomes.error}</td></tr>`,
  );
  return `<table><tr><th class="l">stratum</th><th>budget</th><th>n</th><th>score</th><th>95% CI</th><th>mean tok</th><th>IQR tok</th><th>unparsable</th><th>truncated</th><th>errors</th></tr>${rows.join('')}</table>`;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toFixed(0) : 'n/a';
}
