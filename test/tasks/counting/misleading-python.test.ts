import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { misleadingPython } from '../../../src/tasks/counting/misleading-python.js';
import { CATEGORIES } from '../../../src/tasks/counting/objects.js';
import type { Item } from '../../../src/tasks/types.js';
import { countOpening, strataCounts } from './check.js';

async function load(options: Record<string, unknown>, seed = 1): Promise<Item[]> {
  return misleadingPython.load(misleadingPython.options.parse(options), { seed, baseDir: '.' });
}

describe('misleading-python', () => {
  it('defaults to 2,500 items, 500 per distractor count 1-5, unique ids and prompts', async () => {
    const items = await load({});
    assert.equal(items.length, 2500);
    assert.deepEqual(strataCounts(items), { 1: 500, 2: 500, 3: 500, 4: 500, 5: 500 });
    assert.equal(new Set(items.map((x) => x.itemId)).size, 2500);
    assert.equal(new Set(items.map((x) => x.prompt)).size, 2500);
    assert.equal(items[41].itemId, 'mp-0042');
  });

  it('every answer equals an independent count, and each distractor is one fenced Python block', async () => {
    for (const it of await load({ n: 1000, distractors: [1, 2, 3, 4, 5, 10] }, 11)) {
      assert.equal(it.target.kind, 'number');
      if (it.target.kind !== 'number') continue;
      const { count, nouns } = countOpening(it.prompt);
      assert.equal(it.target.value, count, it.prompt);
      assert.deepEqual(nouns, it.meta?.objects);
      const blocks = it.prompt.match(/```python\n[\s\S]*?\n```/g) ?? [];
      assert.equal(blocks.length, it.strata.num_distractors, it.prompt);
      // The prose outside the snippets never names another member of the category.
      const prose = it.prompt.replace(/```python\n[\s\S]*?\n```/g, '');
      const others = CATEGORIES.find((c) => c.plural === it.meta?.category)!.things.filter(
        (t) => !nouns.includes(t.noun),
      );
      for (const o of others) assert.ok(!new RegExp(`\\b${o.noun}\\b`).test(prose), `${o.noun} in ${prose}`);
    }
  });

  it('is byte-identical for the same seed and different for another seed', async () => {
    const a = JSON.stringify(await load({ n: 100 }, 3));
    assert.equal(JSON.stringify(await load({ n: 100 }, 3)), a);
    assert.notEqual(JSON.stringify(await load({ n: 100 }, 4)), a);
  });

  it('rejects unknown options', () => {
    assert.throws(() => misleadingPython.options.parse({ size: 10 }));
    assert.throws(() => misleadingPython.options.parse({ distractors: [11] }));
  });
});
