import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextCeiling } from '../../src/run/heap-guard.js';

const MB = 2 ** 20;

// The guard lets a fixed amount of garbage in beside what is live, not as much again: a run holding
// 200,000 items (~130 MB live) had ~130 MB of garbage beside them (issue 22, part F).
describe('heap guard: the next ceiling', () => {
  it('is never under 96 MB, so a small live heap is left as it was', () => {
    assert.equal(nextCeiling(10 * MB), 96 * MB);
    assert.equal(nextCeiling(45 * MB), 96 * MB);
  });
  it('is what is live plus 48 MB above that', () => {
    assert.equal(nextCeiling(130 * MB), 178 * MB);
    assert.equal(nextCeiling(400 * MB), 448 * MB);
  });
});
