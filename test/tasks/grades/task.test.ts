import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { featuresFromPrompt } from '../../../src/tasks/grades/records.js';
import { gradesRegression } from '../../../src/tasks/grades/task.js';
import type { Item } from '../../../src/tasks/types.js';
import { UserError } from '../../../src/util/errors.js';

async function load(options: Record<string, unknown>, seed = 1, baseDir = '.'): Promise<Item[]> {
  return gradesRegression.load(gradesRegression.options.parse(options), { seed, baseDir });
}

/** Every `<record>` in a prompt as a column → value map, read with a plain regex. */
function records(prompt: string): Record<string, string>[] {
  return [...prompt.matchAll(/<record>([\s\S]*?)<\/record>/g)].map((m) =>
    Object.fromEntries([...m[1].matchAll(/<(\w+)>([^<]*)<\/\1>/g)].map((f) => [f[1], f[2]])),
  );
}

describe("grades-regression (the paper's creator over a synthetic cohort)", async () => {
  const items = await load({});
  const studentId = (it: Item) => Number(records(it.prompt).at(-1)?.Student_ID);

  it('1,500 items: each of 500 sampled students once at 0, 8 and 16 shots, ids as task_loader names them', () => {
    assert.equal(gradesRegression.id, 'grades-regression');
    assert.equal(gradesRegression.metric, 'error');
    assert.equal(items.length, 1500);
    assert.deepEqual(
      items.slice(0, 3).map((i) => i.itemId),
      [
        'student_lifestyle_regression_Grades_0',
        'student_lifestyle_regression_Grades_1',
        'student_lifestyle_regression_Grades_2',
      ],
    );
    const counts: Record<string, number> = {};
    for (const it of items)
      counts[String(it.strata.examples_per_prompt)] =
        (counts[String(it.strata.examples_per_prompt)] ?? 0) + 1;
    assert.deepEqual(counts, { '0': 500, '8': 500, '16': 500 });
    const perStudent = new Map<number, number[]>();
    for (const it of items)
      perStudent.set(studentId(it), [
        ...(perStudent.get(studentId(it)) ?? []),
        it.strata.examples_per_prompt as number,
      ]);
    assert.equal(perStudent.size, 500);
    for (const shots of perStudent.values())
      assert.deepEqual(
        shots.sort((a, b) => a - b),
        [0, 8, 16],
      );
  });

  it("shows exactly k examples, all other students, never the target, in the creator's layout", () => {
    for (const it of items) {
      const recs = records(it.prompt);
      const k = it.strata.examples_per_prompt as number;
      assert.equal(recs.length, k + 1, it.itemId);
      const target = recs[recs.length - 1];
      assert.equal(target.Grades, undefined, 'the target record hides its grade');
      const exampleIds = recs.slice(0, -1).map((r) => Number(r.Student_ID));
      assert.ok(!exampleIds.includes(Number(target.Student_ID)), `${it.itemId}: target shown as an example`);
      assert.equal(new Set(exampleIds).size, k, `${it.itemId}: repeated example`);
      assert.equal((it.meta?.exampleIndices as number[] | undefined)?.length, k);
      for (const r of recs.slice(0, -1)) assert.match(r.Grades, /^\d+\.\d+$/);
      assert.equal(it.prompt.startsWith('Here are some records about student lifestyle.'), k > 0);
      assert.match(
        it.prompt,
        /please predict the value of \*\*Grades\*\* for the student between 0 and 10\./,
      );
      assert.match(it.prompt, /\t<Study_Hours_Per_Day>\d+\.\d<\/Study_Hours_Per_Day>\n/);
      assert.equal(it.record?.prompt, it.prompt);
      assert.equal(it.record?.answer, (it.target as { value: number }).value);
      assert.match(it.record?.answerText ?? '', /^\d+\.\d+$/, 'str(float) keeps a decimal point');
    }
  });

  it("each target's grade agrees with the grade shown when that student is someone else's example", () => {
    const truth = new Map<number, number>();
    for (const it of items) {
      assert.equal(it.target.kind, 'number');
      if (it.target.kind === 'number') {
        assert.equal(it.target.tolerance, 0);
        truth.set(studentId(it), it.target.value);
      }
    }
    assert.equal(truth.size, 500);
    let checked = 0;
    for (const it of items) {
      for (const r of records(it.prompt).slice(0, -1)) {
        assert.equal(Number(r.Grades), truth.get(Number(r.Student_ID)));
        checked++;
      }
    }
    assert.equal(checked, 500 * (8 + 16));
  });

  it('keeps the target features in meta, matching the prompt', () => {
    for (const it of items.slice(0, 50).concat(items.slice(-50))) {
      assert.deepEqual(it.meta?.features, featuresFromPrompt(it.prompt));
    }
  });

  it('is fixed by its own seed, not the experiment seed, and configurable', async () => {
    const a = await load({ students: 40, shots: [0, 4] }, 9);
    assert.deepEqual(await load({ students: 40, shots: [0, 4] }, 10), a);
    assert.notDeepEqual(await load({ students: 40, shots: [0, 4], seed: 7 }, 9), a);
    assert.equal(a.length, 80);
    const small = await load({ students: 30, shots: [2], n: 12 });
    assert.equal(small.length, 12);
    assert.ok(small.every((i) => records(i.prompt).length === 3));
    assert.throws(() => gradesRegression.options.parse({ students: 10 }), /at least 20 students/);
    assert.throws(() => gradesRegression.options.parse({ students: 500, bogus: 1 }));
  });

  it('says loudly that its items are generated over a synthetic cohort', () => {
    assert.match(
      gradesRegression.standInNotice?.(gradesRegression.options.parse({})) ?? '',
      /SYNTHETIC student cohort/,
    );
  });
});

