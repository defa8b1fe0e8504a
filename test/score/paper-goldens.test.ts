import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { extractPaper } from '../../src/score/paper-extract.js';
import { paperChoiceIndex, paperOpenCorrect, paperSquaredError } from '../../src/score/paper-match.js';
import { scoreSample } from '../../src/score/score.js';

/**
 * The `paper` extractor and scorer against the reference's own functions on the same inputs
 * (test/fixtures/paper-goldens/protocol-goldens.json, made by scripts/paper-goldens/make.py: the texts include
 * Unicode edge cases and 400 seeded random ones).
 */
const g = JSON.parse(
  readFileSync(new URL('../fixtures/paper-goldens/protocol-goldens.json', import.meta.url), 'utf8'),
) as {
  extract: { text: string; answer: string | null }[];
  mcq: {
    classes: string[];
    answerIndex: number;
    modelAnswer: string | null;
    result: [boolean, number | null];
  }[];
  openEnded: { answerText: string; modelAnswer: string | null; correct: boolean }[];
  mse: { answer: number | string; modelAnswer: string | null; squaredError: number | null }[];
};

describe('paper extractor = _extract_answer_tag', () => {
  test(`${g.extract.length} texts give the reference's answer`, () => {
    const wrong = g.extract
      .map((e) => ({ ...e, got: extractPaper(e.text) }))
      .filter((e) => e.got !== e.answer);
    assert.deepEqual(wrong, []);
  });
  test('the corpus exercises every step: tags, keywords, lone letters and no answer', () => {
    const answers = g.extract.map((e) => e.answer);
    assert.ok(answers.filter((a) => a === null).length > 50);
    assert.ok(answers.filter((a) => a !== null && a.length === 1).length > 50);
    assert.ok(answers.filter((a) => a !== null && a.length > 1).length > 5);
  });
});

describe('paper matching = the evaluator’s _check_* methods', () => {
  test('multiple choice: the option picked and whether it is right', () => {
    for (const c of g.mcq) {
      const idx = paperChoiceIndex(c.classes, c.modelAnswer);
      assert.deepEqual([idx !== null && idx === c.answerIndex, idx], c.result, JSON.stringify(c));
    }
  });
  test('open-ended: numbers within 1e-6 as Python reads them, else text', () => {
    for (const c of g.openEnded)
      assert.equal(paperOpenCorrect(c.answerText, c.modelAnswer), c.correct, JSON.stringify(c));
  });
  test('mse: the squared error, or none where the reference has none', () => {
    for (const c of g.mse)
      assert.equal(paperSquaredError(Number(c.answer), c.modelAnswer), c.squaredError, JSON.stringify(c));
  });
});

describe('scoreSample with the paper extractor', () => {
  const row = (text: string, stopReason: string | null = 'end') => ({ text, stopReason, error: null });
  test('multiple choice by letter or by option text; an answer naming no option is unparsable', () => {
    const t = { kind: 'choice' as const, options: ['Yes', 'No'], index: 1 };
    assert.equal(scoreSample(row('<answer>B</answer>'), t).outcome, 'correct');
    assert.equal(scoreSample(row('<answer> no </answer>'), t).outcome, 'correct');
    assert.equal(scoreSample(row('<answer>A</answer>'), t).outcome, 'wrong');
    assert.equal(scoreSample(row('<answer>maybe</answer>'), t).outcome, 'unparsable');
  });
  test('an empty last tag is no answer, even with an answer before it; at max_tokens it is truncated', () => {
    const t = { kind: 'number' as const, value: 2, tolerance: 0 };
    assert.equal(scoreSample(row('<answer>2</answer> <answer></answer>'), t).outcome, 'unparsable');
    assert.equal(scoreSample(row('<answer>2', 'max_tokens'), t).outcome, 'truncated');
    assert.equal(scoreSample(row('<answer>2', 'max_tokens'), t, 'overthink').outcome, 'correct');
  });
  test('numbers: Python float() reading, exact within 1e-6; the error keeps its size', () => {
    const t = { kind: 'number' as const, value: 7.25, tolerance: 0.5 };
    const s = scoreSample(row('<answer>7.5</answer>'), t);
    assert.equal(s.outcome, 'wrong');
    assert.equal(s.absError, 0.25);
    assert.equal(scoreSample(row('<answer>7.25</answer>'), t).outcome, 'correct');
    assert.equal(scoreSample(row('<answer>nan</answer>'), t).outcome, 'unparsable');
    assert.equal(scoreSample(row('<answer>1,000</answer>'), t).outcome, 'unparsable');
  });
});
