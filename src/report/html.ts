import { createHash } from 'node:crypto';
import { TAG_DESCRIPTIONS, TAG_NAMES } from '../analysis/failure-config.js';
import { type FailureDigest, mostlyFailed } from '../store/failures.js';
import { escapeHtml as e, jsonForScriptPieces } from '../util/html.js';
import { BROWSER_SCRIPT } from './browser-script.js';
import { failureHeadline, failureMessageLines } from './failures-format.js';
import { FLIP_DEFINITION, withVariant } from './format.js';
import { efficiencyBlock } from './html-efficiency.js';
import { flipsBlock } from './html-flips.js';
import { parallelBlock } from './html-parallel.js';
import { REPLAY_STYLE, replayBlock } from './html-replay.js';
import { schedulerBlock } from './html-scheduler.js';
import {
  anchor,
  complianceBlock,
  ladderBlock,
  lossesBlock,
  naturalBlock,
  overviewTable,
  pointsTable,
  regressionBlock,
  shapeTable,
  tagsBlock,
  trendTable,
  verdictList,
} from './html-sections.js';
import { STYLE } from './html-style.js';
import type { EmbeddedSamples } from './sample-data.js';
import { type RunSummary, verdictParts } from './summary.js';
import type { TaskCharts } from './task-charts.js';
import { TRACE_DIFF_STYLE, type TraceDiffData, traceDiffSection } from './trace-diff.js';
import { TRACE_DIFF_SCRIPT } from './trace-diff-script.js';

/**
 * The self-contained HTML report: inline CSS, inline SVG charts, the samples as one JSON block and
 * one small script for the sample browser. No network access, and everything but the browser reads
 * without JavaScript. Model text is escaped on the server side and set with textContent in the page.
 */
export function renderHtml(
  s: RunSummary,
  sections: TaskCharts[],
  samples: EmbeddedSamples,
  flipTexts: Map<string, { text: string; reasoning: string }>,
  diff?: TraceDiffData,
): string {
  return [...htmlPieces(s, sections, samples, flipTexts, diff)].join('');
}

/**
 * The same page in pieces, made as they are written (build.ts writes them one by one): the samples'
 * JSON, most of a large report, is never one string, nor is the page.
 */
export function* htmlPieces(
  s: RunSummary,
  sections: TaskCharts[],
  samples: EmbeddedSamples,
  flipTexts: Map<string, { text: string; reasoning: string }>,
  diff?: TraceDiffData,
): Generator<string> {
  const p: (string | (() => Iterable<string>))[] = [];
  p.push('<!doctype html><html lang="en"><head><meta charset="utf-8">');
  p.push('<meta name="viewport" content="width=device-width,initial-scale=1">');
  // Defence in depth: only the browser script (by hash) may run, and nothing may be fetched.
  p.push(
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data: blob:; style-src 'unsafe-inline'; script-src '${SCRIPT_HASH}' '${DIFF_SCRIPT_HASH}'">`,
  );
  p.push(
    `<title>overthink report · ${e(s.runId)}${s.simulated ? ' · SIMULATED MODEL' : ''}</title><style>${STYLE}${REPLAY_STYLE}${TRACE_DIFF_STYLE}</style></head><body>`,
  );
  if (s.simulated)
    p.push(
      `<div class="sim-banner" id="simulated-banner">SIMULATED MODEL — not results from a real model</div>`,
    );
  p.push(
    `<header class="top"><h1>overthink: does the model get worse when it thinks longer?</h1>` +
      `<p>Run <code>${e(s.runId)}</code>${s.runName ? ` (${e(s.runName)})` : ''} · ${s.samples.toLocaleString('en-US')} samples · status ${e(s.status)} · overthink ${e(s.toolVersion)}</p></header><main>`,
  );
  if (s.notice) p.push(`<p class="notice" id="simulated-notice">${e(s.notice)}</p>`);
  if (s.failures && s.failures.failed > 0) p.push(errorBanner(s.failures));
  for (const n of s.itemNotices ?? []) p.push(`<p class="notice items-notice">${e(n)}</p>`);
  if (s.origin) {
    p.push(`<p class="notice" id="origin">${e(s.source[0].toUpperCase() + s.source.slice(1))}.</p>`);
    for (const n of s.origin.notes) p.push(`<p class="notice small origin-note">${e(n)}</p>`);
  }
  p.push(toc(s, sections));
  p.push('<h2 id="verdict">Verdict</h2>');
  const lines = verdictParts(s);
  // With no verdict, the overview says why (one budget, the natural regime, nothing scored).
  if (lines.length) p.push(verdictList(lines));
  p.push(overviewTable(s));
  if (lines.length)
    p.push(
      '<p class="muted">The shape reads the whole curve: ↓ decline · ↑ rise · → flat · ∩ peaked (best at an inner budget, then worse) · ∪ dip · ~ noisy (changes, but in no single shape). ' +
        'Its intervals are simultaneous 95% intervals over every pair of budgets and the slope, so the best budget can be picked from the same data. ' +
        `The paper’s Table 1 class compares the smallest and the largest budget only; its paired p-values are also shown Holm-adjusted over all ${s.comparisons} comparison${s.comparisons === 1 ? '' : 's'} (one per model × task × variant × stratum curve). ${e(FLIP_DEFINITION)} See <a href="#methods">Methods</a>.</p>`,
    );
  for (const tc of sections) p.push(taskSection(s, tc, flipTexts));
  p.push(browser(samples));
  if (diff) p.push(traceDiffSection(diff));
  p.push(exportsSection());
  p.push(methods(s));
  p.push(() =>
    jsonForScriptPieces(samples, '<script type="application/json" id="sample-data">', '</script>'),
  );
  p.push(`<script>${BROWSER_SCRIPT}</script>`);
  if (diff) p.push(`<script>${TRACE_DIFF_SCRIPT}</script>`);
  p.push('</main></body></html>');
  for (let i = 0; i < p.length; i++) {
    if (i > 0) yield '\n';
    const x = p[i];
    if (typeof x === 'string') yield x;
    else yield* x();
  }
}

