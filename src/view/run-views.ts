import { computeCurves } from '../analysis/curves.js';
import { loadRunData } from '../analysis/samples.js';
import { analyseShapes } from '../analysis/shape.js';
import { flipTexts, renderTaskCharts } from '../report/build.js';
import { FLIP_DEFINITION } from '../report/format.js';
import { errorBanner, taskSection } from '../report/html.js';
import { overviewTable, verdictList } from '../report/html-sections.js';
import { renderSvg } from '../report/render.js';
import { shapeLabel } from '../report/shape-format.js';
import { summarise, verdictParts } from '../report/summary.js';
import type { DB } from '../store/db.js';
import type { RunRow } from '../store/runs.js';
import { escapeHtml as e } from '../util/html.js';

/** A curve's shape in a few words, for the run list: "misleading-math · sim:inverse: ↓ decline". */
export interface ShapeLabel {
  model: string;
  task: string;
  variant: string;
  label: string;
}

/**
 * The report's views of one run (verdict, overview, and per task: curves, shapes, the decline
 * breakdown, flips, compliance, tags …), made from the store on demand with the report's own
 * analysis and HTML sections, so the viewer and report.html never disagree. Charts are drawn to SVG
 * in memory; nothing is written.
 */
export async function renderRunViews(db: DB, run: RunRow): Promise<{ html: string; shapes: ShapeLabel[] }> {
  const data = loadRunData(db, run.id, { excerptChars: 0 });
  const s = summarise(data);
  const sections = await renderTaskCharts(s, (_name, spec) => renderSvg(spec));
  const p: string[] = [];
  if (run.status === 'running')
    p.push(
      `<p class="warn" id="partial-notice">This run is still being written: everything below is over the ${s.samples.toLocaleString('en-US')} samples stored so far, and will change.</p>`,
    );
  else if (run.status === 'crashed')
    p.push(
      `<p class="warn" id="partial-notice">This run stopped before it finished (its process is gone): everything below is over the ${s.samples.toLocaleString('en-US')} samples it stored; run it again to resume.</p>`,
    );
  if (s.notice) p.push(`<p class="notice">${e(s.notice)}</p>`);
  if (s.failures && s.failures.failed > 0) p.push(errorBanner(s.failures));
  for (const n of s.itemNotices) p.push(`<p class="notice items-notice">${e(n)}</p>`);
  p.push('<h2 id="verdict">Verdict</h2>');
  const lines = verdictParts(s);
  if (lines.length) p.push(verdictList(lines));
  p.push(overviewTable(s));
  p.push(`<p class="muted">${e(FLIP_DEFINITION)}</p>`);
  const texts = flipTexts(data, s);
  for (const tc of sections) p.push(taskSection(s, tc, texts));
  return { html: p.join('\n'), shapes: labels(s.shapes) };
}

/** Only the shapes (all items), as the run list shows them: no tags, no texts read. */
export function runShapes(db: DB, run: RunRow): ShapeLabel[] {
  const data = loadRunData(db, run.id, { excerptChars: 0, tags: false });
  return labels(analyseShapes(data, computeCurves(data)));
}

function labels(shapes: ReturnType<typeof analyseShapes>): ShapeLabel[] {
  return shapes
    .filter((x) => x.stratum === 'all')
    .map((x) => ({ model: x.model, task: x.taskId, variant: x.variant, label: shapeLabel(x.shape) }));
}
