import { budgetLabel } from '../core/budget.js';
import { escapeHtml as e } from '../util/html.js';
import { fmtTok } from './format.js';
import { endsText } from './scheduler-format.js';
import { formatCI, formatScore, type RunSummary } from './summary.js';
import type { TaskCharts } from './task-charts.js';

/**
 * The reasoning scheduler beside a task's fixed budgets: its score and tokens (the red diamond on
 * the chart), what its probes cost, how its reasoning ended, and the fixed budgets to beat.
 */
export function schedulerBlock(s: RunSummary, tc: TaskCharts): string {
  const arms = s.scheduler.filter((a) => a.taskId === tc.taskId && a.baseVariant === tc.variant);
  if (arms.length === 0) return '';
  const fixed = (f: (typeof arms)[number]['bestFixed'], metric: (typeof arms)[number]['metric']) =>
    f
      ? `${formatScore({ metric, score: f.score })} at ${e(budgetLabel(f.budget))}<br><span class="muted">${fmtTok(f.meanTokens)} tok</span>`
      : 'n/a';
  const rows = arms.map(
    (a) =>
      `<tr><td class="l">${e(a.model)}</td><td>${e(budgetLabel(a.ceiling))}</td><td>${a.n}</td><td>${formatScore(a)} ${formatCI(a)}</td>` +
      `<td>${fmtTok(a.meanTokens)}</td><td>${fmtTok(a.medianTokens)}</td>` +
      `<td>${a.meanProbeTokens === null ? 'n/a' : fmtTok(a.meanProbeTokens)}</td><td>${a.meanProbes === null ? 'n/a' : a.meanProbes.toFixed(1)}</td>` +
      `<td class="l">${e(endsText(a))}</td><td>${fixed(a.bestFixed, a.metric)}</td><td>${fixed(a.largestFixed, a.metric)}</td></tr>`,
  );
  return (
    '<h3>Reasoning scheduler</h3><p class="muted">Reasons in chunks and probes for an interim answer after each (the probe is discarded); stops when the last probes agree without hedging, or at the ceiling. Probe tokens are counted apart from reasoning tokens. Its point is the red diamond on the chart above.</p>' +
    `<table class="scheduler"><thead><tr><th class="l">model</th><th>ceiling</th><th>n</th><th>score [95% CI]</th><th>mean reasoning tok</th><th>median</th>` +
    `<th>mean probe tok</th><th>probes per sample</th><th class="l">how reasoning ended</th><th>best fixed budget</th><th>largest budget</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}
