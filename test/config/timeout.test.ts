import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_TIMEOUT_MS, requestTimeoutMs } from '../../src/config/timeout.js';

test('without timeoutMs a request gets 10 min, or 56.25 ms a token of its max_tokens when that is longer', () => {
  assert.equal(DEFAULT_TIMEOUT_MS, 600_000);
  assert.equal(requestTimeoutMs(1_024, undefined), 600_000);
  // 10 min is 10,666.7 tokens at 56.25 ms.
  assert.equal(requestTimeoutMs(10_666, undefined), 600_000);
  assert.equal(requestTimeoutMs(10_667, undefined), 600_019);
  // The paper's top budget for Claude 4 (16,384 + the 10,000-token headroom): 24.7 min.
  assert.equal(requestTimeoutMs(26_384, undefined), 1_484_100);
  // Anthropic's 128k output: twice the 60 minutes its SDK expects.
  assert.equal(requestTimeoutMs(128_000, undefined), 7_200_000);
});

test('a timeoutMs the experiment sets is used as it is, short or long', () => {
  assert.equal(requestTimeoutMs(128_000, 3_000), 3_000);
  assert.equal(requestTimeoutMs(100, 3_600_000), 3_600_000);
});
