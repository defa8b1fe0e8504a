import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusteredMean, clusteredRatio, clusteredShare, wilsonCC } from '../../src/analysis/clustered.js';
import { flipsOf, type TracePoint, traceOf } from '../../src/analysis/replay.js';
import { consumed } from '../../src/providers/local/replay.js';
import { checkpointsOf, parseAt, parseEvery } from '../../src/run/checkpoints.js';
import { UserError } from '../../src/util/errors.js';
import { buildData, items } from './fixtures.js';

const pts = (...xs: [number, boolean][]): TracePoint[] =>
  xs.map(([at, right]) => ({ mark: String(at), at, right, answer: right ? '3' : '5' }));

test("a trace's first right point, last flip and loss", () => {
  const [wrongEnd, rightEnd] = buildData(items(['a']), [
    { item: 'a', budget: 1000, correct: false, tokens: 1000 },
    { item: 'a', budget: 1000, trial: 1, correct: true, tokens: 1000 },
  ]).samples;
  const lost = traceOf(wrongEnd, pts([100, false], [200, true], [400, true], [800, false]));
  assert.equal(lost.firstRight, 200);
  assert.equal(lost.lastFlip, 800);
  assert.equal(lost.hadItAndLostIt, true);
  assert.equal(flipsOf(lost), 2);
  const found = traceOf(rightEnd, pts([100, false], [200, false]));
  assert.equal(found.firstRight, 1000, 'the end counts as a point');
  assert.equal(found.lastFlip, 1000);
  assert.equal(found.hadItAndLostIt, false);
  const never = traceOf(wrongEnd, pts([100, false]));
  assert.equal(never.firstRight, null);
  assert.equal(never.lastFlip, null);
});

test('checkpoints: token positions below the end, or shares of each trace', () => {
  assert.deepEqual(
    checkpointsOf(parseAt('512,256,4096,256'), 1000).map((c) => [c.mark, c.at]),
    [
      ['256', 256],
      ['512', 512],
    ],
  );
  assert.deepEqual(
    checkpointsOf(parseEvery('25%'), 1001).map((c) => [c.mark, c.at]),
    [
      ['25%', 250],
      ['50%', 501],
      ['75%', 751],
    ],
  );
  assert.equal(checkpointsOf(parseEvery('10%'), 1000).length, 9);
  for (const bad of ['0', '12,x', '-5', '1.5']) assert.throws(() => parseAt(bad), UserError);
  for (const bad of ['0%', '100%', '10', 'ten %']) assert.throws(() => parseEvery(bad), UserError);
});

test('clustered estimates: one sample per cluster is the ordinary standard error; clusters widen it', () => {
  const y = [1, 0, 1, 1, 0, 1, 0, 1];
  const alone = clusteredRatio(
    y,
    y.map(() => 1),
    y.map((_, i) => i),
  );
  const p = 5 / 8;
  const sd = Math.sqrt(y.reduce((s, v) => s + (v - p) ** 2, 0) / 7);
  assert.ok(Math.abs(alone.se - sd / Math.sqrt(8)) < 1e-12);
  // The same values in pairs that agree: half the information.
  const paired = clusteredRatio([1, 1, 0, 0, 1, 1, 0, 0], [1, 1, 1, 1, 1, 1, 1, 1], [0, 0, 1, 1, 2, 2, 3, 3]);
  const single = clusteredRatio([1, 1, 0, 0, 1, 1, 0, 0], [1, 1, 1, 1, 1, 1, 1, 1], [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.ok(paired.se > single.se * 1.3);
  // A share of 100% keeps an interval below 1; a mean with no spread keeps room for the bounds.
  const all = clusteredShare([1, 1, 1, 1], [0, 1, 2, 3]);
  assert.ok(all.lo < 1 && all.hi === 1);
  const flat = clusteredMean([256, 256, 256], [0, 1, 2], { min: 1, max: 16000 });
  assert.ok(flat.lo < 256 && flat.hi > 256 + 3000 && flat.hi <= 16000);
});

test('the continuity-corrected Wilson interval (Newcombe 1998: 81/263 → 0.2535, 0.3682; plain Wilson 0.2553, 0.3662)', () => {
  const w = wilsonCC(81 / 263, 263);
  assert.ok(Math.abs(w.lo - 0.2535) < 1e-4 && Math.abs(w.hi - 0.3682) < 1e-4, JSON.stringify(w));
  assert.deepEqual(wilsonCC(0, 10).lo, 0);
  assert.deepEqual(wilsonCC(1, 10).hi, 1);
});

test('a stretch of trace read back with other spaces is matched up to them', () => {
  assert.equal(consumed('<think>:M|HG:f', '<think> :M|HG'), 12);
  assert.equal(consumed(' k:fG k:f0F', 'k:fG k:'), 8);
  assert.equal(consumed('abc def', 'abc'), 3);
  assert.equal(consumed('abcdef', 'xyz'), 3, 'text that does not match at all is taken at its length');
});
