import { itemKey } from '../core/item-key.js';
import type { Item } from '../tasks/types.js';
import type { DB } from './db.js';

/** A run's stored items, whole, by `itemKey(task, item)`. */
export function loadItems(db: DB, runId: string): Map<string, Item> {
  const rows = db
    .prepare('SELECT task_id, item_id, prompt, target_json, strata_json, meta_json FROM items WHERE run_id=?')
    .raw()
    .iterate(runId) as IterableIterator<[string, string, string, string, string, string | null]>;
  const items = new Map<string, Item>();
  for (const [taskId, itemId, prompt, t, s, m] of rows) {
    items.set(itemKey(taskId, itemId), {
      taskId,
      itemId,
      prompt,
      target: JSON.parse(t),
      strata: JSON.parse(s),
      meta: m ? JSON.parse(m) : undefined,
    });
  }
  return items;
}

/** What an export needs of a stored item. */
export type ItemForm = Pick<Item, 'target' | 'strata'>;

/** Up to this many items, a reader reads them all at once (~10 MB at most). */
const READ_WHOLE = 50_000;
/** Past READ_WHOLE, the items a reader keeps between its point queries. */
const KEPT = 20_000;

/**
 * A run's stored items by task and item id, each made into `form` once: up to READ_WHOLE items
 * read in one query (looked up one at a time, ~45 µs each while a writer commits, and cycling past
 * what is kept, a 1M-sample export went 8.4 → 11.4 s); past it, a point query each, the last KEPT
 * kept (a form per item was ~40 MB at 200,000). Undefined for an item the store lacks.
 */
export function itemReader<T>(
  db: DB,
  runId: string,
  form: (it: ItemForm) => T,
): (taskId: string, itemId: string) => T | undefined {
  const parse = (t: string, s: string): T => form({ target: JSON.parse(t), strata: JSON.parse(s) });
  const count = db.prepare('SELECT count(*) FROM items WHERE run_id = ?').pluck().get(runId) as number;
  if (count <= READ_WHOLE) {
    const all = new Map<string, T>();
    const rows = db
      .prepare('SELECT task_id, item_id, target_json, strata_json FROM items WHERE run_id = ?')
      .raw()
      .iterate(runId) as IterableIterator<[string, string, string, string]>;
    for (const [taskId, itemId, t, s] of rows) all.set(itemKey(taskId, itemId), parse(t, s));
    return (taskId, itemId) => all.get(itemKey(taskId, itemId));
  }
  const stmt = db
    .prepare('SELECT target_json, strata_json FROM items WHERE run_id = ? AND task_id = ? AND item_id = ?')
    .raw();
  const kept = new Map<string, T | undefined>();
  return (taskId, itemId) => {
    const id = itemKey(taskId, itemId);
    if (kept.has(id)) return kept.get(id);
    const row = stmt.get(runId, taskId, itemId) as [string, string] | undefined;
    const it = row && parse(row[0], row[1]);
    if (kept.size >= KEPT) kept.clear();
    kept.set(id, it);
    return it;
  };
}
