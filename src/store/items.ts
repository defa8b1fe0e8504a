import type { Item, Target } from '../tasks/types.js';
import type { DB } from './db.js';
/** Whether any of a run's items are stored (its items are written by the SampleWriter). */
export function hasItems(db: DB, runId: string): boolean {
  return db.prepare('SELECT 1 FROM items WHERE run_id = ? LIMIT 1').pluck().get(runId) !== undefined;
}

export function loadItems(db: DB, runId: string): Item[] {
  const rows = db
    .prepare('SELECT task_id, item_id, prompt, target_json, strata_json, meta_json FROM items WHERE run_id=?')
    .raw()
    .all(runId) as [string, string, string, string, string, string | null][];
  return rows.map(([taskId, itemId, prompt, t, s, m]) => ({
    taskId,
    itemId,
    prompt,
    target: JSON.parse(t),
    strata: JSON.parse(s),
    meta: m ? JSON.parse(m) : undefined,
  }));
}

/** One stored item's target and strata, looked up by task and item id: an export's view of it. */
export function itemLookup(
  db: DB,
  runId: string,
): (taskId: string, itemId: string) => Pick<Item, 'target' | 'strata'> | undefined {
  const stmt = db
    .prepare('SELECT target_json, strata_json FROM items WHERE run_id = ? AND task_id = ? AND item_id = ?')
    .raw();
  return (taskId, itemId) => {
    const row = stmt.get(runId, taskId, itemId) as [string, string] | undefined;
    return row && { target: JSON.parse(row[0]), strata: JSON.parse(row[1]) };
  };
}

/** Each item's target, by task and item id: all an export needs of the items. */
export function loadTargets(db: DB, runId: string): Map<string, Map<string, Target>> {
  const byTask = new Map<string, Map<string, Target>>();
  const rows = db
    .prepare('SELECT task_id, item_id, target_json FROM items WHERE run_id=?')
    .raw()
    .iterate(runId);
  for (const [taskId, itemId, t] of rows as IterableIterator<[string, string, string]>) {
    const m = byTask.get(taskId) ?? new Map<string, Target>();
    byTask.set(taskId, m);
    m.set(itemId, JSON.parse(t));
  }
  return byTask;
}

/** Each item's target and strata, without its prompt: what an export needs of the items. */
export function* itemTargets(
  db: DB,
  runId: string,
): Generator<{ taskId: string; itemId: string; target: Target; strata: Item['strata'] }> {
  const rows = db
    .prepare('SELECT task_id, item_id, target_json, strata_json FROM items WHERE run_id=?')
    .raw()
    .iterate(runId) as IterableIterator<[string, string, string, string]>;
  for (const [taskId, itemId, t, s] of rows)
    yield { taskId, itemId, target: JSON.parse(t), strata: JSON.parse(s) };
}
