import { createHash } from 'node:crypto';
import type { Comparison } from '../analysis/compare.js';
import { REPLAY_STYLE } from '../report/html-replay.js';
import { STYLE } from '../report/html-style.js';
import { TRACE_DIFF_STYLE } from '../report/trace-diff.js';
import { escapeHtml as e, jsonForScript } from '../util/html.js';
import { VIEW_SCRIPT } from './client-script.js';
import type { ItemAnswer } from './history.js';
import type { RunListing } from './runs.js';
import type { FilterChoices } from './sample-query.js';

/**
 * The viewer's pages. Every page has the report's stylesheet and escaping (util/html.ts), one JSON
 * block for its script and the one script, which the Content-Security-Policy allows by hash; nothing
 * else runs and nothing outside this server is fetched.
 */
export const SCRIPT_HASH = `sha256-${createHash('sha256').update(VIEW_SCRIPT).digest('base64')}`;
export const CSP = `default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src '${SCRIPT_HASH}'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;

const VIEW_STYLE = `
nav.bar{background:#1d1d1f;color:#fff;padding:.45rem 1.2rem;display:flex;gap:1.2rem;align-items:center}
nav.bar a{color:#fff;text-decoration:none;font-weight:600}nav.bar .muted{color:#bbb}
.sim-tag{background:#ffe066;border-radius:3px;padding:0 .3rem;margin-left:.3rem;font-size:.75rem;font-weight:700}
.status-running{color:#0b57d0;font-weight:bold}.status-complete{color:var(--up)}.status-incomplete,.status-interrupted{color:#8a6d00}.status-crashed{color:#b3261e;font-weight:bold}
#run-table td{text-align:left}#run-table td.progress{text-align:right;white-space:nowrap}
progress{width:18rem;height:1rem;vertical-align:middle}
.runinfo{display:flex;flex-wrap:wrap;gap:.3rem 1.5rem;align-items:center}
form.pick{background:var(--bg2);padding:.6rem;border-radius:6px;display:flex;flex-wrap:wrap;gap:.6rem;align-items:end}
form.pick label{display:flex;flex-direction:column;font-size:.8rem;color:var(--muted)}
`;

function layout(title: string, body: string, data: unknown, simulated: boolean): string {
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${e(title)} · overthink view</title><style>${STYLE}${REPLAY_STYLE}${TRACE_DIFF_STYLE}${VIEW_STYLE}</style></head><body>`,
    simulated
      ? '<div class="sim-banner" id="simulated-banner">SIMULATED MODEL — not results from a real model</div>'
      : '',
    '<nav class="bar"><a href="/">overthink view</a><a href="/">runs</a><a href="/compare">compare</a><a href="/history">across runs</a></nav>',
    `<main>${body}</main>`,
    `<script type="application/json" id="view-data">${jsonForScript(data)}</script>`,
    `<script>${VIEW_SCRIPT}</script>`,
    '</body></html>',
  ].join('\n');
}

export function runListPage(stores: string[], runs: RunListing[], pollMs: number): string {
  const statuses = [...new Set(runs.map((r) => r.status))].sort();
  const body =
    `<h1>Runs</h1><p class="muted">Every run in ${stores.map((s) => `<code>${e(s)}</code>`).join(', ')}, newest first. Click a run for its report and samples; tick two or more to compare them. Runs in progress update by themselves.</p>` +
    '<div class="filters"><label>search<input id="run-filter" type="search" placeholder="run, model, task…"></label>' +
    `<label>status<select id="run-status"><option value="">all</option>${statuses.map((s) => `<option>${e(s)}</option>`).join('')}</select></label>` +
    '<label>sort by<select id="run-sort"><option value="updated">last updated</option><option value="created">created</option><option value="samples">samples</option><option value="cost">cost</option><option value="name">name</option></select></label>' +
    '<button id="compare-picked" type="button">compare ticked runs</button><span id="compare-hint" class="muted"></span></div>' +
    '<p><b id="run-count"></b></p>' +
    '<div class="table-scroll"><table id="run-table"><thead><tr><th></th><th class="l">run</th><th class="l">models</th><th class="l">tasks</th><th class="l">budgets</th><th class="l">status</th><th>samples done / planned</th><th>cost</th><th class="l">shape (all items)</th><th class="l">created</th></tr></thead><tbody id="run-rows"></tbody></table></div>' +
    (runs.length === 0 ? '<p>No runs yet: <code>overthink run …</code> stores one here.</p>' : '') +
    '<noscript><p class="warn">The run list needs JavaScript.</p></noscript>';
  return layout(
    'runs',
    body,
    { page: 'runs', stores, runs, pollMs },
    runs.some((r) => r.simulated),
  );
}

export interface RunPageData {
  listing: RunListing;
  storeLabel: string;
  choices: FilterChoices;
  /** The report's views when already analysed for this version, else undefined (loaded by the page). */
  views?: string;
  autoViews: boolean;
  pollMs: number;
}

export function runPage(d: RunPageData): string {
  const r = d.listing;
  const title = r.name ? `${r.name} (${r.id})` : r.id;
  const sel = (id: string, label: string) => `<label>${label}<select id="f-${id}"></select></label>`;
  const models = [...new Set(r.models.map((m) => m.id))];
  const body =
    `<header><h1>Run <code>${e(title)}</code></h1>` +
    `<div class="runinfo"><span>store <code>${e(d.storeLabel)}</code></span><span>status <b id="run-state">${e(r.status)}</b></span>` +
    `<span><progress id="run-progress" max="${r.planned ?? 1}" value="${r.planned ? r.done : 0}"></progress> <span id="run-progress-text">${r.done.toLocaleString('en-US')} of ${r.planned === null ? '?' : r.planned.toLocaleString('en-US')} samples done</span></span>` +
    `<span>cost $${r.costUsd.toFixed(2)}</span><span>created ${e(r.created.slice(0, 16).replace('T', ' '))}</span></div>` +
    `<p class="muted">Models ${models.map((m) => `<code>${e(m)}</code>`).join(', ')} · tasks ${r.tasks
      .map(
        (t) =>
          `<code>${e(t)}</code> (${models.map((m) => `<a href="/history?model=${encodeURIComponent(m)}&amp;task=${encodeURIComponent(t)}">${e(m)} across runs</a>`).join(', ')})`,
      )
      .join(', ')} · <a href="#samples">sample browser</a></p></header>` +
    `<p class="muted" id="views-state">${d.views ? 'as of this page' : d.autoViews ? 'analysing…' : ''}</p>` +
    (d.views || d.autoViews
      ? ''
      : `<p><button id="load-views" type="button">analyse this run (${r.stored.toLocaleString('en-US')} samples: this takes a while)</button> <span class="muted">The sample browser below works without it.</span></p>`) +
    `<div id="views">${d.views ?? ''}</div>` +
    '<h2 id="samples">Sample browser</h2>' +
    '<p class="muted">Every sample of the run, filtered and paged by the server; click a row to read its full trace (loaded when opened), and copy its link to come back to it.</p>' +
    `<div class="filters" id="filters">${sel('model', 'model')}${sel('task', 'task')}${sel('variant', 'variant')}${sel('budget', 'budget')}${sel('outcome', 'outcome')}` +
    '<label>item id<input id="f-item" type="search" placeholder="contains…"></label><button id="reset-filters" type="button">reset</button></div>' +
    '<div class="pager"><b id="match-count">loading…</b><button id="prev-page" type="button">‹ prev</button><span id="page-info"></span><button id="next-page" type="button">next ›</button></div>' +
    '<div class="table-scroll"><table id="sample-table"><thead><tr><th>model</th><th>task</th><th>item</th><th>budget</th><th>trial</th><th>outcome</th><th>reasoning tok</th><th>expected</th><th>model answer</th></tr></thead><tbody id="sample-rows"></tbody></table></div>';
  return layout(
    title,
    body,
    {
      page: 'run',
      store: r.store,
      run: r.id,
      version: r.version,
      status: r.status,
      choices: d.choices,
      autoViews: d.autoViews,
      viewsLoaded: d.views !== undefined,
      pollMs: d.pollMs,
    },
    r.simulated,
  );
}

/** A picker of runs (any store) and an optional task, as a plain GET form: works without script. */
function runPicker(runs: RunListing[], stores: string[], picked: string[], multiple: boolean): string {
  return `<select name="run"${multiple ? ` multiple size="${Math.min(10, Math.max(3, runs.length))}"` : ''}>${runs
    .map((r) => {
      const v = `${r.store}:${r.id}`;
      const label = `${r.created.slice(0, 10)} ${r.name ?? r.id} — ${r.models.map((m) => m.id).join(', ')} · ${r.tasks.join(', ')}${stores.length > 1 ? ` (${stores[r.store]})` : ''}`;
      return `<option value="${e(v)}"${picked.includes(v) ? ' selected' : ''}>${e(label)}</option>`;
    })
    .join('')}</select>`;
}

export function comparePage(
  runs: RunListing[],
  stores: string[],
  picked: string[],
  task: string | undefined,
  result: { html: string; c: Comparison } | { error: string } | undefined,
): string {
  const tasks = [...new Set(runs.flatMap((r) => r.tasks))].sort();
  const body =
    '<h1>Compare runs</h1><p class="muted">Pick two or more runs, from any of the stores. The oldest one picked is the baseline: every difference is a run minus it, with a 95% CI. This is <code>overthink compare</code>, on demand.</p>' +
    `<form class="pick" method="get" action="/compare"><label>runs (ctrl-click for several)${runPicker(runs, stores, picked, true)}</label>` +
    `<label>task<select name="task"><option value="">every shared task</option>${tasks.map((t) => `<option${t === task ? ' selected' : ''}>${e(t)}</option>`).join('')}</select></label><button type="submit">compare</button></form>` +
    (result === undefined
      ? ''
      : 'error' in result
        ? `<p class="warn" id="compare-error">${e(result.error)}</p>`
        : `<div id="comparison"><p>Baseline <code>${e(result.c.runs[0].label)}</code>; compared: ${result.c.runs
            .slice(1)
            .map((r) => `<code>${e(r.label)}</code>`)
            .join(', ')}</p>${result.html}</div>`);
  const sim = result !== undefined && 'c' in result && result.c.runs.some((r) => r.simulated);
  return layout('compare', body, { page: 'compare' }, sim);
}

export function historyPage(
  models: string[],
  tasks: string[],
  model: string | undefined,
  task: string | undefined,
  result: { html: string; c: Comparison } | { error: string } | undefined,
): string {
  const opt = (xs: string[], v: string | undefined) =>
    xs.map((x) => `<option${x === v ? ' selected' : ''}>${e(x)}</option>`).join('');
  const body =
    '<h1>Across runs</h1><p class="muted">For one model and task: its curve in every run that has them, oldest first, so you see how it moved between releases. The oldest run is the baseline of the differences. For one item’s answers across runs and budgets, open a sample and follow “this item across runs”, or give the item here.</p>' +
    `<form class="pick" method="get" action="/history"><label>model<select name="model">${opt(models, model)}</select></label><label>task<select name="task">${opt(tasks, task)}</select></label><button type="submit">show</button></form>` +
    `<form class="pick" method="get" action="/item"><label>task<select name="task">${opt(tasks, task)}</select></label><label>item id<input name="item" type="search"></label><button type="submit">this item across runs</button></form>` +
    (result === undefined
      ? ''
      : 'error' in result
        ? `<p class="warn">${e(result.error)}</p>`
        : `<div id="history">${result.html}</div>`);
  const sim = result !== undefined && 'c' in result && result.c.runs.some((r) => r.simulated);
  return layout('across runs', body, { page: 'history' }, sim);
}

export function itemPage(task: string, item: string, prompt: string | null, answers: ItemAnswer[]): string {
  const rows = answers.map(
    (a) =>
      `<tr><td class="l"><a href="/run/${a.store}/${encodeURIComponent(a.run)}">${e(a.runLabel)}</a></td><td class="l">${e(a.model)}</td><td class="l">${e(a.variant)}</td><td>${e(a.budget)}</td><td>${a.trial}</td>` +
      `<td class="l o-${e(a.outcome)}">${e(a.outcome)}</td><td>${a.reasoningTokens ?? ''}</td><td class="l">${e(a.answer)}</td>` +
      `<td class="l"><a href="/run/${a.store}/${encodeURIComponent(a.run)}?task=${encodeURIComponent(task)}&amp;item=${encodeURIComponent(item)}&amp;open=${encodeURIComponent(a.key)}#samples">trace</a></td></tr>`,
  );
  const body =
    `<h1>Item <code>${e(item)}</code> of <code>${e(task)}</code> across runs</h1>` +
    (prompt !== null ? `<details><summary>prompt</summary><pre>${e(prompt)}</pre></details>` : '') +
    (answers.length
      ? `<p>Expected answer: <b>${e(answers[0].expected)}</b> · ${answers.length} answers</p><table id="item-answers"><thead><tr><th class="l">run</th><th class="l">model</th><th class="l">variant</th><th>budget</th><th>trial</th><th class="l">outcome</th><th>reasoning tok</th><th class="l">model answer</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`
      : '<p class="warn">No run in these stores holds an answer to this item.</p>');
  return layout(`item ${item}`, body, { page: 'item' }, false);
}

export function errorPage(status: number, message: string): string {
  return layout(
    String(status),
    `<h1>${status}</h1><p class="warn">${e(message)}</p><p><a href="/">all runs</a></p>`,
    { page: 'error' },
    false,
  );
}
