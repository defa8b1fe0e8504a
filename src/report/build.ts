import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { replayTraces } from '../analysis/replay.js';
import type { RunData } from '../analysis/samples.js';
import { declineFromBest, type Shape } from '../analysis/shape.js';
import type { TrendOptions } from '../analysis/trend.js';
import { isSchedulerVariant } from '../core/scheduler.js';
import { armPrompt } from '../prompts/anchoring.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { armsChartSpec } from './chart-arms.js';
import { complianceChartSpec } from './chart-compliance.js';
import { panelChartSpec, strataChartSpec } from './chart-curves.js';
import { heatmapSpec } from './chart-heatmap.js';
import { lossesChartSpec } from './chart-losses.js';
import { rankChartSpec } from './chart-natural.js';
import { parallelChartSpec } from './chart-parallel.js';
import { replayChartSpec } from './chart-replay.js';
import { tagChartSpec } from './chart-tags.js';
import { yTitleFor } from './charts.js';
import { tablesCsv } from './csv-tables.js';
import { withVariant } from './format.js';
import { htmlPieces } from './html.js';
import { FLIPS_SHOWN } from './html-flips.js';
import { writeChart } from './render.js';
import { replayCsv } from './replay-csv.js';
import { buildSampleData } from './sample-data.js';
import { type RunSummary, summarise } from './summary.js';
import type { TaskCharts } from './task-charts.js';
import { buildTraceDiffData } from './trace-diff.js';

export interface BuiltReport {
  summary: RunSummary;
  files: string[];
  html: string;
}

export interface ReportOptions extends TrendOptions {
  /** Skip the PNG copies (the HTML inlines SVG; PNGs are for slides and papers). */
  png?: boolean;
}

/**
 * Writes the report folder: report.html (self-contained), summary.json, curves/trends/flips CSV and
 * every chart as SVG and PNG under charts/.
 */
export async function buildReport(
  data: RunData,
  outDir: string,
  o: ReportOptions = {},
): Promise<BuiltReport> {
  const summary = summarise(data, o);
  const dir = resolve(outDir);
  mkdirSync(join(dir, 'charts'), { recursive: true });
  const files: string[] = [];
  const write: ChartWriter = async (name, spec) => {
    const chart = await writeChart(join(dir, 'charts'), name, spec, o.png !== false);
    files.push(...chart.files);
    return chart.svg;
  };
  const sections = await renderTaskCharts(summary, write);
  for (const [name, text] of Object.entries({
    ...tablesCsv(summary),
    ...replayCsv(summary.replay, replayTraces(data)),
  })) {
    const f = join(dir, name);
    writeFileAtomic(f, text, 'the report');
    files.push(f);
  }
  const html = join(dir, 'report.html');
  const fulls = flipTexts(data, summary);
  writeFileAtomic(
    html,
    htmlPieces(
      summary,
      sections,
      buildSampleData(data, summary.flips, summary.flipsFromBest),
      fulls,
      buildTraceDiffData(data, summary.flips, summary.flipsFromBest),
    ),
    'the report',
  );
  const json = join(dir, 'summary.json');
  writeFileAtomic(json, JSON.stringify(summary, null, 2), 'the report');
  files.push(html, json);
  return { summary, files, html };
}

/** Draws a chart (SVG text back) under a file stem; the report writes it to disk, the viewer only renders it. */
export type ChartWriter = (name: string, spec: TopLevelSpec) => Promise<string>;

