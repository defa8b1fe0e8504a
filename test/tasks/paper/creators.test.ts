import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createCounting, defaultCounts } from '../../../src/tasks/counting/creator.js';
import { misleadingMath } from '../../../src/tasks/counting/misleading-math.js';
import { misleadingPython } from '../../../src/tasks/counting/misleading-python.js';
import { createGrades } from '../../../src/tasks/grades/creator.js';
import { readStudentCsv } from '../../../src/tasks/grades/table.js';
import { gradesRegression } from '../../../src/tasks/grades/task.js';
import type { Item } from '../../../src/tasks/types.js';
import { PyFloat, pyJsonDumps } from '../../../src/util/py-text.js';

/**
 * Our generators against the paper's creators themselves: make-goldens.py ran them under python3
 * and kept, per run, the sha256 of the JSONL they write and its first lines.
 */
const DIR = new URL('../../fixtures/paper-goldens/', import.meta.url);
const goldens = JSON.parse(readFileSync(new URL('goldens.json', DIR), 'utf8')) as Record<
  string,
  { instances: number; sha256: string; head: number }
>;
const head = (name: string) =>
  readFileSync(new URL(`${name}.head.jsonl`, DIR), 'utf8')
    .split('\n')
    .slice(0, -1);
const sha = (lines: string[]) =>
  createHash('sha256')
    .update(lines.map((l) => `${l}\n`).join(''))
    .digest('hex');

/** Lines identical to the creator's head, then the whole output identical by hash. */
function assertSameOutput(name: string, lines: string[]): void {
  const g = goldens[name];
  assert.equal(lines.length, g.instances);
  const want = head(name);
  assert.equal(want.length, g.head);
  for (let i = 0; i < want.length; i++) assert.equal(lines[i], want[i], `${name}: instance ${i}`);
  assert.equal(sha(lines), g.sha256, `${name}: the whole output`);
}

describe("misleading-counting creators, byte for byte against the paper's", () => {
  for (const [name, domain, n, counts] of [
    ['misleading-math', 'math', 2500, defaultCounts()],
    ['misleading-python', 'python', 2500, defaultCounts()],
    ['misleading-math-counts', 'math', 300, [0, 3, 7]],
    ['misleading-python-counts', 'python', 300, [0, 3, 7]],
  ] as const) {
    it(`${name}: ${n} instances`, () => {
      const lines = createCounting(domain, n, counts).map(({ kinds: _kinds, ...record }) =>
        pyJsonDumps(record),
      );
      assertSameOutput(name, lines);
    });
  }

  for (const [task, name] of [
    [misleadingMath, 'misleading-math'],
    [misleadingPython, 'misleading-python'],
  ] as const) {
    it(`the ${task.id} task carries the creator's records, ids as task_loader names them, and strata`, async () => {
      const items = (await task.load(task.options.parse({}), { seed: 99, baseDir: '.' })) as Item[];
      assert.equal(items.length, 2500);
      const want = head(name).map((l) => JSON.parse(l) as Record<string, unknown>);
      for (const [i, w] of want.entries()) {
        const it = items[i];
        assert.equal(
          it.itemId,
          `synthetic_misleading_${name === 'misleading-math' ? 'math' : 'python'}_${i}`,
        );
        assert.deepEqual(it.record, { prompt: w.prompt, answer: 2, answerText: '2' });
        assert.equal(it.prompt, w.prompt);
        assert.deepEqual(it.target, { kind: 'number', value: 2, tolerance: 0 });
        assert.deepEqual(it.strata, { num_distractors: w.num_distractors });
        assert.equal((it.meta?.distractorKinds as string[] | undefined)?.length, w.num_distractors);
      }
      // The experiment seed does not move the items; the creator's seed does.
      const other = (await task.load(task.options.parse({ n: 5 }), { seed: 1, baseDir: '.' })) as Item[];
      assert.deepEqual(other, items.slice(0, 5));
      const reseeded = (await task.load(task.options.parse({ n: 5, seed: 7 }), {
        seed: 1,
        baseDir: '.',
      })) as Item[];
      assert.notDeepEqual(
        reseeded.map((x) => x.prompt),
        other.map((x) => x.prompt),
      );
    });
  }

  it('every count of 1-5 appears and every distractor kind is used (drawn with replacement)', () => {
    const made = createCounting('math', 2500, defaultCounts());
    assert.deepEqual([...new Set(made.map((m) => m.num_distractors))].sort(), [1, 2, 3, 4, 5]);
    assert.equal(new Set(made.flatMap((m) => m.kinds)).size, 10);
    assert.ok(
      made.some((m) => new Set(m.kinds).size < m.kinds.length),
      'some item repeats a kind',
    );
  });
});

describe("grades creator, byte for byte against the paper's", () => {
  const csv = new URL('grades-students.csv', DIR).pathname;

  it('180 instances over the fixture CSV (pandas sample, random.sample, the template)', () => {
    const made = createGrades(readStudentCsv(csv, 'grades-students.csv'), { n: 180, shots: [0, 8, 16] });
    const lines = made.map((c) =>
      pyJsonDumps({
        prompt: c.prompt,
        answer: new PyFloat(c.answer),
        dataset: c.dataset,
        answer_column: c.answer_column,
        examples_per_prompt: c.examples_per_prompt,
        target_index: c.target_index,
        example_indices: c.example_indices,
      }),
    );
    assertSameOutput('grades', lines);
    // The grade written 8.0 in the CSV stays a float: json.dumps writes 8.0, and so do we.
    assert.ok(lines.some((l) => l.includes('"answer": 8.0,')));
  });

  it('the task reads the CSV through `csv` and keeps str(answer) as Python writes it', async () => {
    const items = (await gradesRegression.load(gradesRegression.options.parse({ csv, n: 180 }), {
      seed: 1,
      baseDir: '.',
    })) as Item[];
    const want = head('grades').map((l) => JSON.parse(l) as { prompt: string; examples_per_prompt: number });
    for (const [i, w] of want.entries()) {
      assert.equal(items[i].record?.prompt, w.prompt);
      assert.equal(items[i].strata.examples_per_prompt, w.examples_per_prompt);
      assert.equal(items[i].itemId, `student_lifestyle_regression_Grades_${i}`);
    }
    // Student 5's grade is written 8.0 in the CSV: Python's str(float) keeps the ".0".
    const eight = items.find((x) => x.record?.answer === 8);
    assert.equal(eight?.record?.answerText, '8.0');
  });
});
