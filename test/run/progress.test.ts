import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  formatDuration,
  formatProgress,
  type ProgressState,
  SHOW_WAITING_MS,
} from '../../src/run/progress.js';

const T0 = 1_800_000_000_000;
const state = (o: Partial<ProgressState> = {}): ProgressState => ({
  done: 0,
  total: 100,
  errors: 0,
  retries: 0,
  reasoningTokens: 0,
  costUsd: 0,
  startedAt: T0,
  ...o,
});

test('the line: done of total, rate, ETA, tokens and spend; errors and retries only when there are some', () => {
  assert.equal(
    formatProgress('r-1', state({ done: 25, reasoningTokens: 12_345, costUsd: 0.5 }), T0 + 5_000),
    'r-1 25/100 (25.0%) · 5.0/s · ETA 15s · 12.3k reasoning tok · $0.5000',
  );
  assert.equal(
    formatProgress('r-1', state({ done: 50, errors: 2, retries: 7 }), T0 + 10_000),
    'r-1 50/100 (50.0%) · 5.0/s · ETA 10s · 0 reasoning tok · $0.0000 · 2 errors · 7 retries',
  );
});

test('under one sample a second the rate is given per minute, and nothing finished yet reads 0.0/s', () => {
  assert.match(formatProgress('r', state({ done: 3 }), T0 + 60_000), / · 3\.0\/min · ETA 32m20s · /);
  assert.match(formatProgress('r', state(), T0 + 60_000), / · 0\.0\/s · ETA \? · /);
});

test('requests in flight are named once the oldest has waited SHOW_WAITING_MS, with how long', () => {
  const waiting = state({ inFlight: 8, waitingSince: T0 });
  assert.doesNotMatch(formatProgress('r', waiting, T0 + SHOW_WAITING_MS - 1), /in flight/);
  assert.match(
    formatProgress('r', waiting, T0 + 125_000),
    / · \$0\.0000 · 8 in flight, the oldest sent 2m05s ago$/,
  );
  // Nothing in flight (between samples, or at the end): never shown.
  assert.doesNotMatch(
    formatProgress('r', state({ inFlight: 0, waitingSince: T0 }), T0 + 125_000),
    /in flight/,
  );
});

test('durations: seconds, minutes and seconds, hours and minutes', () => {
  assert.deepEqual([59.4, 60, 3599, 3600, 7260, Number.POSITIVE_INFINITY].map(formatDuration), [
    '59s',
    '1m00s',
    '59m59s',
    '1h00m',
    '2h01m',
    '?',
  ]);
});
