import { deriveSeed, Rng } from '../../util/rng.js';
import * as z from '../../util/zod.js';
import { releasedOptions } from '../paper/released-source.js';
import type { Item } from '../types.js';

/** Options shared by the counting tasks: how many items, and which distractor counts to use. */
export function countingOptions(defaults: { n: number; distractors: number[]; min: number; max: number }) {
  return z
    .object({
      n: z.number().int('a whole number of items').min(1, 'at least 1 item').default(defaults.n),
      distractors: z
        .array(
          z
            .number()
            .int('a whole number of distractors')
            .min(defaults.min, `at least ${defaults.min} distractors`)
            .max(defaults.max, `at most ${defaults.max} distractors`),
        )
        .min(1, 'at least one distractor count')
        .refine((xs) => new Set(xs).size === xs.length, 'distinct distractor counts')
        .default(defaults.distractors),
      ...releasedOptions,
    })
    .strict();
}

export type CountingOptions = { n: number; distractors: number[]; path?: string; pulled?: boolean };

/** One generated question: the full prompt, its true count, and facts for tests and analysis. */
export interface Built {
  prompt: string;
  answer: number;
  meta: Record<string, unknown>;
}

export interface CountingSpec {
  taskId: string;
  /** Item ids are `<prefix>-0001`, … */
  prefix: string;
  build(rng: Rng, numDistractors: number): Built;
}

/**
 * Items are interleaved over the distractor counts (item i gets distractors[i % k]), so the split is
 * as even as n allows and a short prefix already covers every count. Item i depends only on
 * (seed, task, i), so growing n never changes earlier items. A prompt that repeats an earlier one is
 * regenerated with the next attempt number, so prompts within a task are unique.
 */
export function generateCounting(spec: CountingSpec, opts: CountingOptions, seed: number): Item[] {
  const width = Math.max(4, String(opts.n).length);
  const seen = new Set<string>();
  const items: Item[] = [];
  for (let i = 0; i < opts.n; i++) {
    const d = opts.distractors[i % opts.distractors.length];
    let built: Built | undefined;
    for (let attempt = 0; attempt < 100; attempt++) {
      const candidate = spec.build(new Rng(deriveSeed(seed, spec.taskId, i, attempt)), d);
      if (!seen.has(candidate.prompt)) {
        built = candidate;
        break;
      }
    }
    if (!built)
      throw new Error(`${spec.taskId}: could not make a unique item ${i + 1}; the generator is too narrow`);
    seen.add(built.prompt);
    items.push({
      taskId: spec.taskId,
      itemId: `${spec.prefix}-${String(i + 1).padStart(width, '0')}`,
      prompt: built.prompt,
      target: { kind: 'number', value: built.answer, tolerance: 0 },
      strata: { num_distractors: d },
      meta: built.meta,
      record: { prompt: built.prompt, answer: built.answer, answerText: String(built.answer) },
    });
  }
  return items;
}
