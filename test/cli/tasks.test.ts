import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadTaskItems, parseOptionFlags } from '../../src/cli/tasks.js';
import { itemsToJsonl } from '../../src/tasks/custom/paper-format.js';
import { PAPER_STRATA } from '../../src/tasks/custom/records.js';
import { allTasks, getTask } from '../../src/tasks/registry.js';
import type { Item } from '../../src/tasks/types.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'overthink-tasks-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const r = await runCli(args, dir);
  return { code: r.code, out: r.stdout, err: r.stderr };
}

const essence = (items: Item[]) =>
  items.map((x) => ({ prompt: x.prompt, target: x.target, strata: x.strata }));

describe('overthink tasks', () => {
  it('list prints every registered task with its size', async () => {
    const [r, text] = await Promise.all([cli('tasks', 'list', '--json'), cli('tasks', 'list')]);
    assert.equal(r.code, 0, r.err);
    const rows = JSON.parse(r.out) as { id: string; size?: number; metric: string }[];
    assert.deepEqual(
      rows.map((x) => x.id),
      allTasks().map((t) => t.id),
    );
    const mm = rows.find((x) => x.id === 'misleading-math');
    assert.equal(mm?.size, 2500);
    assert.equal(rows.find((x) => x.id === 'famous-paradoxes')?.size, 812);
    assert.equal(rows.find((x) => x.id === 'custom')?.size, undefined);
    assert.match(
      text.out,
      /^misleading-python\s+counting\s+accuracy\s+2500\s+n, distractors, seed, path, pulled\s+Count/m,
    );
    // Each task says which options it takes.
    const custom = rows.find((x) => x.id === 'custom') as { options?: string[] } | undefined;
    assert.deepEqual(custom?.options, ['path', 'format', 'fields', 'name']);
  });

  it('show lists the options first, with types and defaults, even for a task that needs one to load', async () => {
    const r = await cli('tasks', 'show', 'custom');
    assert.equal(r.code, 2);
    assert.match(r.out, /^options \(set with --option key=value here/m);
    assert.match(r.out, /^ {2}path\s+text\s+required$/m);
    assert.match(r.out, /^ {2}format\s+`jsonl` or `csv` or `json`$/m);
    assert.match(r.err, /task 'custom': options\.path: missing: expected text/);
    const mm = await cli('tasks', 'show', 'misleading-math', '-n', '1');
    assert.match(mm.out, /^ {2}n\s+whole number ≥ 1, ≤ 1000000\s+default 2500$/m);
  });

  it('show prints the first n items with their targets, honouring --seed and --option', async () => {
    const r = await cli(
      'tasks',
      'show',
      'misleading-math',
      '--n',
      '2',
      '--seed',
      '5',
      '--option',
      'distractors=[3]',
      '--json',
    );
    assert.equal(r.code, 0, r.err);
    const shown = JSON.parse(r.out) as Item[];
    assert.equal(shown.length, 2);
    assert.deepEqual(
      shown.map((x) => x.strata.num_distractors),
      [3, 3],
    );
    const direct = await loadTaskItems(getTask('misleading-math'), { distractors: [3] }, 5);
    assert.deepEqual(shown, JSON.parse(JSON.stringify(direct.slice(0, 2))));
    const text = await cli('tasks', 'show', 'famous-paradoxes', '--n', '1');
    assert.match(text.out, /── fp-0001 {2}\[num_distractors=0\]\n {3}.+\?\n {3}→ number \d+\n/);
  });

  it('bad input exits 2 with a one-line message', async () => {
    for (const args of [
      ['tasks', 'show', 'no-such-task'],
      ['tasks', 'show', 'misleading-math', '--option', 'n=0'],
      ['tasks', 'generate', 'misleading-math', '--out', join(dir, 'x.jsonl'), '--option', 'colour=red'],
    ]) {
      const r = await cli(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, /^overthink: [^\n]+\n$/, args.join(' '));
    }
  });

  it('generate writes paper-format JSONL that reloads through custom identically', async () => {
    const out = join(dir, 'mp.jsonl');
    const r = await cli(
      'tasks',
      'generate',
      'misleading-python',
      '--out',
      out,
      '--seed',
      '9',
      '--option',
      'n=25',
    );
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /25 items of misleading-python\nwrote .*mp\.jsonl\n/);
    const first = JSON.parse(readFileSync(out, 'utf8').split('\n')[0]);
    assert.deepEqual(Object.keys(first), ['id', 'prompt', 'answer', 'num_distractors']);
    const original = await loadTaskItems(getTask('misleading-python'), { n: 25 }, 9);
    const reloaded = await loadTaskItems(getTask('custom'), { path: out }, 1);
    assert.deepEqual(essence(reloaded), essence(original));
    assert.deepEqual(
      reloaded.map((x) => x.itemId),
      original.map((x) => x.itemId),
    );
  });

  it('every registered task survives the JSONL round trip (prompts, targets, strata)', async () => {
    for (const task of allTasks()) {
      if (task.id === 'custom') continue;
      const items = await loadTaskItems(task, {}, 2);
      const file = join(dir, `${task.id}.jsonl`);
      writeFileSync(file, itemsToJsonl(items));
      const keys = [...new Set(items.flatMap((x) => Object.keys(x.strata)))];
      const fields = keys.some((k) => !PAPER_STRATA.includes(k)) ? { strata: keys } : undefined;
      const back = await loadTaskItems(getTask('custom'), { path: file, ...(fields ? { fields } : {}) }, 1);
      assert.deepEqual(essence(back), essence(items), task.id);
    }
  });

  it('parses --option values as JSON when they are JSON, and nests dotted keys', () => {
    assert.deepEqual(
      parseOptionFlags([
        'n=3',
        'path=data/x.jsonl',
        'fields.prompt=question',
        'fields.strata=["a"]',
        'name=007',
      ]),
      {
        n: 3,
        path: 'data/x.jsonl',
        fields: { prompt: 'question', strata: ['a'] },
        name: '007',
      },
    );
  });
});