/** Every task × variant section's charts, drawn with `write`, in the order the report shows them. */
export async function renderTaskCharts(summary: RunSummary, write: ChartWriter): Promise<TaskCharts[]> {
  const sim = summary.simulated;
  const sections = new Map<string, TaskCharts>();
  for (const p of summary.curves) {
    // A scheduler arm is drawn on the chart of the arm it sits beside, not in a section of its own.
    if (isSchedulerVariant(p.variant)) continue;
    const k = `${p.taskId}\u0000${p.variant}`;
    if (!sections.has(k)) sections.set(k, { taskId: p.taskId, variant: p.variant, heatmaps: [] });
  }
  for (const tc of sections.values()) {
    const { taskId, variant } = tc;
    const label = withVariant(taskId, variant);
    const stem = withVariant(taskId, variant, '__');
    const mine = <T extends { taskId: string; variant: string }>(xs: T[]) =>
      xs.filter((x) => x.taskId === taskId && x.variant === variant);
    const points = mine(summary.curves);
    const metric = points[0].metric;
    if (points.some((p) => p.budget !== 'natural' && p.n > 0))
      tc.curve = await write(
        stem,
        panelChartSpec(points, {
          title: label,
          simulated: sim,
          yTitle: yTitleFor(metric, taskId),
          shareAxis: metric !== 'error',
          scheduler: summary.scheduler.filter((a) => a.taskId === taskId && a.baseVariant === variant),
          best: mine(summary.shapes)
            .filter((x) => x.stratum === 'all' && fallsFromBest(x))
            .map((x) => x.best),
        }),
      );
    const strataSpec = strataChartSpec(points, {
      title: label,
      simulated: sim,
      yTitle: yTitleFor(metric, taskId),
      shareAxis: metric !== 'error',
    });
    if (strataSpec) tc.strata = await write(`${stem}__by-stratum`, strataSpec);
    const armsSpec =
      armPrompt(variant) !== variant
        ? undefined
        : armsChartSpec(
            summary.curves.filter((p) => p.taskId === taskId && armPrompt(p.variant) === variant),
            summary.scheduler.filter((a) => a.taskId === taskId),
            {
              title: `${taskId}: arms side by side`,
              simulated: sim,
              yTitle: yTitleFor(metric, taskId),
              shareAxis: metric !== 'error',
            },
          );
    if (armsSpec) tc.arms = await write(`${stem}__arms`, armsSpec);
    const replaySpec = replayChartSpec(mine(summary.replay), `${label}: the answer over the trace`, sim);
    if (replaySpec) tc.replay = await write(`${stem}__answer-over-trace`, replaySpec);
    const parallelSpec = parallelChartSpec(
      mine(summary.parallel),
      points,
      `${label}: parallel vs sequential`,
      sim,
    );
    if (parallelSpec) tc.parallel = await write(`${stem}__parallel-vs-sequential`, parallelSpec);
    const lossSpec = lossesChartSpec(points, `${label}: what the lost answers were, by budget`, sim);
    if (lossSpec) tc.losses = await write(`${stem}__lost-answers`, lossSpec);
    const comp = mine(summary.compliance);
    if (comp.length)
      tc.compliance = await write(
        `${stem}__budget-compliance`,
        complianceChartSpec(comp, `${label}: requested vs realized reasoning`, sim),
      );
    const tagSpec = tagChartSpec(mine(summary.tagRates), `${label}: failure-mode tags by budget`, sim);
    if (tagSpec) tc.tags = await write(`${stem}__failure-tags`, tagSpec);
    const nat = mine(summary.natural).filter((r) => r.stratum === 'all' && r.ranks.length > 0);
    if (nat.length)
      tc.natural = await write(
        `${stem}__natural-rank`,
        rankChartSpec(nat, `${label}: natural regime, score by length rank`, yTitleFor(metric, taskId), sim),
      );
    const reg = mine(summary.regression).filter((r) => r.correlations.length > 0);
    for (const model of [...new Set(reg.map((r) => r.model))]) {
      const svg = await write(
        `${model}__${stem}__feature-correlation`,
        heatmapSpec(
          reg.filter((r) => r.model === model),
          `${model} · ${label}: prediction–feature correlation`,
          sim,
        ),
      );
      tc.heatmaps.push({ model, svg });
    }
  }
  return [...sections.values()];
}

/** A curve worth marking its best budget on: an inverted U, or a significant fall from an inner best. */
function fallsFromBest(s: Shape): boolean {
  const d = declineFromBest(s);
  return s.shape === 'peaked' || (d !== null && d.lower > 0 && s.best.budget !== s.first.budget);
}

/** Longer excerpts of the traces shown side by side for flips (read back from the store if possible). */
export function flipTexts(data: RunData, s: RunSummary): Map<string, { text: string; reasoning: string }> {
  const keys = [...s.flips, ...s.flipsFromBest].flatMap((f) =>
    f.flips.slice(0, FLIPS_SHOWN).flatMap((x) => [x.lowKey, x.highKey]),
  );
  const out = new Map<string, { text: string; reasoning: string }>();
  const full = data.fullText?.(keys);
  const wanted = new Set(keys);
  const byKey = new Map(data.samples.filter((x) => wanted.has(x.key)).map((x) => [x.key, x]));
  for (const k of keys) {
    const f = full?.get(k);
    const x = byKey.get(k);
    out.set(k, {
      text: f ? (f.text ?? '') : (x?.textExcerpt ?? ''),
      reasoning: f ? (f.reasoning ?? '') : (x?.reasoningExcerpt ?? ''),
    });
  }
  return out;
}