describe("grades-regression (the paper's JSONL, loaded as it is)", () => {
  const dir = mkdtempSync(join(tmpdir(), 'overthink-grades-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const rec = (grade?: number) =>
    '<record>\n\t<Student_ID>12</Student_ID>\n\t<Study_Hours_Per_Day>6.5</Study_Hours_Per_Day>\n' +
    '\t<Sleep_Hours_Per_Day>8.1</Sleep_Hours_Per_Day>\n\t<Stress_Level>High</Stress_Level>\n\t<Gender>Female</Gender>\n' +
    (grade === undefined ? '' : `\t<Grades>${grade}</Grades>\n`) +
    '</record>\n';
  const zero = {
    prompt: `Predict the Grades. ${rec()}`,
    answer: 7.2,
    examples_per_prompt: 0,
    target_index: 3,
  };
  const two = {
    prompt: `Examples: ${rec(6.1)}${rec(8)}Predict: ${rec()}`,
    answer: '6.9',
    metadata: { examples_per_prompt: 2 },
  };

  it('keeps the prompt and answer, stratifies by examples_per_prompt, and reads features back', async () => {
    writeFileSync(join(dir, 'grades.jsonl'), `${JSON.stringify(zero)}\n\n${JSON.stringify(two)}\n`);
    const items = await load({ path: 'grades.jsonl' }, 1, dir);
    assert.equal(items.length, 2);
    assert.equal(items[0].prompt, zero.prompt);
    assert.deepEqual(items[0].target, { kind: 'number', value: 7.2, tolerance: 0 });
    assert.deepEqual(items[1].target, { kind: 'number', value: 6.9, tolerance: 0 });
    assert.deepEqual(items[0].strata, { examples_per_prompt: 0 });
    assert.deepEqual(items[1].strata, { examples_per_prompt: 2 });
    // The blank line counts, as in task_loader's enumerate.
    assert.deepEqual(
      items.map((i) => i.itemId),
      ['student_lifestyle_regression_Grades_0', 'student_lifestyle_regression_Grades_2'],
    );
    assert.deepEqual(items[0].meta?.features, { study: 6.5, sleep: 8.1, stress: 2, gender: 0 });
    assert.deepEqual(items[1].record, { prompt: two.prompt, answer: '6.9', answerText: '6.9' });
  });

  it('names the file, line and field of a malformed record', async () => {
    writeFileSync(join(dir, 'bad.jsonl'), `${JSON.stringify(zero)}\n{"prompt": "x", "answer": "seven"}\n`);
    await assert.rejects(
      async () => load({ path: 'bad.jsonl' }, 1, dir),
      (e: unknown) =>
        e instanceof UserError && /bad\.jsonl:2: field 'answer': expected a number/.test(e.message),
    );
    writeFileSync(join(dir, 'bad2.jsonl'), 'not json\n');
    await assert.rejects(
      async () => load({ path: 'bad2.jsonl' }, 1, dir),
      /bad2\.jsonl:1: expected one JSON object/,
    );
    await assert.rejects(async () => load({ path: 'missing.jsonl' }, 1, dir), /missing\.jsonl: cannot read/);
  });
});
