import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ZodError } from 'zod';
import { formatZodError } from '../config/zod-error.js';
import { itemsToJsonl } from '../tasks/custom/paper-format.js';
import { PAPER_STRATA } from '../tasks/custom/records.js';
import { allTasks, getTask } from '../tasks/registry.js';
import type { Item, Target, TaskDefinition } from '../tasks/types.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { didYouMean } from '../util/did-you-mean.js';
import { UserError } from '../util/errors.js';
import { alignColumns } from '../util/terminal.js';
import { printWritten, say } from './output.js';
import { fieldRows } from './reference.js';

/** `--option k=v`, repeatable. Values are JSON when they parse as JSON (n=3, distractors=[1,2]), else strings; dotted keys nest. */
export function parseOptionFlags(pairs: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UserError(`--option '${pair}': expected key=value, e.g. --option n=100`);
    const path = pair.slice(0, eq).split('.');
    if (path.some((p) => p === ''))
      throw new UserError(`--option '${pair}': expected a key like n or fields.prompt`);
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // A plain string such as a path.
    }
    let node = out;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      if (next === undefined) node[key] = {};
      else if (typeof next !== 'object' || next === null || Array.isArray(next)) {
        throw new UserError(`--option '${pair}': '${key}' was already given a value`);
      }
      node = node[key] as Record<string, unknown>;
    }
    node[path[path.length - 1]] = value;
  }
  return out;
}

/** Validates a task's options and loads its items; option problems are one-line UserErrors. */
export async function loadTaskItems(
  task: TaskDefinition<never>,
  rawOptions: Record<string, unknown>,
  seed: number,
  baseDir = process.cwd(),
): Promise<Item[]> {
  let options: never;
  try {
    options = task.options.parse(rawOptions) as never;
  } catch (err) {
    if (err instanceof ZodError)
      throw new UserError(`task '${task.id}': ${formatZodError(err, task.options, rawOptions, ['options'])}`);
    throw err;
  }
  return task.load(options, { seed, baseDir });
}

/** The option names a task takes (nested ones under their parent). */
function topLevelOptions(t: TaskDefinition<never>): string[] {
  return fieldRows(t.options)
    .map((r) => r.path)
    .filter((p) => !p.includes('.'));
}

/** A task by id, with a suggestion for a typo. */
function taskNamed(id: string): TaskDefinition<never> {
  const ids = allTasks().map((t) => t.id);
  if (!ids.includes(id))
    throw new UserError(
      `unknown task '${id}'${didYouMean(id, ids)}; \`overthink tasks list\` shows all ${ids.length}`,
    );
  return getTask(id);
}

function seedOf(s: string | undefined): number {
  if (s === undefined) return 1;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0) throw new UserError(`--seed: expected a whole number ≥ 0, found '${s}'`);
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function describeTarget(t: Target): string {
  switch (t.kind) {
    case 'exact':
      return `exact ${JSON.stringify(t.value)}`;
    case 'number':
      return `number ${t.value}${t.tolerance ? ` ± ${t.tolerance}` : ''}`;
    case 'choice':
      return `choice ${String.fromCharCode(65 + t.index)}: ${t.options[t.index]}`;
    case 'behavior':
      return t.counts === 'matching'
        ? `behavior: matching answer is ${t.matching} (safe: ${t.safe === 'matching' ? t.matching : t.notMatching})`
        : `behavior: safe answer is ${t.safe === 'matching' ? t.matching : t.notMatching}`;
  }
}

/** Default item count, or undefined when the task cannot load without options (e.g. custom needs a path). */
async function defaultSize(task: TaskDefinition<never>): Promise<number | undefined> {
  try {
    return (await loadTaskItems(task, {}, 1)).length;
  } catch {
    return undefined;
  }
}

