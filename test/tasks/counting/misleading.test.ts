import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { misleadingMath } from '../../../src/tasks/counting/misleading-math.js';
import { misleadingPython } from '../../../src/tasks/counting/misleading-python.js';
import type { Item, TaskDefinition } from '../../../src/tasks/types.js';
import { strataCounts } from './check.js';

/**
 * Properties of the generated items read from the prompt text itself, independently of the
 * generator; byte equality with the paper's creators is in test/tasks/paper/creators.test.ts.
 */
const templates = (
  JSON.parse(
    readFileSync(new URL('../../../data/paper-protocol/counting-creators.json', import.meta.url), 'utf8'),
  ) as { objectTemplates: { category: string; items1: string[]; items2: string[] }[] }
).objectTemplates;

async function load(task: TaskDefinition<never>, options: Record<string, unknown>): Promise<Item[]> {
  return task.load(task.options.parse(options) as never, { seed: 1, baseDir: '.' });
}

/** How many distractors a prompt's middle holds, counted from the text. */
const COUNTERS: Record<string, (middle: string) => number> = {
  // Each numeric distractor is one sentence ending in '.'; none has ". " inside.
  'misleading-math': (m) => (m === '' ? 0 : m.split(/(?<=\.) /).length),
  // Each code distractor is about "Your friend"; some end in a fence rather than a full stop.
  'misleading-python': (m) => (m.match(/(^| )Your friend /g) ?? []).length,
};

for (const [task, marker] of [
  [
    misleadingMath as TaskDefinition<never>,
    /probability|weighs|costs|ago|from|recommended|made of|is [a-z]+ and/,
  ],
  [misleadingPython as TaskDefinition<never>, /`/],
] as const) {
  describe(task.id, async () => {
    const items = await load(task, {});

    it('2,500 items over 1-5 distractors, drawn per item as the creator draws them', () => {
      assert.equal(items.length, 2500);
      const counts = strataCounts(items);
      assert.deepEqual(Object.keys(counts).sort(), ['1', '2', '3', '4', '5']);
      // randint(1, 5) per item: each count near 500 (binomial sd ≈ 20).
      for (const n of Object.values(counts)) assert.ok(n > 400 && n < 600, JSON.stringify(counts));
    });

    it('one thing of each type of one category, the matching question, answer 2', () => {
      for (const it of items) {
        const open = /^You have one (.+?) and one (.+?)\. /.exec(it.prompt);
        const question = / How many different types of ([a-z]+) do you have\?$/.exec(it.prompt);
        assert.ok(open && question, it.prompt);
        const t = templates.find((x) => x.category === question[1]);
        assert.ok(t, question[1]);
        assert.ok(t.items1.includes(open[1]) && t.items2.includes(open[2]), it.prompt);
        assert.deepEqual(it.target, { kind: 'number', value: 2, tolerance: 0 });
        // Every distractor sentence sits between the opening and the question.
        const middle = it.prompt.slice(open[0].length, it.prompt.length - question[0].length);
        assert.equal(COUNTERS[task.id](middle), it.strata.num_distractors, it.prompt);
        if (middle !== '') assert.match(middle, marker);
      }
    });

    it('keeps each item fixed as n grows, and takes its seed from options, not the experiment', async () => {
      const small = await load(task, { n: 20 });
      assert.deepEqual(small, items.slice(0, 20));
      const other = await task.load(task.options.parse({ n: 20 }) as never, { seed: 777, baseDir: '.' });
      assert.deepEqual(other, small);
      assert.notDeepEqual(await load(task, { n: 20, seed: 43 }), small);
    });

    it('draws counts from `distractors` and rejects bad options', async () => {
      const some = await load(task, { n: 200, distractors: [0, 4] });
      assert.deepEqual(Object.keys(strataCounts(some)).sort(), ['0', '4']);
      for (const bad of [{ n: 0 }, { foo: 1 }, { distractors: [] }, { distractors: [-1] }, { seed: 1.5 }])
        assert.throws(() => task.options.parse(bad), JSON.stringify(bad));
    });
  });
}
