import { LOSSES, type Loss } from '../analysis/breakdown.js';
import type { ExtractionRate } from '../analysis/samples.js';
import { budgetLabel } from '../core/budget.js';
import { isSchedulerVariant } from '../core/scheduler.js';
import { metricInfo, metricLabel } from '../tasks/metrics.js';
import { alignColumns, stripControl } from '../util/terminal.js';
import { failureBlock } from './failures-format.js';
import { FLIP_DEFINITION, fmtP, fmtTok, withVariant } from './format.js';
import { parallelLine, replayLine } from './replay-format.js';
import { schedulerLines } from './scheduler-format.js';
import {
  flatBound,
  headline,
  SHAPE_WORDS,
  shapeLabel,
  shapeSlopeText,
  tableOneText,
} from './shape-format.js';
import { formatScore, type RunSummary } from './summary.js';

/** Answers found by each extractor: the run's own first, and how much the other would change. */
export function extractionLine(e: ExtractionRate): string {
  const pct = (n: number) => (e.samples ? (100 * n) / e.samples : 0);
  const other = e.extractor === 'paper' ? 'overthink' : 'paper';
  const diff = pct(e.found[other]) - pct(e.found[e.extractor]);
  return (
    `answers found: ${pct(e.found[e.extractor]).toFixed(1)}% (${e.extractor} extractor, used) · ` +
    `${pct(e.found[other]).toFixed(1)}% (${other}, ${diff >= 0 ? '+' : '−'}${Math.abs(diff).toFixed(1)} pts)`
  );
}

/**
 * A compact table per model × task (all items): the curve's shape and its headline change first,
 * the paper's Table 1 class after it, then per budget n, score, mean reasoning tokens and what the
 * answers that were not right were (finished wrong, truncated, unparsable, refused).
 */
export function terminalSummary(s: RunSummary, o: { failures?: boolean } = {}): string {
  const out: string[] = [];
  // Failed samples come first: when most failed, the numbers below describe little (`run` prints
  // this block itself, before its counts, and passes failures: false).
  if (o.failures !== false && s.failures)
    out.push(
      ...failureBlock(s.failures, 'Running the run’s command again retries them; finished samples are kept.'),
    );
  if (s.notice) out.push(`*** ${s.notice} ***`);
  for (const n of s.itemNotices ?? []) out.push(`*** ${stripControl(n)} ***`);
  out.push(`run ${s.runId}${s.runName ? ` (${s.runName})` : ''} · ${s.samples} samples · status ${s.status}`);
  if (s.origin) {
    out.push(stripControl(s.source));
    for (const n of s.origin.notes) out.push(`note: ${stripControl(n)}`);
  }
  // Scheduler arms are printed under the fixed budgets they sit beside, not as curves of their own.
  const all = s.curves.filter((c) => c.stratum === 'all' && !isSchedulerVariant(c.variant));
  const curves = new Map<string, typeof all>();
  for (const c of all) {
    const k = withVariant(`${c.model} · ${c.taskId}`, c.variant);
    curves.set(k, [...(curves.get(k) ?? []), c]);
  }
  for (const [name, points] of curves) {
    const { model, taskId, variant } = points[0];
    const same = <T extends { model: string; taskId: string; variant: string }>(x: T) =>
      x.model === model && x.taskId === taskId && x.variant === variant;
    const shape = s.shapes.find((x) => same(x) && x.stratum === 'all');
    const trend = s.trends.find((t) => same(t) && t.stratum === 'all');
    out.push('');
    out.push(
      `${name}  ${shape ? `${shapeLabel(shape.shape)} (${SHAPE_WORDS[shape.shape]})  ` : ''}(${metricLabel(points[0].metric, points[0].taskId)})`,
    );
    if (shape) {
      out.push(`  ${headline(shape)}`);
      if (shape.shape === 'flat') out.push(`  ${flatBound(shape)}`);
      out.push(`  ${shapeSlopeText(shape)} (simultaneous 95%)`);
    }
    if (trend)
      out.push(
        `  ${tableOneText(trend)} · paired ${trend.paired?.test ?? 'n/a'} p ${fmtP(trend.paired?.p)} (Holm ${fmtP(trend.pHolm)})`,
      );
    const rows = [
      [
        'budget',
        'n',
        metricInfo(points[0].metric, points[0].taskId).name,
        '95% CI',
        'reasoning tok (mean)',
        ...LOSSES.map((g) => LOSS_SHORT[g]),
        'errors',
      ],
    ];
    for (const p of points) {
      rows.push([
        budgetLabel(p.budget),
        String(p.n),
        formatScore(p),
        p.metric === 'error'
          ? `${p.lo.toFixed(2)}–${p.hi.toFixed(2)}`
          : `${(p.lo * 100).toFixed(1)}–${(p.hi * 100).toFixed(1)}`,
        Number.isFinite(p.meanTokens) ? p.meanTokens.toFixed(0) : 'n/a',
        ...LOSSES.map((g) => String(p.lost[g])),
        String(p.outcomes.error),
      ]);
    }
    out.push(...table(rows));
    for (const f of [s.flips.find(same), s.flipsFromBest.find(same)])
      if (f)
        out.push(
          `  flips ${budgetLabel(f.low)}→${budgetLabel(f.high)}${f === s.flips.find(same) ? '' : ' (best → largest)'}: ${f.rightToWrong} right→wrong, ${f.wrongToRight} wrong→right of ${f.items} items`,
        );
    const nat = s.natural.find((r) => same(r) && r.stratum === 'all');
    if (nat && nat.ranks.length > 1)
      out.push(
        `  by length rank (shortest → longest of ${nat.k} per item): ${nat.ranks.map((r) => formatScore({ metric: nat.metric, score: r.score })).join(' → ')}`,
        `  ${nat.reading}`,
      );
    for (const a of s.scheduler.filter(
      (x) => x.model === model && x.taskId === taskId && x.baseVariant === variant,
    ))
      out.push(...schedulerLines(a));
    for (const g of s.replay.filter(same)) out.push(`  where in the trace: ${replayLine(g, false)}`);
    for (const c of s.parallel.filter(same)) out.push(`  ${parallelLine(c)}`);
    for (const w of s.compliance.find(same)?.warnings ?? []) out.push(`  ⚠ ${w}`);
    const ex = s.extraction.find((e) => e.model === model && e.taskId === taskId);
    if (ex) out.push(`  ${extractionLine(ex)}`);
    const ladder = s.ladders.find(same);
    if (ladder) {
      out.push(
        `  effort levels (realized tokens, median): ${ladder.steps.map((x) => `${x.level} ${fmtTok(x.median)} [budget ${x.budgets.map(budgetLabel).join(', ')}]`).join(' < ')}`,
      );
      for (const w of ladder.warnings) out.push(`  ⚠ ${w}`);
    }
  }
  if (s.flips.length || s.flipsFromBest.length) out.push('', FLIP_DEFINITION);
  if (s.comparisons > 0) {
    out.push('');
    out.push(
      `${s.comparisons} comparisons (curves × strata); p-values Holm-adjusted over all of them in the report.`,
    );
  }
  return stripControl(out.join('\n'), true);
}

/** Short column heads for the groups of answers that were not right. */
const LOSS_SHORT: Record<Loss, string> = {
  wrong: 'wrong',
  truncated: 'truncated',
  unparsable: 'unparsable',
  refused: 'refused',
};

function table(rows: string[][]): string[] {
  return alignColumns(rows, (i) => i > 0).map((l) => `  ${l}`);
}
