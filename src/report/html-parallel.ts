import { escapeHtml as e } from '../util/html.js';
import { fmtTok } from './format.js';
import { shareCI } from './replay-format.js';
import type { RunSummary } from './summary.js';
import type { TaskCharts } from './task-charts.js';

/** "+4.2 pts [+1.0, +7.5]": a difference of shares in points with its interval. */
function points(i: { estimate: number; lo: number; hi: number }): string {
  const f = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}`;
  return `${f(i.estimate)} pts [${f(i.lo)}, ${f(i.hi)}]`;
}

/**
 * Parallel vs sequential thinking at matched compute, from the run's own trials: majority@k of
 * shorter samples against one sample at the budget whose realized tokens match k of them.
 */
export function parallelBlock(s: RunSummary, tc: TaskCharts): string {
  const cs = s.parallel.filter((c) => c.taskId === tc.taskId && c.variant === tc.variant);
  const head = '<h3>Parallel vs sequential at matched compute</h3>';
  if (cs.length === 0) {
    const trials = Math.max(0, ...s.curves.filter((p) => p.taskId === tc.taskId).map((p) => p.n));
    return trials > 0
      ? `${head}<p class="muted">No pair of budgets here where k of the run’s trials at one budget spend about what one sample spends at another (within a factor ${1.5}). It needs at least 2 trials per item and budgets about k× apart; <code>overthink power --parallel</code> says how many items and trials it needs.</p>`
      : '';
  }
  const rows = cs.map((c) => {
    const cls = c.diff.lo > 0 ? 'up' : c.diff.hi < 0 ? 'down' : '';
    return (
      `<tr><td class="l">${e(c.model)}</td><td>maj@${c.k} of ${c.budget}<br><span class="muted">${fmtTok(c.parallelTokens)} tok</span></td>` +
      `<td>1 × ${c.against}<br><span class="muted">${fmtTok(c.sequentialTokens)} tok</span></td><td>${c.items}</td>` +
      `<td>${shareCI(c.parallel)}</td><td>${shareCI(c.sequential)}</td><td class="${cls}">${points(c.diff)}</td></tr>`
    );
  });
  return (
    head +
    '<p class="muted">Ghosal et al. (arXiv 2506.04210) found several independent short paths with a majority vote up to 20% more accurate than one extended path at the same budget. Here from stored trials only (no new calls): majority@k at a budget (the expected vote over k of an item’s trials, ties split fairly) against one sample at the budget whose mean realized reasoning tokens match k of them. Differences are means over items with 95% intervals; green: parallel better, red: worse.</p>' +
    (tc.parallel ? `<div class="chart">${tc.parallel}</div>` : '') +
    '<table class="parallel"><thead><tr><th class="l">model</th><th>parallel</th><th>sequential</th><th>items</th><th>parallel accuracy</th><th>sequential accuracy</th><th>parallel − sequential</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}