/** Failed samples, before anything else: how many by class, the first distinct messages, what next. */
export function errorBanner(f: FailureDigest): string {
  return (
    `<div class="error-banner" id="error-banner" role="alert"><b>${e(mostlyFailed(f) ? '⚠ ' : '')}${e(failureHeadline(f))}.</b>` +
    `<ul>${failureMessageLines(f)
      .map((l) => `<li><code>${e(l)}</code></li>`)
      .join('')}</ul>` +
    '<span class="muted">Running the run’s command again retries them (finished samples are kept). Every failed sample with its message: <code>overthink export --outcome error --with-text</code>.</span></div>'
  );
}

const SCRIPT_HASH = `sha256-${createHash('sha256').update(BROWSER_SCRIPT).digest('base64')}`;
const DIFF_SCRIPT_HASH = `sha256-${createHash('sha256').update(TRACE_DIFF_SCRIPT).digest('base64')}`;

function toc(s: RunSummary, sections: TaskCharts[]): string {
  const items = [
    '<li><a href="#verdict">Verdict and overview</a></li>',
    ...sections.map(
      (t) => `<li><a href="#${anchor(t.taskId, t.variant)}">${e(withVariant(t.taskId, t.variant))}</a></li>`,
    ),
    '<li><a href="#samples">Sample browser</a></li>',
    '<li><a href="#trace-diff">Same item, two budgets</a></li>',
    '<li><a href="#exports">Files and exports</a></li>',
    '<li><a href="#methods">Methods</a></li>',
  ];
  return `<nav class="toc" aria-label="contents"><b>Contents</b> · ${s.simulated ? 'simulated run' : 'run'} of ${s.samples.toLocaleString('en-US')} samples<ul>${items.join('')}</ul></nav>`;
}

