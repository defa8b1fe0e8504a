import type { ReplayTrace } from '../analysis/replay.js';
import { budgetLabel } from '../core/budget.js';
import { escapeHtml as e } from '../util/html.js';
import { fmtTok } from './format.js';
import { shareCI, tokensCI } from './replay-format.js';
import type { RunSummary } from './summary.js';
import type { TaskCharts } from './task-charts.js';

/** Rules for the replay block's answer strips (appended to the report's stylesheet). */
export const REPLAY_STYLE = `
.strip{display:flex;flex-wrap:wrap;gap:2px}
.strip span{display:inline-block;min-width:2.6rem;padding:0 .25rem;border-radius:3px;font-size:.78rem;text-align:center;border:1px solid var(--line)}
.strip span.r{background:#e3f4e8;color:var(--up)}.strip span.w{background:#fbe4e6;color:var(--down)}
.strip span.end{font-weight:bold;border-color:#555}
`;

/**
 * Where in the trace the answer was right: the early-exit replay of a task's largest budget (the
 * chart, then one row per model, then traces that had the right answer and lost it). Without a
 * replay, one line says how to make one, or plainly why a model cannot have one.
 */
export function replayBlock(s: RunSummary, tc: TaskCharts): string {
  const groups = s.replay.filter((g) => g.taskId === tc.taskId && g.variant === tc.variant);
  const unavailable = s.replayUnavailable.map((u) => `<li>${e(u.model)}: ${e(u.reason)}.</li>`).join('');
  const cannot = unavailable ? `<ul class="muted">${unavailable}</ul>` : '';
  if (groups.length === 0) {
    const replayable = s.replayUnavailable.length < new Set(s.curves.map((p) => p.model)).size;
    return (
      '<h3>Where in the trace</h3>' +
      (replayable
        ? `<p class="muted">Not replayed yet: <code>overthink replay ${e(s.runId)} --at 256,512,1024,2048,4096,8192</code> re-enters each stored trace of the largest budget and reads the answer at those points (probes, not reasoning), to show where answers were right and which were lost by reasoning on.</p>`
        : '<p class="muted">Early-exit replay is not available for this run’s models:</p>') +
      cannot
    );
  }
  const rows = groups.map((g) => {
    const bestFixed = [...g.fixed].sort((a, b) => b.score - a.score)[0];
    return (
      `<tr><td class="l">${e(g.model)}</td><td>${e(budgetLabel(g.budget))}</td><td>${g.traces} (${g.items})</td>` +
      `<td>${shareCI(g.endAccuracy)}<br><span class="muted">${fmtTok(g.meanTokens)} tok</span></td>` +
      `<td><b>${shareCI(g.oracle.accuracy)}</b><br><span class="muted">${tokensCI(g.oracle.meanTokens)} tok</span></td>` +
      `<td>${shareCI(g.rightBeforeEnd)}</td><td>${shareCI(g.rightInFirstHalf)}</td>` +
      `<td><b>${shareCI(g.hadItAndLostIt)}</b></td><td>${shareCI(g.flippedTwice)}</td><td>${tokensCI(g.firstRightTokens)}</td>` +
      `<td>${bestFixed ? `${(bestFixed.score * 100).toFixed(1)}% at ${e(budgetLabel(bestFixed.budget))}` : 'n/a'}</td>` +
      `<td>${g.scheduler ? `${(g.scheduler.score * 100).toFixed(1)}% [${(g.scheduler.lo * 100).toFixed(1)}, ${(g.scheduler.hi * 100).toFixed(1)}]<br><span class="muted">${fmtTok(g.scheduler.meanTokens)} tok</span>` : '—'}</td>` +
      `<td>${g.probes.toLocaleString('en-US')}<br><span class="muted">${Number.isFinite(g.meanProbeTokens) ? g.meanProbeTokens.toFixed(1) : 'n/a'} tok each</span></td></tr>`
    );
  });
  const examples = groups.flatMap((g) => g.examples);
  return (
    '<h3>Where in the trace the answer was right (early-exit replay)</h3>' +
    '<p class="muted">Each stored trace of the largest budget was re-entered and, at each checkpoint, made to stop and answer (the end of thinking and the answer prefix forced, a few tokens read, then discarded: probes, not reasoning, counted apart). ' +
    'The purple line is the share of traces holding the right answer at that point, ending at the stored answers; grey squares are the fixed budgets, each from its own samples; the dashed line is the oracle stopper, which stops every trace at its first right point. ' +
    'A gap between the oracle and the end is answers the model had and reasoned away. Intervals are 95%, items as clusters.</p>' +
    (tc.replay ? `<div class="chart">${tc.replay}</div>` : '') +
    '<table class="replay"><thead><tr><th class="l">model</th><th>budget</th><th>traces (items)</th><th>at the end</th><th>oracle stopper</th>' +
    '<th>right before the end</th><th>first right in first half</th><th>had it and lost it</th><th>changed twice or more</th><th>first right at (tok)</th>' +
    `<th>best fixed budget</th><th>scheduler</th><th>probes</th></tr></thead><tbody>${rows.join('')}</tbody></table>` +
    (examples.length ? examplesTable(examples) : '') +
    cannot
  );
}

function examplesTable(ts: ReplayTrace[]): string {
  const rows = ts.map(
    (t) =>
      `<tr><td class="l">${e(t.model)}</td><td class="l">${e(t.itemId)}</td><td>${t.trial}</td><td class="l">${strip(t)}</td>` +
      `<td>${t.firstRight === null ? 'never' : fmtTok(t.firstRight)}</td><td>${t.lastFlip === null ? '—' : fmtTok(t.lastFlip)}</td></tr>`,
  );
  return (
    '<h4>Traces that had the right answer and lost it (and others that changed twice)</h4>' +
    '<p class="muted">The answer read at each checkpoint (✓ right, ✗ wrong; hover for the answer), then the stored answer at the end. Every trace: <code>replay-traces.csv</code>.</p>' +
    `<table class="replay-traces"><thead><tr><th class="l">model</th><th class="l">item</th><th>trial</th><th class="l">answer along the trace</th><th>first right</th><th>last flip</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

/** ✓/✗ cells along a trace; model answers only in title attributes, escaped. */
function strip(t: ReplayTrace): string {
  const cell = (right: boolean, label: string, answer: string | null, cls = '') =>
    `<span class="${right ? 'r' : 'w'}${cls}" title="${e(answer ?? '(no answer)')}">${right ? '✓' : '✗'} ${e(label)}</span>`;
  return `<div class="strip">${t.points.map((p) => cell(p.right, p.mark, p.answer)).join('')}${cell(t.end.right, `end ${fmtTok(t.tokens)}`, t.end.answer, ' end')}</div>`;
}
