import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  PAPER_METRIC_LABEL,
  parsePrediction,
  predictionError,
  summariseRegression,
} from '../../src/score/regression.js';

describe('parsePrediction', () => {
  it('reads a number in the forms models use', () => {
    for (const [answer, want] of [
      ['7.5', 7.5],
      ['7.5/10', 7.5],
      ['7.5 / 10', 7.5],
      ['8 out of 10', 8],
      ['about 8', 8],
      ['Grade: 6', 6],
      ['~6.8', 6.8],
      ['**7.25**', 7.25],
      ['7,5', 7.5],
      ['10/10', 10],
      ['7.5 (on a scale of 0-10)', 7.5],
      ['6.9 (0-10)', 6.9],
      ['Predicted grade: 7.1 on a scale from 0 to 10', 7.1],
      ['-2', -2],
      ['6-7', 6.5],
      ['between 6 and 7', 6.5],
      ['1,000', 1000],
    ] as const) {
      assert.equal(parsePrediction(answer), want, answer);
    }
  });

  it('returns null when there is no single reading', () => {
    for (const answer of [
      '',
      'unknown',
      'I cannot predict this',
      'Student 17 would get 7.5',
      '7 or maybe 8.5 or 9',
    ]) {
      assert.equal(parsePrediction(answer), null, answer);
    }
  });
});

describe('regression errors', () => {
  it('gives absolute and squared error per item', () => {
    assert.deepEqual(predictionError(7, 5.5), { absError: 1.5, sqError: 2.25 });
    assert.deepEqual(predictionError(4, 6), { absError: 2, sqError: 4 });
  });

  it("reports the paper's clipped MAE beside the true RMSE and counts unparsable answers", () => {
    const s = summariseRegression([
      { prediction: 7, truth: 6 }, // 1
      { prediction: 5, truth: 8 }, // 3
      { prediction: 2006, truth: 6 }, // 2000, clipped to 1000 for the paper's metric
      { prediction: null, truth: 7 },
      { prediction: null, truth: 5 },
    ]);
    assert.equal(PAPER_METRIC_LABEL, "paper 'RMSE' (really MAE, clipped at 1000)");
    assert.equal(s.paperMetric.label, PAPER_METRIC_LABEL);
    assert.equal(s.n, 5);
    assert.equal(s.parsed, 3);
    assert.equal(s.unparsable, 2);
    assert.equal(s.paperMetric.value, (1 + 3 + 1000) / 3);
    assert.equal(s.mae, (1 + 3 + 2000) / 3);
    assert.equal(s.rmse, Math.sqrt((1 + 9 + 4_000_000) / 3));
  });

  it('never drops a row silently and has no metric without parsed rows', () => {
    const s = summariseRegression([
      { prediction: null, truth: 7 },
      { prediction: Number.NaN, truth: 7 },
    ]);
    assert.deepEqual(s, {
      n: 2,
      parsed: 0,
      unparsable: 2,
      paperMetric: { label: PAPER_METRIC_LABEL, value: null },
      mae: null,
      rmse: null,
    });
    const perfect = summariseRegression([
      { prediction: 7, truth: 7 },
      { prediction: 3.5, truth: 3.5 },
    ]);
    assert.equal(perfect.rmse, 0);
    assert.equal(perfect.paperMetric.value, 0);
  });
});
