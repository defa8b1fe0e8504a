import type { Budget } from '../../src/core/budget.js';
import type { PlannedSample } from '../../src/run/plan.js';
import type { SampleRow } from '../../src/store/samples.js';
import type { SampleWriter } from '../../src/store/writer.js';

/** `n` planned samples of model 'fake:x', items i0…; seeds count up from `seed`. */
export function planned(
  n: number,
  o: { budget?: Budget; trial?: number; variant?: string; seed?: number; maxTokens?: number } = {},
): PlannedSample[] {
  return Array.from({ length: n }, (_, i) => ({
    key: {
      model: 'fake:x',
      taskId: 't',
      itemId: `i${i}`,
      regime: 'controlled',
      budget: o.budget ?? 1024,
      trial: o.trial ?? 0,
      variant: o.variant ?? 'paper',
    },
    hash: `h${i}`,
    seed: (o.seed ?? 0) + i,
    maxTokens: o.maxTokens ?? 11024,
    model: { id: 'fake:x' },
    item: {
      taskId: 't',
      itemId: `i${i}`,
      prompt: 'q',
      target: { kind: 'number', value: 2, tolerance: 0 },
      strata: {},
    },
    shots: [],
  }));
}

/** A writer that keeps the rows it is given. */
export function collector() {
  const rows: SampleRow[] = [];
  const writer = { add: (r: SampleRow) => rows.push(r), flush() {}, eager() {} } as unknown as SampleWriter;
  return { rows, writer };
}
