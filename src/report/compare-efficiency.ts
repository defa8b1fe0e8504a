import type { Comparison } from '../analysis/compare.js';
import { escapeHtml as e } from '../util/html.js';
import { fmtTok } from './format.js';

/**
 * A task's token efficiency in each run side by side (compare.html): right answers per 1k reasoning
 * tokens and the AUC of overthinking-adjusted accuracy per budget, then the tokens the largest budget
 * spends beyond each item's reliable budget.
 */
export function efficiencyTable(c: Comparison, taskId: string, variant: string): string {
  const rows = c.efficiency.filter((r) => r.taskId === taskId && r.variant === variant);
  if (rows.length === 0) return '';
  const head = c.runs.map((r) => `<th>${e(r.label)}: right per 1k tok · AUC of OAA</th>`).join('');
  const body = rows.map(
    (r) =>
      `<tr><td class="l">${e(r.model)}</td><td>${r.budget}</td>` +
      r.perRun
        .map((x) =>
          x
            ? `<td>${x.perThousand === null ? 'n/a' : x.perThousand.toFixed(3)} · ${(x.aucOaa * 100).toFixed(1)}% <span class="muted">(t ≤ ${fmtTok(x.tMax)})</span></td>`
            : '<td>—</td>',
        )
        .join('') +
      '</tr>',
  );
  const waste = c.waste
    .filter((r) => r.taskId === taskId && r.variant === variant)
    .map(
      (r) =>
        `<tr><td class="l">${e(r.model)}</td><td>waste</td>` +
        r.perRun
          .map((x) =>
            x
              ? `<td>${x.waste === null ? 'n/a' : `${fmtTok(x.waste)} tok [${fmtTok(x.lo ?? Number.NaN)}, ${fmtTok(x.hi ?? Number.NaN)}]`} <span class="muted">${x.solvedReliably}/${x.items} items reliable</span></td>`
              : '<td>—</td>',
          )
          .join('') +
        '</tr>',
    );
  return (
    '<h3>Token efficiency</h3><p class="muted">Per budget: right answers per 1,000 reasoning tokens, and the AUC of overthinking-adjusted accuracy (OptimalThinkingBench, arXiv 2508.13141) over each run’s own t_max (its largest budget). Waste: reasoning tokens the largest budget spends beyond each item’s smallest reliable budget (right in every trial), mean over those items with a 95% interval.</p>' +
    `<table><thead><tr><th class="l">model</th><th>budget</th>${head}</tr></thead><tbody>${[...body, ...waste].join('')}</tbody></table>`
  );
}
