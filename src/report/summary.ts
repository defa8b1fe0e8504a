import { type Analysis, analyseRun } from '../analysis/analyse.js';
import type { CurvePoint } from '../analysis/curves.js';
import type { TagConfig } from '../analysis/failure-config.js';
import type { RunData } from '../analysis/samples.js';
import type { Trend, TrendOptions } from '../analysis/trend.js';
import { budgetLabel } from '../run/keys.js';
import { metricInfo } from '../tasks/metrics.js';
import { VERSION } from '../version.js';

/** Everything a report shows, as plain data: the `--json` output and the HTML report's source. */
export interface RunSummary extends Analysis {
  tool: 'overthink';
  toolVersion: string;
  runId: string;
  runName: string | null;
  status: string;
  simulated: boolean;
  /** Shown wherever the numbers are: simulated results are never passed off as a model's. */
  notice: string | null;
  /** Tasks whose items stand in for a file the paper released (generated, or a vendored part), one line each. */
  itemNotices: string[];
  samples: number;
  /** Answers found per model and task by the extractor the run uses and by the other one. */
  extraction: RunData['extraction'];
  /** The failure-mode rules the tags were made with. */
  tagRules: TagConfig;
  /** How each number was computed, in words: repeated in summary.json and the HTML report. */
  methods: Record<string, string>;
}

export const METHODS: Record<string, string> = {
  trendRule:
    "The paper's Table 1 rule on the smallest vs the largest budget: ↓/↑ when the score moves by more than 2 points (0.05 for error metrics) with non-overlapping 95% CIs (Wilson for shares, normal for mean error); → flat within the threshold; ~ noisy otherwise.",
  slope:
    'Ordinary least squares of the per-sample score on log2(realized reasoning tokens) over samples that reasoned (0-token samples, e.g. budget 0, are left out), reported per doubling, with a 95% percentile CI from 1,000 item-clustered bootstrap resamples (whole items resampled, seeded).',
  paired:
    "Smallest vs largest budget, paired by item: McNemar's exact test with mid-p when each item has one binary sample per budget; otherwise a two-sided sign-flip permutation test (4,999 draws, seeded) on each item's mean score difference.",
  multiplicity:
    'Every curve (model × task × variant × stratum) is one comparison. Paired p-values are shown raw and Holm-adjusted over all comparisons in the run; Table 1 arrows and slope CIs are not adjusted.',
  flips:
    'Per item, majority over trials at the smallest and the largest budget (more than half correct = right; ties undetermined). Accuracy-type tasks only.',
  natural:
    "Rank curve: each item's k samples ranked by reasoning length; the k-th point averages the k-th shortest across items with all k samples. Within-item slope: score on log2(tokens), both centred within items (item fixed effects); between-item slope: item means on item means; both with item-bootstrap CIs.",
  compliance:
    'Realized vs requested reasoning tokens per budget; adjacent budgets compared with a two-sample Kolmogorov–Smirnov test (indistinguishable when p ≥ 0.05).',
  extraction:
    "Answers are read with the run's extractor: 'paper' is the reference's _extract_answer_tag and its evaluator's matching (last <answer> tag, then an 'answer is X' letter, then a lone capital letter); 'overthink' also reads unclosed tags, \\boxed{} and 'Answer:' lines and ignores tags inside <think>. Both are run on every sample; the share each finds an answer in is shown side by side.",
  tags: 'Heuristic failure-mode tags on the full reasoning traces; rules in tagRules (override with --tags).',
};

export function summarise(data: RunData, o: TrendOptions = {}): RunSummary {
  const analysis = analyseRun(data, o);
  return {
    tool: 'overthink',
    toolVersion: VERSION,
    runId: data.run.id,
    runName: data.run.name,
    status: data.run.status,
    simulated: data.simulated,
    notice: data.simulated
      ? 'SIMULATED MODEL: these results come from a simulator (sim:*), not a real model.'
      : null,
    itemNotices: itemNotices(data.run.manifest_json),
    samples: data.samples.length,
    ...analysis,
    extraction: data.extraction,
    tagRules: data.tagConfig,
    methods: METHODS,
  };
}

/** The stand-in notices the run's manifest recorded for its tasks. */
function itemNotices(manifestJson: string): string[] {
  try {
    const m = JSON.parse(manifestJson) as { tasks?: { notice?: unknown }[] };
    return (m.tasks ?? []).flatMap((t) => (typeof t.notice === 'string' ? [t.notice] : []));
  } catch {
    return [];
  }
}

export function formatScore(p: Pick<CurvePoint, 'metric' | 'score'>): string {
  if (!Number.isFinite(p.score)) return 'n/a';
  return p.metric === 'error' ? p.score.toFixed(3) : `${(p.score * 100).toFixed(1)}%`;
}

export function formatCI(p: Pick<CurvePoint, 'metric' | 'lo' | 'hi'>): string {
  return p.metric === 'error'
    ? `[${p.lo.toFixed(3)}, ${p.hi.toFixed(3)}]`
    : `[${(p.lo * 100).toFixed(1)}, ${(p.hi * 100).toFixed(1)}]`;
}

function slopeText(t: Trend): string {
  const s = t.slope!;
  return t.metric === 'error'
    ? `${s.slope.toFixed(3)} [${s.lo.toFixed(3)}, ${s.hi.toFixed(3)}]`
    : `${(s.slope * 100).toFixed(1)} pts [${(s.lo * 100).toFixed(1)}, ${(s.hi * 100).toFixed(1)}]`;
}

const WORDS = {
  down: 'gets worse with more reasoning',
  up: 'gets better with more reasoning',
  flat: 'stays flat as reasoning grows',
  noisy: 'changes with more reasoning, but within noise',
  insufficient: 'has too little data for a verdict',
};

/** One line per model × task (all items) for the verdict. */
export function verdictLines(s: RunSummary): string[] {
  const lines: string[] = [];
  for (const t of s.trends.filter((x) => x.stratum === 'all')) {
    const metricName = metricInfo(t.metric, t.taskId).name;
    lines.push(
      `${s.simulated ? '[simulated model] ' : ''}${t.model} on ${t.taskId}${t.variant !== 'paper' ? ` (${t.variant})` : ''} ${WORDS[t.trend]}: ` +
        `${metricName} ${formatScore(t.from)} ${formatCI(t.from)} at budget ${budgetLabel(t.from.budget)} → ` +
        `${formatScore(t.to)} ${formatCI(t.to)} at ${budgetLabel(t.to.budget)}` +
        (t.slope ? `; slope ${slopeText(t)} per doubling of reasoning tokens` : '') +
        (t.paired ? `; paired p ${t.paired.p < 0.001 ? '< 0.001' : `= ${t.paired.p.toFixed(3)}`}` : ''),
    );
  }
  for (const r of s.natural.filter((x) => x.stratum === 'all' && x.ranks.length >= 2)) {
    const first = r.ranks[0];
    const last = r.ranks[r.ranks.length - 1];
    const f = (x: number) => (r.metric === 'error' ? x.toFixed(3) : `${(x * 100).toFixed(1)}`);
    lines.push(
      `${s.simulated ? '[simulated model] ' : ''}${r.model} on ${r.taskId} (natural regime, ${r.k} samples × ${r.items} items): ` +
        `${formatScore({ metric: r.metric, score: first.score })} for each item's shortest trace → ${formatScore({ metric: r.metric, score: last.score })} for its longest` +
        (r.within
          ? `; within-item slope ${f(r.within.slope)} [${f(r.within.lo)}, ${f(r.within.hi)}] per doubling`
          : '') +
        `: ${r.reading}`,
    );
  }
  return lines;
}
