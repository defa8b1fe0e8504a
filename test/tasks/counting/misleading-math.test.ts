import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { misleadingMath } from '../../../src/tasks/counting/misleading-math.js';
import type { Item } from '../../../src/tasks/types.js';
import { countOpening } from './check.js';

async function load(options: Record<string, unknown>, seed = 1): Promise<Item[]> {
  return misleadingMath.load(misleadingMath.options.parse(options), { seed, baseDir: '.' });
}

describe('misleading-math', () => {
  it('defaults to 2,500 items, 500 per distractor count 1-5', async () => {
    const items = await load({});
    assert.equal(items.length, 2500);
    const counts = new Map<unknown, number>();
    for (const it of items)
      counts.set(it.strata.num_distractors, (counts.get(it.strata.num_distractors) ?? 0) + 1);
    assert.deepEqual([...counts.entries()].sort(), [
      [1, 500],
      [2, 500],
      [3, 500],
      [4, 500],
      [5, 500],
    ]);
    assert.equal(new Set(items.map((x) => x.itemId)).size, 2500);
    assert.equal(new Set(items.map((x) => x.prompt)).size, 2500);
    assert.equal(items[0].itemId, 'mm-0001');
    assert.equal(items[2499].itemId, 'mm-2500');
  });

  it('every answer equals an independent count of the things named in the prompt', async () => {
    for (const it of await load({ n: 2500 }, 7)) {
      assert.equal(it.target.kind, 'number');
      if (it.target.kind !== 'number') continue;
      const { count, nouns, plural } = countOpening(it.prompt);
      assert.equal(it.target.value, count, it.prompt);
      assert.equal(it.target.tolerance, 0);
      assert.ok(count >= 2 && count <= 3);
      assert.deepEqual(nouns, it.meta?.objects);
      assert.equal(plural, it.meta?.category, it.prompt);
      // One sentence per distractor between the opening and the question.
      const kinds = it.meta?.distractorKinds;
      assert.ok(Array.isArray(kinds));
      assert.equal(kinds.length, it.strata.num_distractors);
    }
  });

  it('is byte-identical for the same seed and different for another seed', async () => {
    const a = JSON.stringify(await load({ n: 200 }, 3));
    const b = JSON.stringify(await load({ n: 200 }, 3));
    const c = JSON.stringify(await load({ n: 200 }, 4));
    assert.equal(a, b);
    assert.notEqual(a, c);
  });

  it('a larger n keeps the earlier items unchanged', async () => {
    const small = await load({ n: 30 });
    const big = await load({ n: 60 });
    assert.deepEqual(big.slice(0, 30), small);
  });

  it('splits an uneven n as evenly as possible over the chosen counts', async () => {
    const items = await load({ n: 7, distractors: [2, 4] });
    assert.deepEqual(
      items.map((x) => x.strata.num_distractors),
      [2, 4, 2, 4, 2, 4, 2],
    );
  });

  it('rejects unknown, duplicate and out-of-range options', () => {
    assert.throws(() => misleadingMath.options.parse({ n: 10, foo: 1 }));
    assert.throws(() => misleadingMath.options.parse({ distractors: [1, 1] }));
    assert.throws(() => misleadingMath.options.parse({ distractors: [11] }));
    assert.throws(() => misleadingMath.options.parse({ n: 0 }));
  });
});
