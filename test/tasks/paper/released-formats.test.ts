import assert from 'node:assert/strict';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { famousParadoxes } from '../../../src/tasks/counting/famous-paradoxes.js';
import { misleadingMath } from '../../../src/tasks/counting/misleading-math.js';
import { misleadingPython } from '../../../src/tasks/counting/misleading-python.js';
import { customTask } from '../../../src/tasks/custom/custom.js';
import { gradesRegression } from '../../../src/tasks/grades/task.js';
import { paperTaskEntry, RELEASED } from '../../../src/tasks/paper/released-source.js';
import { getTask } from '../../../src/tasks/registry.js';
import type { Item, TaskDefinition } from '../../../src/tasks/types.js';
import { bbehZebraTask } from '../../../src/tasks/zebra/tasks.js';
import { UserError } from '../../../src/util/errors.js';
import { runCli, tempDir } from '../../helpers/cli.js';

const GOLDENS = new URL('../../fixtures/paper-goldens/', import.meta.url).pathname;
const RELEASED_DIR = new URL('../../fixtures/released/', import.meta.url).pathname;
const ctx = { seed: 1, baseDir: '/' };

async function load(task: TaskDefinition<never>, options: Record<string, unknown>): Promise<Item[]> {
  return task.load(task.options.parse(options) as never, ctx);
}

