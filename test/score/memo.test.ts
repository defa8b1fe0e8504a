import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ScoreMemo } from '../../src/score/memo.js';
import { scoreSample } from '../../src/score/score.js';
import type { Target } from '../../src/tasks/types.js';

test('ScoreMemo scores exactly as scoreSample, across targets, stop reasons, errors and long texts', () => {
  const targets: Target[] = [
    { kind: 'number', value: 2, tolerance: 0 },
    { kind: 'number', value: 2, tolerance: 0 },
    { kind: 'number', value: 3, tolerance: 0.5 },
    { kind: 'exact', value: '2' },
    { kind: 'choice', index: 1, options: ['a', 'b', 'c'] },
  ];
  const texts = [
    '<answer>2</answer>',
    '<answer>3.4</answer>',
    '<answer>(B)</answer>',
    'I think it is two.',
    '',
    null,
    `${'long reasoning '.repeat(60)}<answer>2</answer>`,
  ];
  const stops = ['end', 'max_tokens', null];
  const memo = new ScoreMemo('paper', 10);
  for (let round = 0; round < 2; round++) {
    for (const target of targets) {
      for (const text of texts) {
        for (const stopReason of stops) {
          for (const error of [null, 'HTTP 500']) {
            const row = { text, stopReason, error };
            assert.deepEqual(
              memo.score(row, target),
              scoreSample(row, target),
              JSON.stringify({ row, target }),
            );
          }
        }
      }
    }
  }
});
