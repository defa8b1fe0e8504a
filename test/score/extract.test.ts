import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractAnswer } from '../../src/score/extract.js';
import { scoreSample } from '../../src/score/score.js';

test('takes the last <answer> tag, case-insensitive and across lines', () => {
  assert.deepEqual(extractAnswer('<answer>1</answer> then <ANSWER>\n 2 \n</Answer>'), {
    answer: '2',
    method: 'answer-tag',
  });
});

test('ignores answer tags inside inline <think> blocks', () => {
  assert.deepEqual(extractAnswer('<think>maybe <answer>9</answer></think>The result: <answer>3</answer>'), {
    answer: '3',
    method: 'answer-tag',
  });
  assert.equal(extractAnswer('<think><answer>9</answer></think>no tag here').answer, null);
});

test('documented fallbacks, in order', () => {
  assert.deepEqual(extractAnswer('blah <answer>42'), { answer: '42', method: 'unclosed-answer-tag' });
  assert.deepEqual(extractAnswer('so \\boxed{7} and \\boxed{8}'), { answer: '8', method: 'boxed' });
  assert.deepEqual(extractAnswer('Work...\nFinal answer: 12.'), { answer: '12', method: 'answer-line' });
  assert.deepEqual(extractAnswer('so the final answer is 5'), { answer: '5', method: 'answer-line' });
  assert.deepEqual(extractAnswer('I think it is two.'), { answer: null, method: 'none' });
  assert.deepEqual(extractAnswer('<answer>  </answer>'), { answer: null, method: 'none' });
});

/** These tests pin overthink's own extractor and matching (the `paper` ones: paper-goldens.test.ts). */
const scoreOurs = (...a: Parameters<typeof scoreSample>) => scoreSample(a[0], a[1], 'overthink');

test('scoreSample: every outcome', () => {
  const num = { kind: 'number', value: 2, tolerance: 0 } as const;
  assert.equal(
    scoreOurs({ text: '<answer>2</answer>', stopReason: 'end', error: null }, num).outcome,
    'correct',
  );
  assert.equal(
    scoreOurs({ text: '<answer>3</answer>', stopReason: 'end', error: null }, num).outcome,
    'wrong',
  );
  assert.equal(
    scoreOurs({ text: '<answer>two</answer>', stopReason: 'end', error: null }, num).outcome,
    'unparsable',
  );
  assert.equal(
    scoreOurs({ text: 'thinking...', stopReason: 'max_tokens', error: null }, num).outcome,
    'truncated',
  );
  assert.equal(scoreOurs({ text: 'no idea', stopReason: 'end', error: null }, num).outcome, 'unparsable');
  assert.equal(scoreOurs({ text: null, stopReason: null, error: 'HTTP 500' }, num).outcome, 'error');
  const reg = scoreOurs(
    { text: '<answer>7.5</answer>', stopReason: 'end', error: null },
    { kind: 'number', value: 6, tolerance: 0 },
  );
  assert.equal(reg.absError, 1.5);
  assert.equal(
    scoreOurs(
      { text: '<answer>Paris.</answer>', stopReason: 'end', error: null },
      { kind: 'exact', value: 'paris' },
    ).outcome,
    'correct',
  );
});
