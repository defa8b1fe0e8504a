import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Provider } from '../../src/providers/types.js';
import { execute, FAIL_FAST_SAMPLES } from '../../src/run/executor.js';
import type { ProgressState } from '../../src/run/progress.js';
import type { SampleWriter } from '../../src/store/writer.js';
import { ProviderError } from '../../src/util/errors.js';
import { collector, planned } from './support.js';

const ok = {
  text: '<answer>2</answer>',
  usage: { input: 1, output: 1, reasoning: 0, reasoningSource: 'provider' as const },
  stopReason: 'end' as const,
  latencyMs: 1,
  raw: {},
  sentParams: {},
};

function fake(
  behaviour: (call: number, signal: AbortSignal) => Promise<typeof ok>,
): Provider & { calls: number } {
  const p = {
    id: 'fake:x',
    calls: 0,
    capabilities: {
      budgetControl: 'tokens',
      returnsReasoningText: false,
      returnsReasoningTokens: true,
      simulated: false,
    },
    generate: (_req: unknown, signal: AbortSignal) => behaviour(++p.calls, signal),
  } as Provider & { calls: number };
  return p;
}

const opts = (provider: Provider, writer: SampleWriter, extra = {}) => ({
  concurrency: 3,
  timeoutMs: 50,
  retries: 2,
  runId: 'r',
  prompts: () => ({ system: 's', systemRole: 'system' as const, user: 'u' }),
  providers: new Map([['fake:x', provider]]),
  writer,
  signal: new AbortController().signal,
  backoffBaseMs: 1,
  ...extra,
});

test('retryable failures are retried, then stored once as a success', async () => {
  const p = fake(async (call) => {
    if (call % 2 === 1) throw new ProviderError('HTTP 503', 'server', true);
    return ok;
  });
  const { rows, writer } = collector();
  const s = await execute(planned(5), 5, opts(p, writer, { concurrency: 1 }));
  assert.equal(rows.length, 5);
  assert.ok(rows.every((r) => r.error === null && r.attempts === 2));
  assert.equal(s.retries, 5);
  assert.equal(s.succeeded, 5);
});

test('non-retryable failures are not retried; exhausted retries store one final error with its class', async () => {
  const auth = fake(async () => {
    throw new ProviderError('HTTP 401 bad key', 'auth', false);
  });
  const c1 = collector();
  const s1 = await execute(planned(2), 2, opts(auth, c1.writer));
  assert.equal(auth.calls, 2);
  assert.deepEqual(
    c1.rows.map((r) => [r.error_class, r.attempts]),
    [
      ['auth', 1],
      ['auth', 1],
    ],
  );
  assert.deepEqual(s1.errorsByClass, { auth: 2 });

  const hang = fake(
    (_call, signal) =>
      new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
  );
  const c2 = collector();
  const s2 = await execute(planned(1), 1, opts(hang, c2.writer));
  assert.equal(hang.calls, 3, '1 + 2 retries');
  assert.equal(c2.rows.length, 1);
  assert.equal(c2.rows[0].error_class, 'timeout');
  assert.equal(c2.rows[0].attempts, 3);
  assert.deepEqual(s2.errorsByClass, { timeout: 1 });
});

test('an abort stops new work and drops in-flight samples instead of storing them', async () => {
  const ac = new AbortController();
  const p = fake(async (call, signal) => {
    if (call === 3) ac.abort();
    await new Promise((r) => setTimeout(r, 5));
    signal.throwIfAborted();
    return ok;
  });
  const { rows, writer } = collector();
  const s = await execute(planned(50), 50, opts(p, writer, { concurrency: 1, signal: ac.signal }));
  assert.ok(s.interrupted);
  assert.equal(rows.length, 2);
});

test("a provider's rate hint delays the next request", async () => {
  let delay = 40;
  const p = Object.assign(
    fake(async () => ok),
    {
      rateHint: () => {
        const h = { observedAt: Date.now(), suggestedDelayMs: delay };
        delay = 0;
        return h;
      },
    },
  );
  const { rows, writer } = collector();
  const t0 = performance.now();
  await execute(planned(1), 1, opts(p, writer));
  assert.equal(rows.length, 1);
  assert.ok(performance.now() - t0 >= 35, 'waited for the hinted delay');
});