export function taskSection(
  s: RunSummary,
  tc: TaskCharts,
  flipTexts: Map<string, { text: string; reasoning: string }>,
): string {
  const p: string[] = [];
  p.push(
    `<section id="${anchor(tc.taskId, tc.variant)}" class="task"><h2>${e(withVariant(tc.taskId, tc.variant))}</h2>`,
  );
  if (tc.curve) p.push(`<div class="chart">${tc.curve}</div>`);
  if (tc.strata)
    p.push(
      `<h3>By stratum</h3><p class="muted">One panel per stratum on shared axes; the dashed grey line is the all-items curve, for reference.</p><div class="chart">${tc.strata}</div>`,
    );
  if (tc.arms)
    p.push(
      `<h3>Arms side by side</h3><p class="muted">All-items curves of every prompt arm of this task (with and without example anchoring); a diamond is an arm's reasoning scheduler.</p><div class="chart">${tc.arms}</div>`,
    );
  const mine = <T extends { taskId: string; variant: string }>(xs: T[]) =>
    xs.filter((x) => x.taskId === tc.taskId && x.variant === tc.variant);
  p.push(shapeTable(mine(s.shapes)));
  p.push(trendTable(mine(s.trends)));
  p.push(lossesBlock(s, tc));
  p.push(schedulerBlock(s, tc));
  p.push(replayBlock(s, tc));
  p.push(efficiencyBlock(s, tc));
  p.push(parallelBlock(s, tc));
  p.push(pointsTable(s, tc.taskId, tc.variant));
  p.push(
    flipsBlock(
      mine(s.flipsFromBest),
      flipTexts,
      s.simulated,
      'Items that flip from the best budget to the largest',
      'best',
    ),
  );
  p.push(
    flipsBlock(
      mine(s.flips),
      flipTexts,
      s.simulated,
      'Items that flip from the smallest budget to the largest',
    ),
  );
  p.push(ladderBlock(s, tc));
  p.push(naturalBlock(s, tc));
  p.push(regressionBlock(s, tc));
  p.push(complianceBlock(s, tc));
  p.push(tagsBlock(s, tc));
  p.push('</section>');
  return p.join('\n');
}

function browser(d: EmbeddedSamples): string {
  const sel = (id: string, label: string) => `<label>${label}<select id="${id}"></select></label>`;
  return (
    `<h2 id="samples">Sample browser</h2>` +
    `<p class="muted">Every sample of the run, with the expected answer and the model's. Click a row to read its transcript right under it (reasoning collapsed); click it again to close it. Traces in this file are shortened to about ${d.excerptChars.toLocaleString('en-US')} characters ` +
    '(the start and the end, with a marker saying how much was left out); full texts: <code>overthink export --with-text</code>.</p>' +
    `<div class="filters" id="filters">${sel('f-model', 'model')}${sel('f-task', 'task')}${sel('f-budget', 'budget')}${sel('f-outcome', 'outcome')}${sel('f-stratum', 'stratum')}${sel('f-tag', 'failure tag')}` +
    '<label>item id<input id="f-item" type="search" placeholder="contains…"></label>' +
    `${sel('f-flips', 'flips')}` +
    '<button id="reset-filters" type="button">reset</button><button id="download-csv" type="button">download matching rows (CSV)</button></div>' +
    '<div class="pager"><b id="match-count">loading…</b><button id="prev-page" type="button">‹ prev</button><span id="page-info"></span><button id="next-page" type="button">next ›</button></div>' +
    '<div class="table-scroll"><table id="sample-table"><thead><tr><th>model</th><th>task</th><th>item</th><th>stratum</th><th>budget</th><th>trial</th><th>outcome</th><th>reasoning tok</th><th>tags</th><th>flip</th><th>expected</th><th>model answer</th></tr></thead>' +
    '<tbody id="sample-rows"></tbody></table></div>' +
    '<noscript><p class="warn">The sample browser needs JavaScript; every other part of this report works without it.</p></noscript>'
  );
}

function exportsSection(): string {
  return (
    '<h2 id="exports">Files and exports</h2><ul>' +
    '<li><code>summary.json</code>: every number in this report, with the methods and tag rules.</li>' +
    '<li><code>curves.csv</code> (with the lost answers by group), <code>shapes.csv</code>, <code>trends.csv</code> (the paper’s Table 1), <code>flips.csv</code> (smallest → largest and best → largest), <code>budget-compliance.csv</code>, <code>failure-tags.csv</code>: the tables.</li>' +
    '<li><code>charts/</code>: each chart as SVG and PNG.</li>' +
    '<li>One row per sample: <code>overthink export --csv</code>, <code>--jsonl</code> or <code>--json</code> (add <code>--with-text</code> for full answers and reasoning).</li></ul>'
  );
}

function methods(s: RunSummary): string {
  const m = Object.entries(s.methods).map(([k, v]) => `<li><b>${e(k)}</b>: ${e(v)}</li>`);
  const tags = TAG_NAMES.map((t) => `<li><b>${e(t)}</b>: ${e(TAG_DESCRIPTIONS[t])}</li>`);
  return (
    `<h2 id="methods">Methods</h2><ul>${m.join('')}</ul><h3>Failure-mode tag rules</h3><ul>${tags.join('')}</ul>` +
    `<details><summary>Exact tag patterns used for this report</summary><pre>${e(JSON.stringify(s.tagRules, null, 2))}</pre></details>`
  );
}
