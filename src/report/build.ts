import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunData } from '../analysis/samples.js';
import { curveChartSpec } from './charts.js';
import { type ChartFile, renderHtml } from './html.js';
import { renderSvg, svgToPng } from './render.js';
import { type RunSummary, summarise } from './summary.js';

export interface BuiltReport {
  summary: RunSummary;
  files: string[];
  html: string;
}

/** Writes the report folder: one SVG and PNG chart per model × task × variant, report.html and summary.json. */
export async function buildReport(data: RunData, outDir: string): Promise<BuiltReport> {
  const summary = summarise(data);
  const dir = resolve(outDir);
  mkdirSync(join(dir, 'charts'), { recursive: true });
  const files: string[] = [];
  const charts: ChartFile[] = [];
  const groups = new Map<string, typeof summary.curves>();
  for (const p of summary.curves) {
    const k = [p.model, p.taskId, p.variant].join('\u0000');
    groups.set(k, [...(groups.get(k) ?? []), p]);
  }
  for (const points of groups.values()) {
    const { model, taskId, variant, metric } = points[0];
    const spec = curveChartSpec(points, {
      title: `${model} · ${taskId}${variant !== 'paper' ? ` · ${variant}` : ''}`,
      simulated: summary.simulated,
      yTitle:
        metric === 'error'
          ? 'mean absolute error (clipped at 1000)'
          : metric === 'safe-rate'
            ? 'safe-behaviour rate'
            : 'accuracy',
      shareAxis: metric !== 'error',
    });
    const svg = await renderSvg(spec);
    const base = join(
      dir,
      'charts',
      fileSafe(`${model}__${taskId}${variant !== 'paper' ? `__${variant}` : ''}`),
    );
    writeFileSync(`${base}.svg`, svg);
    writeFileSync(`${base}.png`, svgToPng(svg));
    files.push(`${base}.svg`, `${base}.png`);
    charts.push({ model, taskId, variant, svg });
  }
  const html = join(dir, 'report.html');
  writeFileSync(html, renderHtml(summary, charts));
  const json = join(dir, 'summary.json');
  writeFileSync(json, JSON.stringify(summary, null, 2));
  files.push(html, json);
  return { summary, files, html };
}

export function fileSafe(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120);
}