function fileLines(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Each released format, its fixture (what the paper's creator or converter writes) and the task reading it. */
const FORMATS: {
  task: TaskDefinition<never>;
  file: string;
  reference: string;
  strata: (r: Record<string, unknown>) => object;
}[] = [
  {
    task: misleadingMath as TaskDefinition<never>,
    file: join(GOLDENS, 'misleading-math.head.jsonl'),
    reference: 'synthetic_misleading_math',
    strata: (r) => ({ num_distractors: r.num_distractors }),
  },
  {
    task: misleadingPython as TaskDefinition<never>,
    file: join(GOLDENS, 'misleading-python.head.jsonl'),
    reference: 'synthetic_misleading_python',
    strata: (r) => ({ num_distractors: r.num_distractors }),
  },
  {
    task: famousParadoxes as TaskDefinition<never>,
    file: join(RELEASED_DIR, 'famous-paradoxes.jsonl'),
    reference: 'synthetic_misleading_math_famous_paradoxes',
    strata: (r) => ({ num_distractors: r.num_distractors }),
  },
  {
    task: gradesRegression as TaskDefinition<never>,
    file: join(GOLDENS, 'grades.head.jsonl'),
    reference: 'student_lifestyle_regression_Grades',
    strata: (r) => ({ examples_per_prompt: r.examples_per_prompt }),
  },
  {
    task: bbehZebraTask as TaskDefinition<never>,
    file: join(GOLDENS, 'bbeh-zebra-converted.jsonl'),
    reference: 'bbeh_zebra_puzzles',
    strata: (r) => ({ grid_size: Number(/There are (\d+) people/.exec(String(r.prompt))?.[1]) }),
  },
];

describe('every released format loads through `path`, as task_loader holds it', () => {
  for (const f of FORMATS) {
    it(`${f.task.id}: ${f.file.split('/').pop()}`, async () => {
      const rows = fileLines(f.file);
      const items = await load(f.task, { path: f.file });
      assert.equal(items.length, rows.length);
      for (const [i, r] of rows.entries()) {
        const it = items[i];
        assert.equal(it.itemId, `${f.reference}_${i}`);
        assert.equal(it.record?.prompt, r.prompt);
        assert.equal(it.prompt, r.prompt);
        assert.equal(it.record?.answer, r.answer);
        assert.deepEqual(it.strata, f.strata(r));
        const value = typeof r.answer === 'number' ? r.answer : Number(r.answer);
        assert.deepEqual(it.target, { kind: 'number', value, tolerance: 0 });
      }
      assert.equal(f.task.standInNotice?.(f.task.options.parse({ path: f.file }) as never), undefined);
    });
  }

  it("str(answer) keeps a float's .0, as the reference writes it into ICL examples", async () => {
    const items = await load(famousParadoxes as TaskDefinition<never>, {
      path: join(RELEASED_DIR, 'famous-paradoxes.jsonl'),
    });
    assert.deepEqual(
      items.map((x) => x.record?.answerText),
      ['2', '3.0'],
    );
    const grades = await load(gradesRegression as TaskDefinition<never>, {
      path: join(GOLDENS, 'grades.head.jsonl'),
    });
    assert.ok(grades.every((g) => /^\d+\.\d+$/.test(g.record?.answerText ?? '')));
  });

  it('the converted model-written-evals format keeps classes, answer_index and the literal \\n', async () => {
    const file = join(GOLDENS, 'mwe-converted-survival-instinct.jsonl');
    const rows = fileLines(file);
    const items = await load(getTask('mwe-survival-instinct'), { path: file });
    assert.equal(items.length, 3);
    for (const [i, r] of rows.entries()) {
      const it = items[i];
      assert.equal(it.itemId, `survival_instinct_${i}`);
      assert.deepEqual(it.record, {
        prompt: r.prompt,
        classes: r.classes,
        answer_index: r.answer_index,
        answer: r.answer,
        answerText: r.answer,
      });
      assert.ok(String(r.prompt).includes('\\n\\nChoices:\\n(A) '), 'two characters, backslash and n');
      assert.ok(!it.prompt.includes('\\n') && it.prompt.includes('\n\nChoices:\n(A) '));
      assert.equal(it.target.kind, 'behavior');
      if (it.target.kind === 'behavior') {
        assert.equal(it.target.matching, `(${String.fromCharCode(65 + Number(r.answer_index))})`);
        assert.equal(it.target.counts, 'matching');
      }
    }
  });

  it('classes given as a Python literal string are parsed and stripped, in the custom task too', async () => {
    const items = await load(customTask as TaskDefinition<never>, {
      path: join(RELEASED_DIR, 'python-classes.jsonl'),
    });
    assert.deepEqual(items[0].target, { kind: 'choice', options: ['apple', 'brick', 'stone'], index: 0 });
    assert.deepEqual(items[1].target, { kind: 'choice', options: ['one', 'two'], index: 1 });
    assert.deepEqual(items[0].record, {
      prompt: 'Which is a fruit?',
      classes: ['apple', 'brick', 'stone'],
      answer_index: 0,
    });
    assert.deepEqual(items[2].record, { prompt: 'What is 1.5 times 2?', answer: 3, answerText: '3.0' });
  });
});

describe('a malformed record is a UserError naming file, line and field', () => {
  const dir = tempDir('overthink-released-');
  after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, lines: unknown[]) => {
    const file = join(dir, name);
    writeFileSync(file, `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`);
    return file;
  };
  const ok = {
    prompt: 'You have one rose and one tulip. How many different types of plants do you have?',
    answer: 2,
  };
  const cases: [string, TaskDefinition<never>, unknown[], RegExp][] = [
    [
      'invalid JSON',
      misleadingMath as TaskDefinition<never>,
      [ok, '{"prompt": '],
      /:2: expected one JSON object per line/,
    ],
    [
      'no prompt',
      misleadingMath as TaskDefinition<never>,
      [{ answer: 2 }],
      /:1: field 'prompt': expected the question/,
    ],
    [
      'no answer',
      misleadingPython as TaskDefinition<never>,
      [ok, { prompt: 'Q' }],
      /:2: expected 'classes' with 'answer_index', or 'answer'/,
    ],
    [
      'classes not a list literal',
      famousParadoxes as TaskDefinition<never>,
      [{ prompt: 'Q', classes: "('a', 'b')", answer_index: 0 }],
      /:1: field 'classes': expected a list of strings/,
    ],
    [
      'answer_index out of range',
      famousParadoxes as TaskDefinition<never>,
      [{ prompt: 'Q', classes: ['a', 'b'], answer_index: 2 }],
      /:1: field 'answer_index': expected a whole number from 0 to 1, found 2/,
    ],
    [
      'answer an object',
      gradesRegression as TaskDefinition<never>,
      [{ prompt: 'Q', answer: { x: 1 } }],
      /:1: field 'answer': expected a string or a number/,
    ],
    [
      'answer null',
      misleadingMath as TaskDefinition<never>,
      [{ prompt: 'Q', answer: null }],
      /:1: field 'answer': expected the answer, found null/,
    ],
    [
      'bad num_distractors',
      misleadingMath as TaskDefinition<never>,
      [ok, { ...ok, num_distractors: -1 }],
      /:2: field 'num_distractors': expected a whole number/,
    ],
    [
      'MWE converted record without classes',
      getTask('mwe-coordinate-itself'),
      [{ prompt: 'Q', answer: 'Yes' }],
      /:1: field 'classes': expected the multiple-choice fields/,
    ],
    [
      'MWE raw row without choices',
      getTask('mwe-coordinate-itself'),
      [
        {
          question: 'Q\n\nChoices:\n (A) Yes\n (B) No',
          answer_matching_behavior: ' (A)',
          answer_not_matching_behavior: ' (B)',
        },
        {
          question: 'No choices here',
          answer_matching_behavior: ' (A)',
          answer_not_matching_behavior: ' (B)',
        },
      ],
      /:2: field 'question': expected a question followed by lettered choices/,
    ],
    [
      'MWE raw row with an answer out of range',
      getTask('mwe-coordinate-itself'),
      [
        {
          question: 'Q\n\nChoices:\n (A) Yes\n (B) No',
          answer_matching_behavior: ' (C)',
          answer_not_matching_behavior: ' (B)',
        },
      ],
      /:1: field 'answer_matching_behavior': expected one of the 2 choices, found '\(C\)'/,
    ],
  ];
  for (const [name, task, lines, expect] of cases) {
    it(name, async () => {
      const file = write(`${name.replace(/\W+/g, '-')}.jsonl`, lines);
      await assert.rejects(
        async () => load(task, { path: file }),
        (err: unknown) => err instanceof UserError && err.message.includes(file) && expect.test(err.message),
      );
    });
  }

  it('through the CLI: exit 2, one line naming file:line and field, nothing written', async () => {
    const run = tempDir('overthink-released-cli-');
    after(() => rmSync(run, { recursive: true, force: true }));
    writeFileSync(
      join(run, 'bad.jsonl'),
      `${JSON.stringify(ok)}\n${JSON.stringify({ prompt: 'Q', classes: ['a'], answer_index: 0 })}\n`,
    );
    writeFileSync(
      join(run, 'exp.yaml'),
      'models: [sim:inverse]\ntasks:\n  - id: misleading-math\n    options: { path: bad.jsonl }\nbudgets: [0, 1024]\n',
    );
    const before = readdirSync(run).sort();
    const r = await runCli(['run', '--config', 'exp.yaml'], run);
    assert.equal(r.code, 2, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /bad\.jsonl:2: field 'classes': expected a list of at least 2 strings/);
    assert.deepEqual(readdirSync(run).sort(), before);
  });
});

describe('`data pull` files feed the paper tasks and presets', () => {
  const cache = tempDir('overthink-pulled-');
  const saved = process.env.OVERTHINK_CACHE;
  process.env.OVERTHINK_CACHE = cache;
  after(() => {
    rmSync(cache, { recursive: true, force: true });
    if (saved === undefined) delete process.env.OVERTHINK_CACHE;
    else process.env.OVERTHINK_CACHE = saved;
  });
  const main = join(cache, 'data', 'inverse-scaling-ttc-main');

  it('without them: generated items, a notice, and `pulled: true` asks for the pull', async () => {
    assert.deepEqual(paperTaskEntry('misleading-math', { n: 2500 }), {
      id: 'misleading-math',
      options: { n: 2500 },
    });
    assert.match(misleadingMath.standInNotice?.(misleadingMath.options.parse({})) ?? '', /GENERATED items/);
    await assert.rejects(
      async () => load(misleadingMath as TaskDefinition<never>, { pulled: true }),
      (e: unknown) =>
        e instanceof UserError && /overthink data pull inverse-scaling-ttc-main/.test(e.message),
    );
  });

  it('with them: the preset entry reads the pulled file, with no notice', async () => {
    mkdirSync(main, { recursive: true });
    copyFileSync(join(GOLDENS, 'misleading-math.head.jsonl'), join(main, RELEASED['misleading-math'].file));
    copyFileSync(join(GOLDENS, 'bbeh-zebra-converted.jsonl'), join(main, RELEASED['bbeh-zebra'].file));
    const entry = paperTaskEntry('misleading-math', { n: 2500 });
    assert.deepEqual(entry, { id: 'misleading-math', options: { pulled: true } });
    const items = await load(misleadingMath as TaskDefinition<never>, entry.options);
    assert.equal(items.length, 30);
    assert.equal(misleadingMath.standInNotice?.(misleadingMath.options.parse(entry.options)), undefined);
    const zebra = await load(
      bbehZebraTask as TaskDefinition<never>,
      paperTaskEntry('bbeh-zebra', {}).options,
    );
    assert.deepEqual(
      zebra.map((z) => z.itemId),
      ['bbeh_zebra_puzzles_0', 'bbeh_zebra_puzzles_1'],
    );
  });

  it('plan --preset paper-main: stand-in tasks warn on stderr, pulled ones do not', async () => {
    mkdirSync(main, { recursive: true });
    copyFileSync(join(GOLDENS, 'misleading-math.head.jsonl'), join(main, RELEASED['misleading-math'].file));
    const cwd = tempDir('overthink-plan-');
    after(() => rmSync(cwd, { recursive: true, force: true }));
    const r = await runCli(['plan', '--preset', 'paper-main', '--json'], cwd, { OVERTHINK_CACHE: cache });
    assert.equal(r.code, 0, r.stderr);
    const plan = JSON.parse(r.stdout) as { tasks: { id: string; items: number; notice?: string }[] };
    const byId = Object.fromEntries(plan.tasks.map((t) => [t.id, t]));
    assert.equal(byId['misleading-math'].items, 30);
    assert.equal(byId['misleading-math'].notice, undefined);
    assert.match(byId['misleading-python'].notice ?? '', /GENERATED items/);
    assert.match(byId['famous-paradoxes'].notice ?? '', /OUR OWN framings/);
    assert.match(byId['grades-regression'].notice ?? '', /SYNTHETIC student cohort/);
    assert.match(r.stderr, /^⚠ misleading-python: GENERATED items/m);
    assert.doesNotMatch(r.stderr, /misleading-math:/);
    assert.ok(existsSync(main));
  });
});
