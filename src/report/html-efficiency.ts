import { escapeHtml as e } from '../util/html.js';
import { fmtTok } from './format.js';
import { shareCI, tokensCI } from './replay-format.js';
import type { RunSummary } from './summary.js';
import type { TaskCharts } from './task-charts.js';

/**
 * Token efficiency of a task's fixed budgets: per budget, right answers per 1,000 reasoning tokens
 * and the overthinking-adjusted accuracy's AUC; per item, the smallest budget solving it reliably
 * and the tokens the largest budget spends beyond it.
 */
export function efficiencyBlock(s: RunSummary, tc: TaskCharts): string {
  const effs = s.efficiency.filter((x) => x.taskId === tc.taskId && x.variant === tc.variant);
  if (effs.length === 0) return '';
  const parts = effs.map((x) => {
    const rows = x.budgets.map(
      (b) =>
        `<tr><td>${b.budget}</td><td>${b.n}</td><td>${(b.accuracy * 100).toFixed(1)}%</td><td>${fmtTok(b.meanTokens)}</td>` +
        `<td>${b.perThousand ? `${b.perThousand.estimate.toFixed(3)} [${b.perThousand.lo.toFixed(3)}, ${b.perThousand.hi.toFixed(3)}]` : 'n/a (no reasoning)'}</td>` +
        `<td>${shareCI(b.aucOaa)}</td></tr>`,
    );
    const first = x.firstReliableAt.map((f) => `${f.items} at ${f.budget}`).join(', ');
    const waste = x.waste
      ? `At the largest budget those items spend <b>${tokensCI(x.waste)}</b> reasoning tokens each beyond their reliable budget${x.wasteShare === null ? '' : ` (${(x.wasteShare * 100).toFixed(0)}% of what it spends on them)`}.`
      : '';
    return (
      `<p><b>${e(x.model)}</b>: ${x.solvedReliably} of ${x.items} items are solved reliably (right in every trial) at some budget${first ? `, first at: ${e(first)}` : ''}. ${waste}</p>` +
      '<table class="efficiency"><thead><tr><th>budget</th><th>n</th><th>accuracy</th><th>mean reasoning tok</th>' +
      `<th>right per 1k reasoning tok [95% CI]</th><th>AUC of OAA, t ≤ ${fmtTok(x.tMax)} [95% CI]</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    );
  });
  return (
    '<h3>Token efficiency</h3>' +
    '<p class="muted">Overthinking-adjusted accuracy (OptimalThinkingBench, arXiv 2508.13141) counts a right answer only when it came within t reasoning tokens; its AUC averages that over t from 0 to t_max, which is accuracy discounted by the share of t_max spent: (1/n) Σ right × max(0, 1 − tokens/t_max). ' +
    'OptimalThinkingBench uses t_max = 1,000 for its simple questions; here t_max is the largest budget of the run. Per-threshold values are in <code>summary.json</code> (efficiency[].budgets[].oaa).</p>' +
    parts.join('')
  );
}
