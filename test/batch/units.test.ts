import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readJsonLines, TruncatedResultsError } from '../../src/providers/batch/jsonl.js';
import { batchCostUsd, batchDiscount } from '../../src/providers/batch/price.js';
import { BatchProgress, batchLine } from '../../src/run/batch/progress.js';
import type { BatchRow } from '../../src/store/batches.js';

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield new TextEncoder().encode(p);
}

async function all(it: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const row = (over: Partial<BatchRow> = {}): BatchRow => ({
  id: 'b-0123456789',
  run_id: 'r-1',
  provider: 'anthropic',
  model: 'anthropic:claude-haiku-4-5',
  provider_batch_id: 'msgbatch_1',
  status: 'submitted',
  provider_status: 'in_progress',
  requests: 10,
  succeeded: 4,
  errored: 1,
  expired: 0,
  canceled: 0,
  processing: 5,
  round: 1,
  created_at: new Date(Date.parse('2026-01-01T00:00:00Z')).toISOString(),
  submitted_at: null,
  updated_at: '',
  ended_at: null,
  error: null,
  ...over,
});

describe('batch units', () => {
  it('reads JSON lines split anywhere across chunks, including a last line without a newline', async () => {
    const got = await all(readJsonLines(chunks('{"a":1}\n{"b"', ':2}\n\n{"c":', '3}')));
    assert.deepEqual(got, [{ a: 1 }, { b: 2 }, { c: 3 }]);
  });

  it('a stream that ends inside a line is an error, after the complete lines', async () => {
    const seen: unknown[] = [];
    await assert.rejects(async () => {
      for await (const x of readJsonLines(chunks('{"a":1}\n{"b":2}\n{"c":'))) seen.push(x);
    }, TruncatedResultsError);
    assert.deepEqual(seen, [{ a: 1 }, { b: 2 }]);
  });

  it('batch price: catalog discount, config override, none where no price is known', () => {
    const usage = { input: 1_000_000, output: 1_000_000, reasoning: 0, reasoningSource: 'none' as const };
    assert.equal(batchDiscount({ id: 'anthropic:claude-haiku-4-5' }), 0.5);
    assert.equal(batchCostUsd({ id: 'anthropic:claude-haiku-4-5' }, usage), 3);
    assert.equal(
      batchCostUsd({ id: 'openai:o3', prices: { input: 10, output: 10, batchDiscount: 0.25 } }, usage),
      15,
    );
    // Config prices without a discount keep the catalog's discount for the model.
    assert.equal(batchCostUsd({ id: 'openai:o3', prices: { input: 10, output: 10 } }, usage), 10);
    assert.equal(batchCostUsd({ id: 'openai-compatible:x' }, usage), undefined);
  });

  it('progress lines: counts by status and age; plain lines only when something changed', () => {
    const now = Date.parse('2026-01-01T00:12:03Z');
    assert.equal(
      batchLine(row(), now),
      'batch b-0123456789 (anthropic:claude-haiku-4-5, round 1, 10 requests): in_progress · 4 succeeded · 1 errored · 5 processing · age 12m03s',
    );
    assert.match(
      batchLine(row({ status: 'settled', processing: 0 }), now),
      /: settled · 4 succeeded · 1 errored · age/,
    );
    let out = '';
    const write = (s: string) => {
      out += s;
    };
    const stream = { isTTY: false, write } as unknown as NodeJS.WriteStream;
    const p = new BatchProgress(stream, true, 60_000);
    p.update(row(), now);
    p.update(row(), now + 1000);
    p.update(row({ succeeded: 5, processing: 4 }), now + 2000);
    p.update(row({ succeeded: 5, processing: 4 }), now + 62_000);
    assert.equal(out.trim().split('\n').length, 3, out);
  });
});
