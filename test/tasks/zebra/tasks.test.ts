import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { getTask } from '../../../src/tasks/registry.js';
import { bundledBbehPath } from '../../../src/tasks/zebra/bbeh-file.js';
import { bbehZebraTask, zebraTask } from '../../../src/tasks/zebra/tasks.js';
import { UserError } from '../../../src/util/errors.js';

const tmp = mkdtempSync(join(tmpdir(), 'overthink-zebra-task-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const ctx = { seed: 3, baseDir: tmp };

describe('zebra task', () => {
  it('is registered, with accuracy as its metric', () => {
    assert.equal(getTask('zebra'), zebraTask);
    assert.equal(getTask('bbeh-zebra'), bbehZebraTask);
    assert.equal(zebraTask.metric, 'accuracy');
  });

  it('defaults to 50 puzzles each of 5, 6, 7 and 8 people', () => {
    const o = zebraTask.options.parse({});
    assert.equal(o.n, 50);
    assert.deepEqual(o.sizes, [5, 6, 7, 8]);
  });

  it('generates items with numeric position targets, grid_size strata and deduction counts', async () => {
    const items = await zebraTask.load(zebraTask.options.parse({ n: 2, sizes: [5, 8] }), ctx);
    assert.deepEqual(
      items.map((i) => i.itemId),
      ['zebra-5-0', 'zebra-5-1', 'zebra-8-0', 'zebra-8-1'],
    );
    for (const it of items) {
      const size = it.strata.grid_size;
      assert.equal(it.taskId, 'zebra');
      assert.ok(size === 5 || size === 8);
      assert.equal(it.target.kind, 'number');
      const value = it.target.kind === 'number' ? it.target.value : 0;
      assert.ok(value >= 1 && value <= size);
      assert.equal(it.meta?.solverAnswer, String(value));
      assert.equal(it.meta?.solverUnique, true);
      assert.equal(typeof it.meta?.deductions, 'number');
      assert.match(it.prompt, new RegExp(`^There are ${size} people`));
    }
    const again = await zebraTask.load(zebraTask.options.parse({ n: 2, sizes: [5, 8] }), ctx);
    assert.deepEqual(again, items);
    const other = await zebraTask.load(zebraTask.options.parse({ n: 2, sizes: [5, 8] }), { ...ctx, seed: 4 });
    assert.notEqual(other[0].prompt, items[0].prompt);
  });

  it('non-default options are part of the item ids', async () => {
    const items = await zebraTask.load(
      zebraTask.options.parse({ n: 1, sizes: [4], attributes: 3, unique: 'grid' }),
      ctx,
    );
    assert.equal(items[0].itemId, 'zebra-4-a3-grid-0');
  });

  it('shared: values listed under two attributes, with the solver agreeing across readings', async () => {
    const items = await zebraTask.load(zebraTask.options.parse({ n: 4, sizes: [6], shared: 2 }), ctx);
    assert.deepEqual(
      items.map((i) => i.itemId),
      ['zebra-6-s2-0', 'zebra-6-s2-1', 'zebra-6-s2-2', 'zebra-6-s2-3'],
    );
    for (const it of items) {
      const value = it.target.kind === 'number' ? it.target.value : 0;
      assert.equal(it.meta?.solverAnswer, String(value), it.itemId);
      assert.equal(it.meta?.solverUnique, true);
      assert.ok(it.meta?.solverStatus === 'agreed' || it.meta?.solverStatus === 'unique', it.itemId);
      // Each value the clues mention ambiguously is listed under two attributes.
      const lists = it.prompt
        .split('\n')
        .filter((l) => l.startsWith('Everyone '))
        .map((l) => l.replace(/\.$/, '').split(/[:,] /).slice(1));
      for (const v of (it.meta?.ambiguousValues ?? []) as string[]) {
        assert.equal(lists.filter((values) => values.includes(v)).length, 2, `${it.itemId}: ${v}`);
      }
    }
    assert.ok(items.some((it) => it.meta?.solverStatus === 'agreed'));
    // Without the option, the items are the ones the task always made.
    const plain = await zebraTask.load(zebraTask.options.parse({ n: 1, sizes: [6] }), ctx);
    assert.equal(plain[0].itemId, 'zebra-6-0');
    assert.equal(plain[0].meta?.ambiguousValues, undefined);
    assert.equal(plain[0].meta?.solverStatus, 'unique');
  });

  it('rejects impossible options', () => {
    assert.equal(zebraTask.options.safeParse({ sizes: [2] }).success, false);
    assert.equal(zebraTask.options.safeParse({ attributes: 20 }).success, false);
    assert.equal(zebraTask.options.safeParse({ unique: 'everything' }).success, false);
    assert.equal(zebraTask.options.safeParse({ colour: 'red' }).success, false);
    assert.equal(zebraTask.options.safeParse({ shared: 4 }).success, false);
    assert.equal(zebraTask.options.safeParse({ sizes: [3], shared: 2 }).success, false);
    assert.equal(
      zebraTask.options.safeParse({ sizes: [5], attributes: 24, distractors: 4, shared: 2 }).success,
      true,
    );
    assert.equal(
      zebraTask.options.safeParse({ sizes: [5], attributes: 24, distractors: 5, shared: 2 }).success,
      false,
    );
  });
});

describe('bbeh-zebra task', () => {
  it('loads the vendored 100 dev puzzles by default, with grid sizes and solver meta', async () => {
    const items = await bbehZebraTask.load(bbehZebraTask.options.parse({}), ctx);
    assert.equal(items.length, 100);
    const sizes = new Map<unknown, number>();
    for (const it of items) {
      sizes.set(it.strata.grid_size, (sizes.get(it.strata.grid_size) ?? 0) + 1);
      assert.equal(it.target.kind, 'number');
      assert.equal(it.meta?.solverAnswer, it.target.kind === 'number' ? String(it.target.value) : null);
      assert.equal(typeof it.meta?.deductions, 'number');
    }
    assert.deepEqual(Object.fromEntries(sizes), { 5: 17, 6: 19, 7: 39, 8: 25 });
    assert.equal(items[0].itemId, 'bbeh-zebra-0');
  });

  it('reads a path relative to the config folder', async () => {
    copyFileSync(bundledBbehPath(), join(tmp, 'mine.json'));
    const items = await bbehZebraTask.load(bbehZebraTask.options.parse({ path: 'mine.json' }), ctx);
    assert.equal(items.length, 100);
  });

  it('asks for `data pull` when the pulled file is missing', () => {
    const saved = process.env.OVERTHINK_CACHE;
    process.env.OVERTHINK_CACHE = join(tmp, 'empty-cache');
    try {
      assert.throws(
        () => bbehZebraTask.load(bbehZebraTask.options.parse({ pulled: 'bbeh-zebra' }), ctx),
        (err: unknown) => err instanceof UserError && /overthink data pull bbeh-zebra/.test(err.message),
      );
      // true: the paper's own file, from its released dataset.
      assert.throws(
        () => bbehZebraTask.load(bbehZebraTask.options.parse({ pulled: true }), ctx),
        (err: unknown) =>
          err instanceof UserError && /overthink data pull inverse-scaling-ttc-main/.test(err.message),
      );
    } finally {
      if (saved === undefined) delete process.env.OVERTHINK_CACHE;
      else process.env.OVERTHINK_CACHE = saved;
    }
  });

  it('a missing file is a UserError naming it', () => {
    assert.throws(
      () => bbehZebraTask.load(bbehZebraTask.options.parse({ path: 'nope.json' }), ctx),
      (err: unknown) => err instanceof UserError && err.message.includes('nope.json'),
    );
  });
});
