/**
 * overthink's public API. Everything not exported here is internal and may change.
 *
 *   import { gateRun, loadExperiment, runAndReport } from 'overthink';
 *
 *   const loaded = loadExperiment({ preset: 'quick' });
 *   const { run, report } = await runAndReport(loaded, { db: 'overthink.db' });
 *   const { verdict } = gateRun({ db: 'overthink.db', run: run.runId, junit: 'gate.xml' });
 *
 * - Experiments: `loadExperiment` (a preset, a file, flags or an object, checked and resolved as
 *   `overthink run` does), `validateExperiment`, `experimentSchema`, `PRESETS`.
 * - Pipelines, what the commands do without the printing: `runAndReport` (run), `reportRun`
 *   (report), `gateRun` (gate), `recommendBudgets` (recommend), `compareStoredRuns` (compare);
 *   `runExperiment` runs a sweep into the store alone. Each takes a store file and a run (id or
 *   name; the latest run when left out) and returns what it made.
 * - The pieces under them, for analyses of your own: `openStore`, `loadRunData`, `summarise`,
 *   `buildReport`, `scoreSample`, `extractAnswer`.
 * - Budget policies at runtime: `parsePolicy` reads what `recommend` wrote, `clampBudget` applies it.
 * - Your own models and tasks: `registerProvider` (a prefix and a factory of `Provider`s) and
 *   `registerTask` (a `TaskDefinition`), then named in experiments like the built-in ones.
 *
 * A bad input throws a `UserError` (the CLI prints its message and exits 2), with nothing written.
 */

export type { Comparison } from './analysis/compare.js';
export type { CurvePoint } from './analysis/curves.js';
export type { RunData, ScoredSample } from './analysis/samples.js';
export { loadRunData } from './analysis/samples.js';
export type { Trend } from './analysis/trend.js';
export { PRESETS } from './config/presets.js';
export type { Experiment, ExperimentInput, ModelConfig } from './config/schema.js';
export { experimentSchema } from './config/schema.js';
export type { Budget } from './core/budget.js';
export type { Outcome } from './core/outcome.js';
export type { Usage } from './core/response.js';
export type { SampleKey } from './core/sample-key.js';
export type { GateCase } from './mitigate/gate.js';
export type { GateRule, GateRuleInput } from './mitigate/gate-rules.js';
export type { BudgetPolicy, TaskPolicy } from './mitigate/policy.js';
export { clampBudget, parsePolicy } from './mitigate/policy.js';
export type { StoredRunRef } from './pipelines/compare.js';
export { compareStoredRuns } from './pipelines/compare.js';
export type { GateOptions, GateVerdict } from './pipelines/gate.js';
export { gateRun } from './pipelines/gate.js';
export type { Recommendation, RecommendedPolicy, RecommendOptions } from './pipelines/recommend.js';
export { recommendBudgets } from './pipelines/recommend.js';
export type { ReportRunOptions } from './pipelines/report.js';
export { reportRun } from './pipelines/report.js';
export type { RunAndReportOptions, RunAndReportResult } from './pipelines/run-and-report.js';
export { runAndReport } from './pipelines/run-and-report.js';
export type { ProviderFactory } from './providers/registry.js';
export { registerProvider } from './providers/registry.js';
export type { GenerateRequest, GenerateResponse, Provider, ProviderCapabilities } from './providers/types.js';
export type { BuiltReport } from './report/build.js';
export { buildReport } from './report/build.js';
export type { RunSummary } from './report/summary.js';
export { summarise } from './report/summary.js';
export type { LoadedExperiment } from './run/load.js';
export { loadExperiment, validateExperiment } from './run/load.js';
export type { RunOptions, RunResult } from './run/run.js';
export { runExperiment } from './run/run.js';
export { extractAnswer } from './score/extract.js';
export { scoreSample } from './score/score.js';
export type { Scored } from './score/scored.js';
export { openStore } from './store/open.js';
export { allTasks, getTask, registerTask } from './tasks/registry.js';
export type { Item, Target, TaskContext, TaskDefinition } from './tasks/types.js';

export { ProviderError, UserError } from './util/errors.js';
