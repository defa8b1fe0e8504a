import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyStatus, parseRetryAfter } from '../../src/providers/provider-errors.js';
import { parseReset, readRateHint } from '../../src/providers/rate-hint.js';

const headers = (h: Record<string, string>) => (name: string) => h[name];
const NOW = Date.parse('2026-11-26T12:00:00Z');

describe('rate-limit hints', () => {
  it('parses OpenAI durations and Anthropic timestamps', () => {
    assert.equal(parseReset('6m0s', NOW), 360_000);
    assert.equal(parseReset('1.5s', NOW), 1500);
    assert.equal(parseReset('20ms', NOW), 20);
    assert.equal(parseReset('2026-11-26T12:00:30Z', NOW), 30_000);
    assert.equal(parseReset(undefined, NOW), undefined);
  });

  it('suggests no delay with headroom, and spreads the rest over the reset window when low', () => {
    const roomy = readRateHint(
      headers({
        'anthropic-ratelimit-requests-limit': '50',
        'anthropic-ratelimit-requests-remaining': '40',
        'anthropic-ratelimit-requests-reset': '2026-11-26T12:00:30Z',
      }),
      NOW,
    );
    assert.equal(roomy?.suggestedDelayMs, 0);
    const low = readRateHint(
      headers({
        'anthropic-ratelimit-requests-limit': '50',
        'anthropic-ratelimit-requests-remaining': '40',
        'anthropic-ratelimit-output-tokens-limit': '80000',
        'anthropic-ratelimit-output-tokens-remaining': '4000',
        'anthropic-ratelimit-output-tokens-reset': '2026-11-26T12:00:20Z',
      }),
      NOW,
    );
    assert.equal(low?.remainingTokens, 4000);
    assert.equal(low?.suggestedDelayMs, 5, '20 s spread over 4000 remaining');
    const empty = readRateHint(
      headers({
        'x-ratelimit-limit-requests': '10',
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': '2s',
      }),
      NOW,
    );
    assert.equal(empty?.suggestedDelayMs, 2000);
    assert.equal(readRateHint(headers({}), NOW), undefined);
  });

  it('reads retry-after in seconds, as a date, or retry-after-ms', () => {
    assert.equal(parseRetryAfter(headers({ 'retry-after': '12' }), NOW), 12);
    assert.equal(parseRetryAfter(headers({ 'retry-after': 'Thu, 26 Nov 2026 12:00:05 GMT' }), NOW), 5);
    assert.equal(parseRetryAfter(headers({ 'retry-after-ms': '250', 'retry-after': '9' }), NOW), 0.25);
    assert.equal(parseRetryAfter(headers({}), NOW), undefined);
  });

  it('classifies statuses: 429/529/5xx/408 retry, 4xx do not', () => {
    assert.deepEqual(
      [429, 529, 500, 503, 408, 400, 401, 403, 404].map((s) => classifyStatus(s).retryable),
      [true, true, true, true, true, false, false, false, false],
    );
    assert.equal(classifyStatus(529).errorClass, 'overloaded');
  });
});
