import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type FeatureCorrelationRow,
  featureCorrelations,
  pearson,
} from '../../src/analysis/feature-correlation.js';

const close = (a: number | null | undefined, b: number, eps = 1e-9) =>
  assert.ok(a !== null && a !== undefined && Math.abs(a - b) < eps, `${a} ≠ ${b}`);

describe('pearson', () => {
  it('matches a hand computation', () => {
    // mean x 2.5, mean y 3.75; Σdxdy = 3.5, Σdx² = 5, Σdy² = 4.75 → r = 3.5 / √23.75
    close(pearson([1, 2, 3, 4], [2, 4, 5, 4]), 3.5 / Math.sqrt(23.75));
    close(pearson([1, 2, 3], [3, 2, 1]), -1);
    close(pearson([1, 2, 3], [10, 20, 30]), 1);
  });

  it('is undefined for constant or too-short data', () => {
    assert.equal(pearson([1, 1, 1], [1, 2, 3]), null);
    assert.equal(pearson([1], [2]), null);
    assert.equal(pearson([], []), null);
  });
});

describe('featureCorrelations (Fig. 7)', () => {
  const truth = [5, 6, 7, 8, 9];
  const sleep = [7, 9, 5, 8, 6];
  const study = [1, 3, 2, 5, 4];
  const rows: FeatureCorrelationRow[] = [];
  truth.forEach((g, i) => {
    const features = { sleep: sleep[i], study: study[i] };
    // Budget 0 predicts the truth; budget 4096 follows sleep; 'natural' predicts a constant.
    rows.push({ budget: 4096, prediction: 2 * sleep[i] + 1, trueGrade: g, features });
    rows.push({ budget: 0, prediction: g, trueGrade: g, features });
    rows.push({ budget: 'natural', prediction: 7, trueGrade: g, features });
  });
  rows.push({ budget: 4096, prediction: null, trueGrade: 7, features: { sleep: 1, study: 1 } });

  const out = featureCorrelations(rows);

  it('orders budgets ascending with natural last', () => {
    assert.deepEqual(
      out.map((b) => b.budget),
      [0, 4096, 'natural'],
    );
  });

  it('correlates predictions with the truth and with every feature', () => {
    const [b0, b4096, nat] = out;
    assert.equal(b0.n, 5);
    close(b0.withTruth, 1);
    close(b0.withFeatures.sleep, pearson(sleep, truth)!);
    close(b0.withFeatures.study, pearson(study, truth)!);
    // Predictions that follow sleep: r = 1 with sleep, and only sleep's own r with the truth.
    close(b4096.withFeatures.sleep, 1);
    close(b4096.withTruth, pearson(sleep, truth)!);
    close(b4096.withFeatures.study, pearson(sleep, study)!);
    close(b4096.truthWithFeatures.sleep, pearson(truth, sleep)!);
    assert.ok(Math.abs(pearson(sleep, truth)!) < 0.5, 'the fixture keeps sleep weakly related to the truth');
    assert.equal(nat.withTruth, null, 'a constant prediction has no correlation');
    assert.equal(nat.withFeatures.sleep, null);
  });

  it('counts unparsable predictions instead of using or hiding them', () => {
    const b4096 = out.find((b) => b.budget === 4096)!;
    assert.equal(b4096.n, 5);
    assert.equal(b4096.unparsable, 1);
    assert.equal(out[0].unparsable, 0);
  });

  it('uses only the rows that have a given feature', () => {
    const partial: FeatureCorrelationRow[] = [
      { budget: 0, prediction: 1, trueGrade: 1, features: { a: 1 } },
      { budget: 0, prediction: 2, trueGrade: 2, features: { a: 2, b: 5 } },
      { budget: 0, prediction: 3, trueGrade: 3, features: { a: 3 } },
    ];
    const [r] = featureCorrelations(partial);
    close(r.withFeatures.a, 1);
    assert.equal(r.withFeatures.b, null);
  });
});
