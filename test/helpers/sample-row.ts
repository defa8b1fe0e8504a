import { randomBytes } from 'node:crypto';
import type { SampleRow } from '../../src/store/samples.js';

/** A stored sample row for store tests: a successful one unless `over` says otherwise. */
export function sampleRow(key: string, over: Partial<SampleRow> = {}): SampleRow {
  return {
    key,
    run_id: 'r',
    model: 'm',
    task_id: 't',
    item_id: key,
    regime: 'controlled',
    budget: 0,
    trial: 0,
    variant: 'paper',
    seed: 1,
    max_tokens: 10,
    sent_params: null,
    budget_note: null,
    text: 'x',
    reasoning_text: null,
    raw: null,
    input_tokens: null,
    output_tokens: null,
    reasoning_tokens: null,
    reasoning_source: null,
    stop_reason: null,
    latency_ms: null,
    cost_usd: null,
    attempts: 1,
    error: null,
    error_class: null,
    finished_at: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

/** 40,000 characters that zstd cannot shrink much (random base64): ~30 KB stored, for volume tests. */
export const incompressibleText = (): string => randomBytes(30_000).toString('base64');

/** A row whose reasoning is `incompressibleText`. */
export const incompressibleRow = (key: string): SampleRow =>
  sampleRow(key, { reasoning_text: incompressibleText() });
