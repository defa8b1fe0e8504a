import type { Budget } from '../core/budget.js';
import { itemKey } from '../core/item-key.js';
import { hashKey, type SampleKey, sampleSeed } from '../core/sample-key.js';
import type { SimProfile } from '../providers/sim/profiles.js';
import { simulate } from '../providers/sim/provider.js';
import type { GenerateRequest } from '../providers/types.js';
import type { RunRow } from '../store/runs.js';
import type { Item, Metric } from '../tasks/types.js';
import { defaultTagConfig, type TagConfig } from './failure-config.js';
import { type RunData, RunDataBuilder } from './samples.js';

/**
 * An in-memory run made with the sim reasoners and no store: for power calculations and for tests
 * that need many runs with known truth. Samples go through the same scoring and tagging as stored
 * ones (RunDataBuilder), so the analysis sees exactly what it would see from a real sweep.
 */
export interface SimRunSpec {
  profile: SimProfile;
  items: Item[];
  budgets: Budget[];
  trials: number;
  seed: number;
  model?: string;
  metric?: Metric;
  /** Output-token limit per budget; default: large enough that nothing is cut off. */
  maxTokens?: (b: Budget) => number;
  /** 'none' skips generating reasoning text (much faster; tags then see no text). */
  text?: 'full' | 'none';
  tags?: TagConfig;
  excerptChars?: number;
}

export function memoryRun(id: string, simulated: boolean): RunRow {
  const now = new Date(0).toISOString();
  return {
    id,
    name: null,
    created_at: now,
    updated_at: now,
    status: 'complete',
    tool_version: 'memory',
    simulated: simulated ? 1 : 0,
    config_json: '{}',
    manifest_json: '{}',
  };
}

export function simulateRunData(spec: SimRunSpec): RunData {
  const model = spec.model ?? `sim:${spec.profile.name}`;
  const run = memoryRun(`mem-${spec.profile.name}-${spec.seed}`, true);
  const items = new Map(spec.items.map((it) => [itemKey(it.taskId, it.itemId), it]));
  const metrics = new Map<string, Metric>();
  for (const it of spec.items) metrics.set(it.taskId, spec.metric ?? 'accuracy');
  const b = new RunDataBuilder(run, items, metrics, spec.tags ?? defaultTagConfig(), spec.excerptChars ?? 0);
  for (const budget of spec.budgets) {
    for (let trial = 0; trial < spec.trials; trial++) {
      for (const item of spec.items) {
        const req = simRequest(spec, item, budget, trial);
        const r = simulate(spec.profile, req, spec.text ?? 'none');
        b.add({
          key: hashKey(run.id, req.key),
          model,
          taskId: item.taskId,
          itemId: item.itemId,
          budget,
          trial,
          variant: 'paper',
          text: r.text,
          reasoningText: r.reasoningText ?? null,
          stopReason: r.stopReason,
          error: null,
          reasoningTokens: r.usage.reasoning,
          reasoningSource: r.usage.reasoningSource,
          maxTokens: req.maxTokens,
          costUsd: 0,
        });
      }
    }
  }
  return b.finish();
}

/** The request an in-memory run makes for one sample (its key, seed and output limit). */
export function simRequest(spec: SimRunSpec, item: Item, budget: Budget, trial: number): GenerateRequest {
  const key: SampleKey = {
    model: spec.model ?? `sim:${spec.profile.name}`,
    taskId: item.taskId,
    itemId: item.itemId,
    regime: budget === 'natural' ? 'natural' : 'controlled',
    budget,
    trial,
    variant: 'paper',
  };
  const maxTokens = spec.maxTokens ?? ((x: Budget) => (x === 'natural' ? 1e9 : x * 8 + 1e6));
  return {
    key,
    seed: sampleSeed(spec.seed, key),
    system: '',
    user: item.prompt,
    budget,
    maxTokens: maxTokens(budget),
    item,
  };
}
