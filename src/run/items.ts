import { createHash } from 'node:crypto';
import { ZodError } from 'zod';
import { type Experiment, taskRef } from '../config/schema.js';
import { formatZodError } from '../config/zod-error.js';
import { getTask } from '../tasks/registry.js';
import type { Item, TaskDefinition } from '../tasks/types.js';
import { UserError } from '../util/errors.js';
import { deriveSeed, Rng } from '../util/rng.js';
import { heapCheck } from './heap-guard.js';
import { ItemCollector, type ItemList, SPOOL_AFTER, SpooledItems } from './item-spool.js';

export interface TaskItems {
  taskId: string;
  metric: string;
  /**
   * In the order loaded; a large dataset's are on disk (`item-spool.ts`), read a page at a time, so a
   * run holds about a megabyte of them whatever their number. `closeItems` frees the file.
   */
  items: ItemList;
  /** The characters of the items' prompts (for the estimate), when counted as they were loaded. */
  promptChars?: number;
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
export async function loadExperimentItems(
  exp: Experiment,
  baseDir: string,
  o: { spoolAfter?: number } = {},
): Promise<TaskItems[]> {
  const out: TaskItems[] = [];
  try {
    for (const [i, ref] of exp.tasks.map(taskRef).entries())
      out.push(await loadTask(exp, baseDir, i, ref, o));
  } catch (err) {
    closeItems(out);
    throw err;
  }
  return out;
}

async function loadTask(
  exp: Experiment,
  baseDir: string,
  i: number,
  ref: ReturnType<typeof taskRef>,
  o: { spoolAfter?: number },
): Promise<TaskItems> {
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
  const ctx = { seed: exp.seed, baseDir };
  const limited = exp.limit !== undefined;
  let loaded = await collect(task, options, ctx, o.spoolAfter ?? SPOOL_AFTER, !limited);
  let items = loaded.items;
  if (items.length === 0) throw new UserError(`task '${ref.id}' has no items`);
  if (exp.limit !== undefined && items.length > exp.limit) {
    const rng = new Rng(deriveSeed(exp.seed, 'limit', ref.id));
    const keep = rng.sample(
      Array.from({ length: items.length }, (_, j) => j),
      exp.limit,
    );
    keep.sort((a, b) => a - b);
    if (Array.isArray(items)) items = keep.map((j) => (items as Item[])[j]);
    else {
      const spooled = items as SpooledItems;
      const subset = spooled.subset(keep);
      // A few kept of a large file: held, and the file freed.
      items = subset.length <= (o.spoolAfter ?? SPOOL_AFTER) ? [...subset] : subset;
      if (items !== subset) spooled.close();
    }
  }
  if (limited) loaded = { items, ...summarise(items) };
  // Items name their task (a custom dataset may call itself something other than 'custom').
  const notice = task.standInNotice?.(options);
  return {
    taskId: loaded.taskId ?? '',
    metric: task.metricFor?.(options) ?? task.metric,
    items,
    promptChars: loaded.promptChars,
    hash: loaded.hash,
    ...(notice ? { notice } : {}),
  };
}

/** What a run keeps of a task's items besides the items: the first one's task, a hash, the prompts' size. */
interface ItemsSummary {
  taskId: string | undefined;
  hash: string;
  promptChars: number;
}

/**
 * sha256 of `JSON.stringify(items)`, fed item by item (the same bytes, without a string of them all:
 * ~100 MB for 200,000 short items), with the first item's task and the prompts' size on the way.
 */
class Summariser {
  private readonly h = createHash('sha256').update('[');
  private n = 0;
  taskId: string | undefined;
  promptChars = 0;

  add(it: Item): void {
    this.h.update(this.n++ === 0 ? JSON.stringify(it) : `,${JSON.stringify(it)}`);
    this.taskId ??= it.taskId;
    this.promptChars += it.prompt.length;
  }

  finish(): ItemsSummary {
    return { taskId: this.taskId, hash: this.h.update(']').digest('hex'), promptChars: this.promptChars };
  }
}

function summarise(items: Iterable<Item>): ItemsSummary {
  const s = new Summariser();
  for (const it of items) s.add(it);
  return s.finish();
}

/**
 * A task's items, collected as its `stream` gives them when it has one (a large dataset never whole
 * on the heap), else from `load` (then put on disk when many). A stream that fails for any reason gives way to `load`, which
 * reads the file whole and reports its problem: the same message, however it was read.
 */
async function collect(
  task: TaskDefinition<never>,
  options: never,
  ctx: { seed: number; baseDir: string },
  spoolAfter: number,
  summarising: boolean,
): Promise<ItemsSummary & { items: ItemList }> {
  if (task.stream) {
    const c = new ItemCollector(spoolAfter);
    const s = new Summariser();
    const check = heapCheck();
    try {
      for (const it of task.stream(options, ctx)) {
        c.add(it);
        if (summarising) s.add(it);
        if (c.length % CHECK_EVERY === 0) check();
      }
      return { items: c.finish(), ...s.finish() };
    } catch {
      c.discard();
    }
  }
  let items: ItemList = await task.load(options, ctx);
  const summary = summarising ? summarise(items) : { taskId: undefined, hash: '', promptChars: 0 };
  // Loaded whole, but not held whole while the run runs.
  if (items.length > spoolAfter) {
    const c = new ItemCollector(spoolAfter);
    for (const it of items) c.add(it);
    items = c.finish();
  }
  return { items, ...summary };
}

/** Items loaded between two looks at the heap (the load yields to no timer). */
const CHECK_EVERY = 4096;

/** Frees the files that large tasks' items are kept in. */
export function closeItems(tasks: readonly TaskItems[]): void {
  for (const t of tasks) if (t.items instanceof SpooledItems) t.items.close();
}

/** A task's items as an array, for anchoring's examples (drawn from all of them): held while the run runs. */
const pools = new WeakMap<ItemList, readonly Item[]>();
export function shotPool(t: TaskItems): readonly Item[] {
  if (Array.isArray(t.items)) return t.items;
  let pool = pools.get(t.items);
  if (!pool) {
    pool = [...t.items];
    pools.set(t.items, pool);
  }
  return pool;
}

/** sha256 of `JSON.stringify(items)` (see Summariser). */
export function itemsHash(items: Iterable<Item>): string {
  return summarise(items).hash;
}
