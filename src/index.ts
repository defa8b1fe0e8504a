/**
 * overthink's public API. Everything not exported here is internal and may change.
 *
 *   const loaded = loadExperiment({ preset: 'quick' });
 *   const result = await runExperiment(loaded, { db: 'overthink.db' });
 *   const summary = summarise(loadRunData(openStore('overthink.db', { readonly: true }), result.runId));
 */

export type { CurvePoint } from './analysis/curves.js';
export type { RunData, ScoredSample } from './analysis/samples.js';
export { loadRunData } from './analysis/samples.js';
export type { Trend } from './analysis/trend.js';
export { PRESETS } from './config/presets.js';
export type { Experiment, ExperimentInput } from './config/schema.js';
export { experimentSchema } from './config/schema.js';
export type { Budget } from './core/budget.js';
export type { Outcome } from './core/outcome.js';
export type { Usage } from './core/response.js';
export type { SampleKey } from './core/sample-key.js';
export type { BudgetPolicy, TaskPolicy } from './mitigate/policy.js';
export { clampBudget, parsePolicy } from './mitigate/policy.js';
export type { GenerateRequest, GenerateResponse, Provider, ProviderCapabilities } from './providers/types.js';
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
export { openStore } from './store/store.js';
export { allTasks, getTask } from './tasks/registry.js';
export type { Item, Target, TaskDefinition } from './tasks/types.js';
export { ProviderError, UserError } from './util/errors.js';
