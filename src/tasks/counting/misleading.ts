import * as z from '../../util/zod.js';
import { countField, releasedItems } from '../paper/released-items.js';
import { RELEASED, releasedOptions, releasedPath } from '../paper/released-source.js';
import type { Item, TaskDefinition } from '../types.js';
import { type CountingDomain, CREATOR_SEED, createCounting, defaultCounts } from './creator.js';

export const misleadingOptions = z
  .object({
    /** How many items; the paper's released files hold 2,500 (instance i does not depend on n). */
    n: z.number().int('a whole number of items').min(1, 'at least 1 item').max(1_000_000).default(2500),
    /** The creator's available_distractor_counts: each item draws one; its default draws 1-5. */
    distractors: z
      .array(z.number().int('a whole number of distractors').min(0, 'at least 0 distractors').max(100))
      .min(1, 'at least one distractor count')
      .optional(),
    /** The creator's random_seed (register_tasks.py: 42); the experiment seed does not change the items. */
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    ...releasedOptions,
  })
  .strict();

export type MisleadingOptions = z.input<typeof misleadingOptions>;

const LABEL: Record<CountingDomain, string> = { math: 'Misleading Math', python: 'Misleading Python' };

/**
 * Misleading Math / Misleading Python: "You have one {item1} and one {item2}." plus distractors
 * (numbers, or Python snippets, with a backslash-n where the creator wrote one), then "How many
 * different types of {category} do you have?" Answer: always 2. Generated exactly as the paper's
 * creator does (creator.ts), or read from the paper's released file (`path`, `pulled`).
 */
export function misleadingTask(id: 'misleading-math' | 'misleading-python', domain: CountingDomain) {
  const released = RELEASED[id];
  const task: TaskDefinition<MisleadingOptions> = {
    id,
    family: 'counting',
    description: `Count two things despite 1-5 ${domain === 'math' ? 'numeric' : 'Python-code'} distractors (${LABEL[domain]}: the paper's creator, seed 42; paper: 2,500 items; pulled/path read its file).`,
    metric: 'accuracy',
    options: misleadingOptions as z.ZodType<MisleadingOptions>,
    load(o, ctx): Item[] {
      const from = releasedPath(o, released, ctx.baseDir);
      if (from)
        return releasedItems(from.file, from.label, {
          taskId: id,
          released,
          numeric: true,
          describe(r, at) {
            const d = countField(r.fields, 'num_distractors', at);
            const strata: Record<string, number> = d === undefined ? {} : { num_distractors: d };
            return { strata, meta: { category: r.fields.category } };
          },
        });
      const created = createCounting(
        domain,
        o.n ?? 2500,
        o.distractors ?? defaultCounts(),
        o.seed ?? CREATOR_SEED,
      );
      return created.map((c, i) => ({
        taskId: id,
        itemId: `${released.referenceTask}_${i}`,
        prompt: c.prompt,
        target: { kind: 'number', value: c.answer, tolerance: 0 },
        strata: { num_distractors: c.num_distractors },
        meta: { category: c.category, objects: [c.item1, c.item2], distractorKinds: c.kinds },
        record: { prompt: c.prompt, answer: c.answer, answerText: String(c.answer) },
      }));
    },
    standInNotice(o) {
      if (o.path !== undefined || o.pulled) return undefined;
      return `${id}: GENERATED items, made the way the paper's creator makes them (its templates, seed ${o.seed ?? CREATOR_SEED}), not the paper's released file; run 'overthink data pull ${released.dataset}' and set pulled: true for those`;
    },
  };
  return task;
}
