import type { Item } from '../tasks/types.js';
import type { DB } from './db.js';

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

/** How many items a run has stored. */
export function itemCount(db: DB, runId: string): number {
  return db.prepare('SELECT count(*) FROM items WHERE run_id = ?').pluck().get(runId) as number;
}

/** Every stored item's target and strata of a run, by `task id + U+0000 + item id`, in one read. */
export function itemForms(db: DB, runId: string): Map<string, Pick<Item, 'target' | 'strata'>> {
  const forms = new Map<string, Pick<Item, 'target' | 'strata'>>();
  const rows = db
    .prepare('SELECT task_id, item_id, target_json, strata_json FROM items WHERE run_id = ?')
    .raw()
    .iterate(runId) as IterableIterator<[string, string, string, string]>;
  for (const [taskId, itemId, t, s] of rows)
    forms.set(`${taskId}\u0000${itemId}`, { target: JSON.parse(t), strata: JSON.parse(s) });
  return forms;
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
