import { type Comparison, compareRuns, type RunInput } from '../analysis/compare.js';
import { computeCurves } from '../analysis/curves.js';
import { analyseEfficiency } from '../analysis/efficiency.js';
import { loadRunData } from '../analysis/samples.js';
import { analyseShapes } from '../analysis/shape.js';
import { analyseTrends } from '../analysis/trend.js';
import { compareChartSpec } from '../report/chart-compare.js';
import { yTitleFor } from '../report/charts.js';
import { efficiencyTable } from '../report/compare-efficiency.js';
import { scoreTable, trendTable } from '../report/compare-report.js';
import { withVariant } from '../report/format.js';
import { renderSvg } from '../report/render.js';
import type { DB } from '../store/db.js';
import { escapeHtml as e } from '../util/html.js';

/** What `overthink compare` analyses of a run, read the way it reads it (curves only, no texts). */
export function compareInput(db: DB, runId: string, label: string): RunInput {
  const data = loadRunData(db, runId, { excerptChars: 0, tags: false });
  const curves = computeCurves(data);
  return {
    label,
    simulated: data.simulated,
    analysis: {
      curves,
      trends: analyseTrends(data, curves),
      shapes: analyseShapes(data, curves),
      efficiency: analyseEfficiency(data),
    },
  };
}

/**
 * The comparison as `compare` makes it (compareRuns: differences from the first run with 95% CIs),
 * laid out as compare.html lays it out: shapes per run, then per task an overlay chart, the score
 * table with differences and the efficiency table. Only the task asked for, when one is.
 */
export async function renderComparison(
  inputs: RunInput[],
  task?: string,
): Promise<{ html: string; c: Comparison }> {
  const c = compareRuns(inputs);
  const p: string[] = [];
  p.push('<h2>Shapes per run</h2>', trendTable(c));
  p.push(
    '<p class="muted">Differences are each run minus the baseline (the oldest run picked), with 95% CIs (Newcombe for shares, normal for mean error). No adjustment for multiple comparisons.</p>',
  );
  const tasks = [...new Map(c.rows.map((r) => [`${r.taskId}\u0000${r.variant}`, r])).values()].filter(
    (r) => task === undefined || r.taskId === task,
  );
  if (tasks.length === 0)
    p.push('<p class="warn">These runs share no task: nothing to set side by side.</p>');
  for (const r of tasks) {
    const svg = await renderSvg(
      compareChartSpec(c, r.taskId, r.variant, yTitleFor(r.metric, r.taskId), r.metric !== 'error'),
    );
    p.push(
      `<section class="compare-task"><h2>${e(withVariant(r.taskId, r.variant))}</h2><div class="chart">${svg}</div>${scoreTable(c, r.taskId, r.variant)}${efficiencyTable(c, r.taskId, r.variant)}</section>`,
    );
  }
  return { html: p.join('\n'), c };
}
