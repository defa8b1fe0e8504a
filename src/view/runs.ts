import { budgetsFor } from '../config/resolve.js';
import { type Experiment, modelConfig, taskRef } from '../config/schema.js';
import { armsOf, schedulerFor } from '../run/plan.js';
import type { DB } from '../store/db.js';
import type { RunRow } from '../store/runs.js';
import { countSamples } from '../store/samples.js';

/** One run as the run list shows it: what it is, how far it got, what it cost. */
export interface RunListing {
  store: number;
  id: string;
  name: string | null;
  status: string;
  simulated: boolean;
  created: string;
  updated: string;
  models: { id: string; budgets: number[] | 'natural' }[];
  tasks: string[];
  /** Samples stored (done + failed) and planned; planned is null when the manifest lacks item counts. */
  stored: number;
  done: number;
  failed: number;
  planned: number | null;
  costUsd: number;
  /** Changes whenever the run's samples or status do: what live pages and caches compare. */
  version: string;
}

/** How many samples a run has stored, and how many of them succeeded: two index counts. */
export function runCounts(db: DB, runId: string): { stored: number; done: number } {
  const { total, errors } = countSamples(db, runId);
  return { stored: total, done: total - errors };
}

export function runListing(
  store: number,
  run: RunRow,
  counts: { stored: number; done: number },
  costUsd: number,
): RunListing {
  const exp = JSON.parse(run.config_json) as Experiment;
  const { stored, done } = counts;
  return {
    store,
    id: run.id,
    name: run.name,
    status: run.status,
    simulated: run.simulated === 1,
    created: run.created_at,
    updated: run.updated_at,
    models: exp.models.map(modelConfig).map((m) => ({
      id: m.id,
      budgets: exp.regime === 'natural' ? 'natural' : budgetsFor(exp, m),
    })),
    tasks: exp.tasks.map((t) => taskRef(t).id),
    stored,
    done,
    failed: stored - done,
    planned: plannedSamples(exp, run.manifest_json),
    costUsd,
    version: runVersion(run, stored, done),
  };
}

export function runVersion(run: Pick<RunRow, 'status' | 'updated_at'>, stored: number, done: number): string {
  return `${stored}.${done}.${run.status}.${run.updated_at}`;
}

/** What the run's plan holds (plan.ts planSize, from the item counts its manifest recorded). */
export function plannedSamples(exp: Experiment, manifestJson: string): number | null {
  let items = 0;
  try {
    const m = JSON.parse(manifestJson) as { tasks?: { items?: unknown }[] };
    if (!m.tasks?.length) return null;
    for (const t of m.tasks) {
      if (typeof t.items !== 'number') return null;
      items += t.items;
    }
  } catch {
    return null;
  }
  let perItem = 0;
  for (const m of exp.models.map(modelConfig))
    perItem += (exp.regime === 'natural' ? 1 : budgetsFor(exp, m).length) + (schedulerFor(exp, m) ? 1 : 0);
  return items * exp.trials * armsOf(exp).length * perItem;
}