export function register(program: Command): void {
  const tasks = program.command('tasks').description('List, inspect and export the evaluation tasks.');

  tasks
    .command('list')
    .description('List the registered tasks: id, family, metric, default size and description.')
    .option('--json', 'print as JSON')
    .addHelpText(
      'after',
      `
Examples:
  overthink tasks list
  overthink tasks list --json

Then \`overthink tasks show <id>\` prints items and every option the task takes.`,
    )
    .action(async (flags: { json?: boolean }) => {
      const rows: {
        id: string;
        family: string;
        metric: string;
        size?: number;
        options: string[];
        description: string;
      }[] = [];
      for (const t of allTasks()) {
        rows.push({
          id: t.id,
          family: t.family,
          metric: t.metric,
          size: await defaultSize(t),
          options: topLevelOptions(t),
          description: t.description,
        });
      }
      if (flags.json) return void process.stdout.write(`${JSON.stringify(rows)}\n`);
      const table = [['id', 'family', 'metric', 'size', 'options', 'description']];
      for (const r of rows)
        table.push([
          r.id,
          r.family,
          r.metric,
          r.size === undefined ? '-' : String(r.size),
          r.options.join(', '),
          r.description,
        ]);
      for (const l of alignColumns(table, (i) => i === 3)) say(l);
    });

  tasks
    .command('show <task>')
    .description(
      'Print the first items of a task as the model would see them, with their targets and strata.',
    )
    .option('-n, --n <count>', 'how many items to show', '3')
    .option('--seed <n>', 'experiment seed', '1')
    .option(
      '-o, --option <key=value>',
      'task option, repeatable (e.g. --option n=100, --option path=data.jsonl)',
      collect,
      [],
    )
    .option('--json', 'print the items as JSON')
    .addHelpText(
      'after',
      `
Examples:
  overthink tasks show misleading-math                  its options, then 3 items as the model sees them
  overthink tasks show famous-paradoxes -n 1 --option distractors=[3]
  overthink tasks show custom --option path=my-data.jsonl`,
    )
    .action(async (id: string, flags: { n: string; seed: string; option: string[]; json?: boolean }) => {
      const n = Number(flags.n);
      if (!Number.isInteger(n) || n < 1)
        throw new UserError(`--n: expected a whole number ≥ 1, found '${flags.n}'`);
      const task = taskNamed(id);
      // The options first: they are what a task that cannot load without one (custom) needs.
      if (!flags.json) {
        say(`${task.id}: ${task.description}`);
        say('options (set with --option key=value here, or options: { … } in a config):');
        const options = fieldRows(task.options).map((r) => [
          `  ${r.path}`,
          r.type,
          r.dflt === '—' ? '' : r.dflt === 'required' ? 'required' : `default ${r.dflt.replace(/`/g, '')}`,
        ]);
        for (const l of alignColumns(options, () => false)) say(l.trimEnd());
        say('');
      }
      const items = await loadTaskItems(task, parseOptionFlags(flags.option), seedOf(flags.seed));
      const shown = items.slice(0, n);
      if (flags.json) return void process.stdout.write(`${JSON.stringify(shown)}\n`);
      say(`${items.length} items (${task.metric}); showing ${shown.length}`);
      for (const it of shown) {
        say('');
        const strata = Object.entries(it.strata).map(([k, v]) => `${k}=${v}`);
        say(`── ${it.itemId}${strata.length ? `  [${strata.join(', ')}]` : ''}`);
        for (const l of it.prompt.split('\n')) say(`   ${l}`);
        say(`   → ${describeTarget(it.target)}`);
      }
    });

  tasks
    .command('generate <task>')
    .description("Write a task's items as JSONL in the paper's record format (reloads with the custom task).")
    .requiredOption('--out <file>', 'output file (.jsonl)')
    .option('--seed <n>', 'experiment seed', '1')
    .option('-o, --option <key=value>', 'task option, repeatable (e.g. --option n=100)', collect, [])
    .addHelpText(
      'after',
      `
Examples:
  overthink tasks generate misleading-math --out mm.jsonl --option n=200
  overthink run --model sim:inverse --dataset mm.jsonl     the file runs as a custom task`,
    )
    .action(async (id: string, flags: { out: string; seed: string; option: string[] }) => {
      const task = taskNamed(id);
      const items = await loadTaskItems(task, parseOptionFlags(flags.option), seedOf(flags.seed));
      const out = resolve(flags.out);
      writeFileAtomic(out, itemsToJsonl(items), 'the items');
      say(`${items.length} items of ${task.id}`);
      printWritten([out]);
      // The custom task reads only the paper's strata columns unless told otherwise.
      const keys = [...new Set(items.flatMap((it) => Object.keys(it.strata)))];
      const extra = keys.filter((k) => !PAPER_STRATA.includes(k));
      if (extra.length) {
        say(
          `to keep the strata ${extra.join(', ')} when reloading, give the custom task fields.strata=${JSON.stringify(keys)}`,
        );
      }
    });
}
