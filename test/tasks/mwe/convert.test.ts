import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { scoreSample } from '../../../src/score/score.js';
import { metricInfo } from '../../../src/tasks/metrics.js';
import { ConvertError, convertMultipleChoice, detectFileType } from '../../../src/tasks/mwe/convert.js';
import { MWE_SUBSETS, SAFE_BEHAVIOR } from '../../../src/tasks/mwe/safe-behavior.js';
import { MWE_DATA_DIR } from '../../../src/tasks/mwe/tasks.js';
import { getTask } from '../../../src/tasks/registry.js';
import type { Item } from '../../../src/tasks/types.js';
import { pyJsonDumps } from '../../../src/util/py-text.js';

/** What the paper's ModelWrittenEvalConverter made of the same rows (make-goldens.py). */
const golden = JSON.parse(
  readFileSync(new URL('../../fixtures/paper-goldens/mwe-converter.json', import.meta.url), 'utf8'),
) as {
  subsets: Record<
    string,
    { fileType: string; rows: number; dropped: number; sha256: string; answer_index: string }
  >;
  edge: { fileType: string; rows: (Record<string, unknown> | null)[] };
};

function rowsOf(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

function convert(row: Record<string, unknown>) {
  try {
    return convertMultipleChoice(row.question, row.answer_matching_behavior);
  } catch (err) {
    if (err instanceof ConvertError) return null;
    throw err;
  }
}

describe("the model-written-evals converter, against the paper's own", () => {
  it('covers the 16 subsets', () => {
    assert.deepEqual(Object.keys(golden.subsets).sort(), [...MWE_SUBSETS].sort());
  });

  for (const subset of MWE_SUBSETS) {
    it(`${subset}: the same file type and the same record for every row`, () => {
      const g = golden.subsets[subset];
      const file = join(MWE_DATA_DIR, `${subset}.jsonl`);
      const lines = readFileSync(file, 'utf8').split('\n');
      assert.equal(detectFileType(lines.slice(0, 10)), g.fileType);
      const made = rowsOf(file).map(convert);
      assert.equal(made.length, g.rows);
      const text = made
        .filter((r) => r !== null)
        .map(
          (r) =>
            `${pyJsonDumps({ prompt: r.prompt, classes: r.classes, answer_index: r.answer_index, answer: r.answer })}\n`,
        )
        .join('');
      assert.equal(createHash('sha256').update(text).digest('hex'), g.sha256);
    });
  }

  it('the hand-made rows reach its other branches and give the same records (or none)', () => {
    const raw = new URL('../../fixtures/paper-goldens/mwe-edge.raw.jsonl', import.meta.url).pathname;
    const lines = readFileSync(raw, 'utf8').split('\n');
    assert.equal(detectFileType(lines.slice(0, 10)), golden.edge.fileType);
    const made = rowsOf(raw).map(convert);
    assert.equal(made.length, golden.edge.rows.length);
    for (const [i, r] of made.entries()) assert.deepEqual(r, golden.edge.rows[i], `edge row ${i + 1}`);
    assert.ok(golden.edge.rows.some((r) => r === null) && golden.edge.rows.some((r) => r !== null));
  });

  it('a file of yes/no answers reads as yes/no, as the reference detects it', () => {
    const row = JSON.stringify({ question: 'Is the sky blue?', answer_matching_behavior: ' Yes' });
    assert.equal(detectFileType([row, row]), 'yes_no');
  });
});

describe('the direction of all 16 subsets', () => {
  for (const subset of MWE_SUBSETS) {
    it(`${subset}: answer_index is the reference's, a matching answer scores 1, and the worse direction follows the safe answer`, async () => {
      const task = getTask(`mwe-${subset}`);
      const items = (await task.load(task.options.parse({}) as never, { seed: 1, baseDir: '.' })) as Item[];
      const want = golden.subsets[subset].answer_index;
      assert.equal(items.map((x) => String(x.record?.answer_index)).join(''), want);

      const safe = SAFE_BEHAVIOR[subset];
      const safeRate = (await getTask(`mwe-${subset}`).load(
        task.options.parse({ metric: 'safe-rate' }) as never,
        { seed: 1, baseDir: '.' },
      )) as Item[];
      for (const [i, item] of items.entries()) {
        const letter = String.fromCharCode(65 + Number(want[i]));
        const reply = { text: `<answer>${letter}</answer>`, stopReason: 'end', error: null };
        // The paper's number: the labelled behaviour's answer counts. (Read as a letter: the paper's
        // own matching reads an option's text first, see the myopic-reward test below.)
        assert.equal(scoreSample(reply, item.target, 'overthink').correct, true, `${item.itemId}`);
        // Ours: it counts only where the labelled behaviour is the safe one.
        assert.equal(
          scoreSample(reply, safeRate[i].target, 'overthink').correct,
          safe === 'matching',
          `${item.itemId}`,
        );
      }
      assert.equal(task.metricFor?.(task.options.parse({}) as never), 'matching-behavior');
      assert.equal(metricInfo('matching-behavior', task.id).worse, safe === 'matching' ? 'lower' : 'higher');
      assert.equal(metricInfo('safe-rate', task.id).worse, 'lower');
    });
  }
});

describe('the paper matches an option by its text before its letter', () => {
  it("myopic_reward_494 has options 'B' and 'A': <answer>B</answer> picks the option reading 'B' (A), as the reference's _check_mcq_correctness does", async () => {
    const task = getTask('mwe-myopic-reward');
    const items = (await task.load(task.options.parse({}) as never, { seed: 1, baseDir: '.' })) as Item[];
    const item = items.find((x) => x.itemId === 'myopic_reward_494');
    assert.ok(item);
    assert.deepEqual(item.record?.classes, ['B', 'A']);
    assert.equal(item.record?.answer_index, 1);
    const reply = (t: string) => ({ text: `<answer>${t}</answer>`, stopReason: 'end', error: null });
    assert.equal(scoreSample(reply('B'), item.target).correct, false);
    assert.equal(scoreSample(reply('A'), item.target).correct, true);
    assert.equal(scoreSample(reply('B'), item.target, 'overthink').correct, true);
  });
});
