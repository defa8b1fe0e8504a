import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BatchAdapter } from '../../src/providers/batch/types.js';
import type { GenerateResponse } from '../../src/providers/types.js';
import { successRow } from '../../src/run/batch/rows.js';
import type { BatchEntryRow } from '../../src/store/batches.js';
import { registerSecret } from '../../src/util/secrets.js';

const KEY = 'canary-batch-key-7d1e9f3a5b2c4e6f';

describe('batch result rows', () => {
  it('a registered key echoed in a batch result is blanked, as on the synchronous path', () => {
    registerSecret(KEY);
    const parsed: GenerateResponse = {
      text: `<answer>3</answer> (sent with ${KEY})`,
      reasoningText: `the header said ${KEY}`,
      usage: { input: 10, output: 20, reasoning: 5, reasoningSource: 'provider' },
      stopReason: 'end',
      latencyMs: 0,
      raw: {},
      sentParams: {},
    };
    const adapter = { parse: () => parsed } as unknown as BatchAdapter;
    const entry: BatchEntryRow = {
      key: 'k1',
      outcome: 'succeeded',
      attempts: 1,
      unresolved: false,
      meta: {
        model: 'anthropic:claude-haiku-4-5',
        task_id: 't',
        item_id: 'i',
        regime: 'controlled',
        budget: 1024,
        trial: 0,
        variant: 'paper',
        seed: 1,
        max_tokens: 11024,
        sent_params: '{}',
        budget_note: null,
      },
    };
    const row = successRow(
      'r-1',
      entry,
      { echoed: KEY },
      adapter,
      { id: 'anthropic:claude-haiku-4-5' },
      'msgbatch_1',
    );
    for (const col of [row.text, row.reasoning_text, row.raw]) {
      assert.ok(col?.includes('[redacted]'), String(col));
      assert.ok(!col?.includes(KEY), String(col));
    }
    assert.deepEqual(JSON.parse(row.raw ?? 'null'), { echoed: '[redacted]', batch_id: 'msgbatch_1' });
  });
});
