import { createHash } from 'node:crypto';
import { ZodError } from 'zod';
import { type Experiment, taskRef } from '../config/schema.js';
import { formatZodError } from '../config/zod-error.js';
import { getTask } from '../tasks/registry.js';
import type { Item } from '../tasks/types.js';
import { UserError } from '../util/errors.js';
import { deriveSeed, Rng } from '../util/rng.js';

export interface TaskItems {
  taskId: string;
  metric: string;
  items: Item[];
  /** Set when the items stand in for a file the paper released (generated, or a vendored part): say so loudly. */
  notice?: string;
  /** sha256 of the items as loaded: recorded in the manifest so a rerun can prove it saw the same data. */
  hash: string;
}

/** Loud on purpose: a run of stand-in items must never pass for the paper's own (plan and run call it). */
export function warnStandIns(tasks: readonly TaskItems[], out: NodeJS.WritableStream = process.stderr): void {
  for (const t of tasks) if (t.notice) out.write(`⚠ ${t.notice}\n`);
}

/**
 * Loads every task's items, validating each task's options first. With `limit`, keeps a seeded
 * random subset (so strata stay mixed) in a stable order.
 */
export async function loadExperimentItems(exp: Experiment, baseDir: string): Promise<TaskItems[]> {
  const out: TaskItems[] = [];
  for (const [i, ref] of exp.tasks.map(taskRef).entries()) {
    const task = getTask(ref.id);
    let options: never;
    try {
      options = task.options.parse(ref.options) as never;
    } catch (err) {
      if (err instanceof ZodError) {
        throw new UserError(
          `task '${ref.id}': ${formatZodError(err, task.options, ref.options, ['tasks', i, 'options'])}`,
        );
      }
      throw err;
    }
    let items = await task.load(options, { seed: exp.seed, baseDir });
    if (items.length === 0) throw new UserError(`task '${ref.id}' has no items`);
    if (exp.limit !== undefined && items.length > exp.limit) {
      const rng = new Rng(deriveSeed(exp.seed, 'limit', ref.id));
      const keep = new Set(
        rng.sample(
          items.map((_, j) => j),
          exp.limit,
        ),
      );
      items = items.filter((_, j) => keep.has(j));
    }
    const hash = itemsHash(items);
    // Items name their task (a custom dataset may call itself something other than 'custom').
    const notice = task.standInNotice?.(options);
    out.push({
      taskId: items[0].taskId,
      metric: task.metricFor?.(options) ?? task.metric,
      items,
      hash,
      ...(notice ? { notice } : {}),
    });
  }
  return out;
}

/**
 * sha256 of `JSON.stringify(items)`, fed item by item: the same bytes, without a string of them all
 * (~100 MB for 200,000 short items, twice their prompts).
 */
export function itemsHash(items: readonly Item[]): string {
  const h = createHash('sha256').update('[');
  for (let i = 0; i < items.length; i++)
    h.update(i === 0 ? JSON.stringify(items[i]) : `,${JSON.stringify(items[i])}`);
  return h.update(']').digest('hex');
}
