import { type Comparison, compareRuns, type RunInput } from '../analysis/compare.js';
import { computeCurves } from '../analysis/curves.js';
import { analyseEfficiency } from '../analysis/efficiency.js';
import { loadRunData } from '../analysis/samples.js';
import { analyseShapes } from '../analysis/shape.js';
import { analyseTrends } from '../analysis/trend.js';
import { buildComparison } from '../report/compare-report.js';
import { describeOrigin } from '../run/origin.js';
import { openStore } from '../store/open.js';
import { UserError } from '../util/errors.js';

/** One run to compare: its store, and its id or name there (default: the store's latest run). */
export interface StoredRunRef {
  db: string;
  run?: string;
}

/**
 * store → curves, trends, shapes and efficiency per run → differences from the first run: the
 * comparison, and its folder (compare.html, compare.json, compare.csv and charts) written to `out`.
 * Runs with the same name are told apart by their place (`name#2`).
 */
export async function compareStoredRuns(
  runs: StoredRunRef[],
  out: string,
): Promise<{ comparison: Comparison; files: string[] }> {
  if (runs.length < 2) throw new UserError('compare needs at least two runs');
  const inputs: RunInput[] = [];
  const seen = new Set<string>();
  for (const ref of runs) {
    const db = openStore(ref.db, { readonly: true });
    try {
      const data = loadRunData(db, ref.run, { excerptChars: 0, tags: false });
      const curves = computeCurves(data);
      let label = data.run.name ?? data.run.id;
      if (seen.has(label)) label = `${label}#${inputs.length + 1}`;
      seen.add(label);
      inputs.push({
        label,
        simulated: data.simulated,
        ...(data.origin ? { source: describeOrigin(data.origin) } : {}),
        analysis: {
          curves,
          trends: analyseTrends(data, curves),
          shapes: analyseShapes(data, curves),
          efficiency: analyseEfficiency(data),
        },
      });
    } finally {
      db.close();
    }
  }
  const comparison = compareRuns(inputs);
  const built = await buildComparison(comparison, out);
  return { comparison, files: built.files };
}
