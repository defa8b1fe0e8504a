import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyStats } from '../../src/run/batch/context.js';
import { withBatch } from '../../src/run/batch/integrate.js';
import type { ExecuteSummary } from '../../src/run/executor.js';

const sync: ExecuteSummary = {
  attempted: 20,
  succeeded: 0,
  failed: 16,
  retries: 3,
  errorsByClass: { network: 16 },
  interrupted: false,
  stoppedByCostCeiling: false,
  stoppedFailing: { model: 'openai:gpt-x', samples: 16 },
  costUsd: 0,
};

test("the batch phase's counts are added to the synchronous pass's, and its fail-fast stop is kept", () => {
  const b = {
    ...emptyStats(),
    requests: 10,
    succeeded: 8,
    failed: 2,
    retriedInBatch: 1,
    retriedSync: 2,
    errorsByClass: { network: 1, server: 1 },
    costUsd: 0.25,
  };
  const all = withBatch(sync, b);
  assert.deepEqual(all, {
    attempted: 30,
    succeeded: 8,
    failed: 18,
    retries: 6,
    errorsByClass: { network: 17, server: 1 },
    interrupted: false,
    stoppedByCostCeiling: false,
    stoppedFailing: { model: 'openai:gpt-x', samples: 16 },
    costUsd: 0.25,
  });
  const { stoppedFailing: _, ...noStop } = sync;
  assert.equal('stoppedFailing' in withBatch(noStop, b), false);
});