test('a finished row is not kept while its worker waits on the next request', async () => {
  // A suspended async function keeps its registers: the worker once kept its last row (a long
  // trace and its raw body) through the whole next request, which promoted every trace to the old
  // generation. Here the second request waits until the first row is shown collectable.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  setFlagsFromString('--no-expose-gc');
  let first: WeakRef<object> | undefined;
  let collected: boolean | undefined;
  const writer = {
    add(r: object) {
      first ??= new WeakRef(r);
    },
    flush() {},
    eager() {},
  } as unknown as SampleWriter;
  const p = fake(async (call) => {
    if (call === 2) {
      // Let the first sample finish (its row added), then collect, more than once (a WeakRef's
      // target stays for the rest of the turn that dereferenced it).
      for (let i = 0; i < 3 && !first; i++) await new Promise((r) => setImmediate(r));
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setImmediate(r));
        gc();
      }
      collected = first !== undefined && first.deref() === undefined;
    }
    return { ...ok, raw: { big: 'x'.repeat(1 << 16) } };
  });
  await execute(planned(2), 2, opts(p, writer, { concurrency: 1 }));
  assert.equal(collected, true);
});

test('while nothing finishes, progress still beats, with the requests in flight and when the oldest was sent', async () => {
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const p = fake(async () => {
    await gate;
    return ok;
  });
  const { rows, writer } = collector();
  const beats: { done: number; inFlight?: number; waitingSince?: number }[] = [];
  const before = Date.now();
  const run = execute(
    planned(3),
    3,
    opts(p, writer, {
      timeoutMs: 10_000,
      heartbeatMs: 20,
      onProgress: (s: ProgressState) => beats.push({ ...s }),
    }),
  );
  await new Promise((r) => setTimeout(r, 150));
  // No sample has finished, yet progress was reported: all three requests out since the start.
  assert.ok(beats.length >= 3, `${beats.length} beats`);
  const last = beats.at(-1)!;
  assert.equal(last.done, 0);
  assert.equal(last.inFlight, 3);
  assert.ok(last.waitingSince! >= before && last.waitingSince! <= before + 1000, String(last.waitingSince));
  release();
  await run;
  assert.equal(rows.length, 3);
  // The last report: everything done, nothing in flight.
  assert.deepEqual(
    [beats.at(-1)!.done, beats.at(-1)!.inFlight, beats.at(-1)!.waitingSince],
    [3, 0, undefined],
  );
});

test(`a model whose first ${FAIL_FAST_SAMPLES} samples all fail stops the run; in-flight requests are dropped`, async () => {
  const p = fake(async (call, signal) => {
    // The first requests fail at once; later ones would hang until the stop aborts them.
    if (call <= FAIL_FAST_SAMPLES) throw new ProviderError('HTTP 404 no such model', 'bad_request', false);
    return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
  });
  const { rows, writer } = collector();
  const s = await execute(planned(100), 100, opts(p, writer, { concurrency: 4, timeoutMs: 60_000 }));
  assert.deepEqual(s.stoppedFailing, { model: 'fake:x', samples: FAIL_FAST_SAMPLES });
  assert.equal(s.interrupted, false, 'the run was not interrupted by its caller');
  assert.equal(rows.length, FAIL_FAST_SAMPLES);
  assert.ok(p.calls <= FAIL_FAST_SAMPLES + 4, `${p.calls} calls`);
});

test('one success before the failures: the run goes on to its end', async () => {
  const p = fake(async (call) => {
    if (call === 1) return ok;
    throw new ProviderError('HTTP 404 no such model', 'bad_request', false);
  });
  const { rows, writer } = collector();
  const s = await execute(planned(40), 40, opts(p, writer, { concurrency: 1 }));
  assert.equal(s.stoppedFailing, undefined);
  assert.equal(rows.length, 40);
  assert.equal(s.failed, 39);
});

test('without timeoutMs a request may run past 10 minutes, up to the limit its max_tokens sets', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  // A generation that runs until its request is aborted.
  const p = fake(
    (_call, signal) =>
      new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
  );
  const { rows, writer } = collector();
  let finished = false;
  const run = execute(
    planned(1, { maxTokens: 26_384 }),
    1,
    opts(p, writer, { timeoutMs: undefined, retries: 0 }),
  ).then((s) => {
    finished = true;
    return s;
  });
  const settle = () => new Promise((r) => setImmediate(r));
  await settle();
  assert.equal(p.calls, 1);
  // 26,384 tokens at 56.25 ms: 1,484,100 ms (config/timeout.ts), where a fixed 10 min cut it off.
  t.mock.timers.tick(600_001);
  await settle();
  assert.equal(finished, false, 'aborted at 10 min');
  t.mock.timers.tick(1_484_100 - 600_001 - 1);
  await settle();
  assert.equal(finished, false, 'aborted before its limit');
  t.mock.timers.tick(1);
  const s = await run;
  assert.equal(rows.length, 1);
  assert.equal(rows[0]?.error_class, 'timeout');
  assert.equal(rows[0]?.error, 'request timed out after 24m44s (timeoutMs sets the limit)');
  assert.equal(s.errorsByClass.timeout, 1);
});
