import { type Analysis, analyseRun } from '../analysis/analyse.js';
import type { CurvePoint } from '../analysis/curves.js';
import type { TagConfig } from '../analysis/failure-config.js';
import type { RunData } from '../analysis/samples.js';
import type { TrendOptions } from '../analysis/trend.js';
import { describeOrigin, type RunOrigin } from '../run/origin.js';
import type { FailureDigest } from '../store/failures.js';
import { VERSION } from '../version.js';
import { shapeVerdictParts } from './shape-format.js';

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
  /** Where the samples came from: "made by overthink", or the tool and files they were imported from. */
  source: string;
  /** An imported run's origin (run/origin.ts), with its notes; null for a run overthink made. */
  origin: RunOrigin | null;
  /** Tasks whose items stand in for a file the paper released (generated, or a vendored part), one line each. */
  itemNotices: string[];
  /** The verdict, one line per curve (all items), leading with its shape: what the terminal prints. */
  verdicts: string[];
  samples: number;
  /** Answers found per model and task by the extractor the run uses and by the other one. */
  extraction: RunData['extraction'];
  /** The failure-mode rules the tags were made with. */
  tagRules: TagConfig;
  /** How each number was computed, in words: repeated in summary.json and the HTML report. */
  methods: Record<string, string>;
  /** Samples that failed after their retries: counts by class and the first distinct messages. */
  failures: FailureDigest | null;
}

export const METHODS: Record<string, string> = {
  shape:
    'Each curve (model × task × variant × stratum) is labelled decline, rise, flat, peaked (inverted U), dip (U) or noisy from one family of tests: every pair of budgets (the mean over items of the paired difference, items with samples at every budget) and the slope of score on log2(realized tokens). A studentised item-clustered bootstrap (1,000 resamples of whole items, seeded; each replicate studentised by its own standard errors) gives the 95% quantile of the largest |estimate* − estimate| / se* over the family; when every item has the same trials at every budget, 1,000 within-item shuffles of the budgets give an exact null of "no budget makes a difference" too, and the critical value c is the larger quantile (from 2,000 items on, the bootstrap gives way to its Gaussian limit). Every interval is estimate ± c·se: simultaneous 95% intervals (single-step max-T; Westfall & Young 1993, Resampling-Based Multiple Testing; Romano & Wolf 2005, JASA 100:94–108). A pair or slope whose interval excludes 0 is a fact; the label is the simplest shape consistent with all facts (flat: none; rise/decline: a monotone curve; peaked/dip: a curve with one inner turn; noisy: none of these). Since every claim is read from simultaneous intervals, the best budget may be picked from the same data; calibration on simulated sweeps in docs/methods.md. The slope and the endpoint change shown beside a label are these simultaneous intervals, so a label never contradicts them. No adjustment across curves.',
  declineFromBest:
    "The best budget is the one with the highest score (lowest for lower-is-better metrics; ties to the smaller budget), as `recommend` picks it. The change from it to the largest budget is the pair's simultaneous interval above, so it holds although the best was chosen from the data. The gate's no-decline-from-best fails when the interval's worse end exceeds epsilon.",
  breakdown:
    "Answers that were not right, per budget: finished wrong; truncated at max tokens (stopped at the output limit before an answer); unparsable (finished, but no answer of the expected form); refused or abstained (stop reason 'refusal' from the provider — refusal block, content filter, blocked prompt — or an answer, or with none the start of the visible text, that declines: “I can’t answer”, “I don’t know”, “cannot be determined”, “not enough information”, or only “unknown”). Truncation is checked first. For share metrics the change in score between two budgets equals minus the sum of the changes in these four shares, so its parts add up to it.",
  ladders:
    "Models whose budget is sent as an effort level (o-series reasoning_effort, adaptive Claude output_config.effort, Gemini 3 thinkingLevel; read from the stored request parameters): realized reasoning tokens per level, and neighbouring levels compared with a two-sample Kolmogorov–Smirnov test (indistinguishable when p ≥ 0.05: the knob collapsed). Their curves are drawn against realized tokens and the shape test orders their budgets by median realized tokens, not by the level's name.",
  trendRule:
    "The paper's Table 1 rule on the smallest vs the largest budget: ↓/↑ when the score moves by more than 2 points (0.05 for error metrics) with non-overlapping 95% CIs (Wilson for shares, normal for mean error); → flat within the threshold; ~ noisy otherwise.",
  slope:
    'Ordinary least squares of the per-sample score on log2(realized reasoning tokens) over samples that reasoned (0-token samples, e.g. budget 0, are left out), reported per doubling, with a 95% percentile CI from 1,000 item-clustered bootstrap resamples (whole items resampled, seeded).',
  paired:
    "Smallest vs largest budget, paired by item: McNemar's exact test with mid-p when each item has one binary sample per budget; otherwise a two-sided sign-flip permutation test (4,999 draws, seeded) on each item's mean score difference.",
  multiplicity:
    'Every curve (model × task × variant × stratum) is one comparison. Paired p-values are shown raw and Holm-adjusted over all comparisons in the run; Table 1 arrows and slope CIs are not adjusted.',
  flips:
    "A flip is an item whose majority over its trials is right at one budget and wrong at the other (more than half correct = right; a tie is undetermined), counted from the smallest budget to the largest and from the best budget to the largest. Accuracy-type tasks only. The paired test's 'items whose mean fell / rose' are not flips: they count every item whose mean score over its trials moved at all.",
  natural:
    "Rank curve: each item's k samples ranked by reasoning length; the k-th point averages the k-th shortest across items with all k samples. Within-item slope: score on log2(tokens), both centred within items (item fixed effects); between-item slope: item means on item means; both with item-bootstrap CIs.",
  compliance:
    'Realized vs requested reasoning tokens per budget; adjacent budgets compared with a two-sample Kolmogorov–Smirnov test (indistinguishable when p ≥ 0.05).',
  extraction:
    "Answers are read with the run's extractor: 'paper' is the reference's _extract_answer_tag and its evaluator's matching (last <answer> tag, then an 'answer is X' letter, then a lone capital letter); 'overthink' also reads unclosed tags, \\boxed{} and 'Answer:' lines and ignores tags inside <think>. Both are run on every sample; the share each finds an answer in is shown side by side.",
  tags: 'Heuristic failure-mode tags on the full reasoning traces; rules in tagRules (override with --tags).',
  replay:
    "Early-exit replay (`overthink replay`): each stored trace of the largest budget re-entered with its own prompt and probed at checkpoints (the end of thinking and the answer prefix forced, a few answer tokens read, then discarded; probe tokens kept apart from reasoning), each probe scored with the run's extractor. Per trace: first right point (the stored end counts), last flip, had it and lost it (a probe right, the end wrong). The oracle stopper stops each trace at its first right point: its accuracy is the share ever right, its cost the tokens to there. Shares: cluster-robust (items) standard error and a continuity-corrected Wilson interval on the effective sample size; token means: cluster-robust normal interval widened to one more value at either bound. Only local:, openai-compatible with forcing and sim: models can be replayed.",
  efficiency:
    'Per item: the smallest budget right in every trial, and the tokens the largest budget spends beyond it (waste). Per budget: right answers per 1,000 reasoning tokens (a ratio with a cluster-robust interval), and the AUC of overthinking-adjusted accuracy OAA_t = (1/n) Σ correct·1[tokens < t] over t in [0, t_max] (OptimalThinkingBench, arXiv 2508.13141) = (1/n) Σ correct·max(0, 1 − tokens/t_max), with t_max the largest budget.',
  parallel:
    'Parallel vs sequential at matched compute (Ghosal et al., arXiv 2506.04210), from stored trials: majority@k at budget b (the expected vote of k of an item’s trials, ties split fairly, unanswered samples abstaining) against one sample at the budget whose mean realized tokens match k samples at b (within a factor 1.5); the difference is a mean over items with a 95% normal interval.',
};

