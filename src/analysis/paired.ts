import { Rng } from '../util/rng.js';
import { mcnemarMidP } from './stats.js';

/**
 * Paired per-item comparison of the smallest and the largest budget. Each item contributes its mean
 * score over trials at both budgets; items missing either budget are left out.
 *
 * - One binary sample per item and budget: McNemar's test, exact binomial with the mid-p correction.
 * - Otherwise (several trials, or error metrics): a sign-flip permutation test on the per-item
 *   differences. Under "the budget makes no difference" the two budgets are exchangeable within an
 *   item, so each difference is as likely negative as positive; with one binary trial this is the
 *   same test as exact McNemar.
 */
export interface PairedResult {
  test: 'mcnemar-mid-p' | 'sign-flip';
  items: number;
  /** Mean of (score at largest budget − score at smallest budget) over items. */
  meanDiff: number;
  /** Items whose score fell / rose (in score units, whatever the metric's direction). */
  fell: number;
  rose: number;
  p: number;
}

export interface PairedInput {
  /** Per item: [sum, count] at the smallest and at the largest budget. */
  lowSum: Float64Array;
  lowN: Float64Array;
  highSum: Float64Array;
  highN: Float64Array;
  binary: boolean;
}

export function pairedTest(x: PairedInput, seed: number, resamples = 4999): PairedResult | null {
  const k = x.lowSum.length;
  const diffs: number[] = [];
  let oneEach = true;
  let fell = 0;
  let rose = 0;
  for (let i = 0; i < k; i++) {
    if (x.lowN[i] === 0 || x.highN[i] === 0) continue;
    if (x.lowN[i] !== 1 || x.highN[i] !== 1) oneEach = false;
    const d = x.highSum[i] / x.highN[i] - x.lowSum[i] / x.lowN[i];
    diffs.push(d);
    if (d < 0) fell++;
    else if (d > 0) rose++;
  }
  if (diffs.length < 2) return null;
  const meanDiff = diffs.reduce((a, b) => a + b, 0) / diffs.length;
  if (oneEach && x.binary) {
    return { test: 'mcnemar-mid-p', items: diffs.length, meanDiff, fell, rose, p: mcnemarMidP(fell, rose) };
  }
  return {
    test: 'sign-flip',
    items: diffs.length,
    meanDiff,
    fell,
    rose,
    p: signFlipP(diffs, seed, resamples),
  };
}

/**
 * Monte Carlo sign-flip test of Σd = 0, two-sided, with the +1 correction (never p = 0). Items are
 * taken 8 at a time: a table holds the signed sum of each block for all 256 sign patterns, so one
 * random byte settles 8 items.
 */
export function signFlipP(diffs: readonly number[], seed: number, resamples: number): number {
  const nz = diffs.filter((d) => d !== 0);
  if (nz.length === 0) return 1;
  const blocks = Math.ceil(nz.length / 8);
  const table = new Float64Array(blocks * 256);
  let observed = 0;
  for (let b = 0; b < blocks; b++) {
    for (let m = 0; m < 256; m++) {
      let t = 0;
      for (let j = 0; j < 8; j++) {
        const d = nz[b * 8 + j] ?? 0;
        t += (m >>> j) & 1 ? d : -d;
      }
      table[b * 256 + m] = t;
    }
  }
  for (const d of nz) observed += d;
  const target = Math.abs(observed) - 1e-9 * (1 + Math.abs(observed));
  const rng = new Rng(seed);
  let extreme = 0;
  for (let r = 0; r < resamples; r++) {
    let t = 0;
    for (let b = 0; b < blocks; b += 4) {
      const bits = (rng.next() * 4294967296) >>> 0;
      const end = Math.min(blocks, b + 4);
      for (let q = b; q < end; q++) t += table[q * 256 + ((bits >>> (8 * (q - b))) & 255)];
    }
    if (Math.abs(t) >= target) extreme++;
  }
  return (extreme + 1) / (resamples + 1);
}
