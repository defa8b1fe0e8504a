import { hasDistractors, promptNumbers } from '../analysis/failure-modes.js';
import type { FlipSummary } from '../analysis/flips.js';
import { indexSamples } from '../analysis/sample-index.js';
import type { RunData } from '../analysis/samples.js';
import { itemKey } from '../core/item-key.js';
import { jsonForScript } from '../util/html.js';

/**
 * The budget-pair trace diff under the sample browser: the same item and trial at two budgets side
 * by side, from the first point where their reasoning parts, with what the failure-tag rules look for
 * highlighted. Its data is a small JSON block beside the browser's (the texts come from the browser's
 * own block); its script (trace-diff-script.ts) puts every piece of model text on the page with
 * textContent.
 */
export interface TraceDiffData {
  v: 1;
  /** Per tag: one regular expression (the rule's patterns joined), matched case-insensitively. */
  patterns: { tag: string; source: string }[];
  /** Per embedded item (sample-data.ts order): the prompt's numbers other than the answer, for items with distractors. */
  numbers: (string[] | null)[];
  /** Sentences of at least minWords words repeated back to back minRun times are drift. */
  drift: { minRun: number; minWords: number } | null;
  /** The sample shown first: one side of the first item that flips from the best budget (else the smallest) to the largest. */
  start: number | null;
}

export function buildTraceDiffData(
  data: RunData,
  flips: FlipSummary[],
  flipsFromBest: FlipSummary[] = [],
): TraceDiffData {
  const c = data.tagConfig;
  const join = (ps: readonly string[]) => ps.map((p) => `(?:${p})`).join('|');
  const patterns: TraceDiffData['patterns'] = [];
  if (c.distraction.enabled && c.distraction.codePatterns.length)
    patterns.push({ tag: 'distraction', source: join(c.distraction.codePatterns) });
  if (c.familiarFraming.enabled && c.familiarFraming.names.length)
    patterns.push({ tag: 'familiar-framing', source: join(c.familiarFraming.names) });
  if (c.spuriousFeature.enabled && c.spuriousFeature.spurious.length)
    patterns.push({ tag: 'spurious-feature', source: join(c.spuriousFeature.spurious) });
  if (c.selfPreservation.enabled && c.selfPreservation.patterns.length)
    patterns.push({ tag: 'self-preservation', source: join(c.selfPreservation.patterns) });
  const numbers = indexSamples(data).items.map((it) => {
    const item = data.items.get(itemKey(it.taskId, it.itemId));
    return c.distraction.enabled && item && hasDistractors(item) ? [...promptNumbers(item)] : null;
  });
  const firstFlip = [...flipsFromBest, ...flips].find((f) => f.flips.length > 0)?.flips[0];
  const start = firstFlip ? data.samples.findIndex((s) => s.key === firstFlip.lowKey) : -1;
  return {
    v: 1,
    patterns,
    numbers,
    drift: c.drift.enabled ? { minRun: c.drift.minRun, minWords: c.drift.minWords } : null,
    start: start >= 0 ? start : null,
  };
}

/** The section and its data block, placed right after the sample browser. */
export function traceDiffSection(d: TraceDiffData): string {
  return (
    '<h2 id="trace-diff">Same item, two budgets</h2>' +
    '<p class="muted">One item and trial at two budgets side by side. What both traces say first is shown once; the two columns start where they part. ' +
    'Highlights mark what the failure-tag rules look for (the prompt’s own numbers and code for distraction, famous puzzles, spurious features, self-preservation wording, and sentences repeated back to back for drift); a trace is tagged when enough of them occur. Click a sample in the browser above to compare it with the same item at another budget. Texts are the shortened excerpts of the browser.</p>' +
    '<div class="filters" id="diff-controls"><span id="diff-title">no sample chosen</span>' +
    '<label>left budget<select id="diff-a"></select></label><label>right budget<select id="diff-b"></select></label></div>' +
    '<div id="diff-view"></div>' +
    `<script type="application/json" id="trace-diff-data">${jsonForScript(d)}</script>`
  );
}

/** Styles of the diff: two columns, tag highlights. */
export const TRACE_DIFF_STYLE = `
#diff-view .sides pre{max-height:32rem}
#diff-view mark{background:#ffe9a8;border-bottom:2px solid #c9a227;padding:0 1px}
#diff-view mark.t-drift{background:#fbe4e6;border-color:var(--down)}
#diff-view mark.t-familiar-framing,#diff-view mark.t-self-preservation{background:#e8defa;border-color:#54278f}
#diff-view .shared summary{color:var(--muted)}
`;
