import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closest, didYouMean } from '../../src/util/did-you-mean.js';

describe('did you mean', () => {
  const tasks = ['misleading-math', 'misleading-python', 'famous-paradoxes', 'grades-regression'];
  it('suggests the nearest name for a typo, a swap or a missing letter', () => {
    assert.deepEqual(closest('misleading-mth', tasks), ['misleading-math']);
    assert.deepEqual(closest('famuos-paradoxes', tasks), ['famous-paradoxes']);
    assert.deepEqual(closest('concurency', ['concurrency', 'seed', 'trials']), ['concurrency']);
    assert.deepEqual(closest('task', ['tasks', 'trials', 'name']), ['tasks']);
  });
  it('suggests nothing when nothing is close', () => {
    assert.deepEqual(closest('zzz', tasks), []);
    assert.equal(didYouMean('banana', tasks), '');
  });
  it('words it for a message', () => {
    assert.equal(didYouMean('inverce', ['inverse', 'flat']), " (did you mean 'inverse'?)");
  });
});