export function summarise(data: RunData, o: TrendOptions = {}): RunSummary {
  const analysis = analyseRun(data, o);
  const summary: RunSummary = {
    tool: 'overthink',
    toolVersion: VERSION,
    runId: data.run.id,
    runName: data.run.name,
    status: data.run.status,
    simulated: data.simulated,
    notice: data.simulated
      ? 'SIMULATED MODEL: these results come from a simulator (sim:*), not a real model.'
      : null,
    source: describeOrigin(data.origin),
    origin: data.origin,
    itemNotices: itemNotices(data.run.manifest_json),
    verdicts: [],
    samples: data.samples.length,
    ...analysis,
    extraction: data.extraction,
    tagRules: data.tagConfig,
    methods: METHODS,
    failures: data.failures ?? null,
  };
  summary.verdicts = verdictLines(summary);
  return summary;
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

/** One line per model × task × variant (all items), leading with the curve's shape. */
export function verdictLines(s: RunSummary): string[] {
  return verdictParts(s).map((v) => `${v.lead}: ${v.detail}`);
}

/** The verdict lines in two parts each: who and what (the HTML sets it in bold), then the numbers. */
export function verdictParts(s: RunSummary): { lead: string; detail: string }[] {
  const lines: { lead: string; detail: string }[] = [];
  for (const sh of s.shapes.filter((x) => x.stratum === 'all')) {
    const t = s.trends.find(
      (x) =>
        x.stratum === 'all' && x.model === sh.model && x.taskId === sh.taskId && x.variant === sh.variant,
    );
    lines.push(shapeVerdictParts(sh, t, s.simulated));
  }
  for (const r of s.natural.filter((x) => x.stratum === 'all' && x.ranks.length >= 2)) {
    const first = r.ranks[0];
    const last = r.ranks[r.ranks.length - 1];
    const f = (x: number) => (r.metric === 'error' ? x.toFixed(3) : `${(x * 100).toFixed(1)}`);
    lines.push({
      lead: `${s.simulated ? '[simulated model] ' : ''}${r.model} on ${r.taskId} (natural regime, ${r.k} samples × ${r.items} items)`,
      detail:
        `${formatScore({ metric: r.metric, score: first.score })} for each item's shortest trace → ${formatScore({ metric: r.metric, score: last.score })} for its longest` +
        (r.within
          ? `; within-item slope ${f(r.within.slope)} [${f(r.within.lo)}, ${f(r.within.hi)}] per doubling`
          : '') +
        `: ${r.reading}`,
    });
  }
  return lines;
}
