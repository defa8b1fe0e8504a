import type { Budget } from '../core/budget.js';
import { itemKey } from '../core/item-key.js';
import { budgetOrder } from './curves.js';
import { TAG_BIT, TAG_NAMES, type TagConfig, type TagName } from './failure-config.js';
import { applicableTags } from './failure-modes.js';
import { indexSamples } from './sample-index.js';
import type { RunData } from './samples.js';

export interface TagRate {
  model: string;
  taskId: string;
  variant: string;
  budget: Budget;
  /** Samples with an answer or a failure (provider errors excluded). */
  n: number;
  wrong: number;
  /** Per tag: samples where the tag could apply, how many got it, and how many of the wrong ones. */
  tags: Record<TagName, { applicable: number; tagged: number; taggedWrong: number; wrongApplicable: number }>;
}

/** Tag rates per model × task × variant × budget, overall and among wrong answers. */
export function tagRates(data: RunData, config: TagConfig): TagRate[] {
  const ix = indexSamples(data);
  const B = ix.budgets.length;
  const groups: (TagRate | undefined)[] = new Array(ix.curves.length * B);
  const applicable = ix.items.map((it) =>
    applicableTags(data.items.get(itemKey(it.taskId, it.itemId)), config),
  );
  const bits = TAG_NAMES.map((t) => TAG_BIT[t]);
  for (let i = 0; i < data.samples.length; i++) {
    const s = data.samples[i];
    if (s.outcome === 'error') continue;
    const gi = ix.curve[i] * B + ix.budget[i];
    let g = groups[gi];
    if (!g) {
      const tags = {} as TagRate['tags'];
      for (const t of TAG_NAMES) tags[t] = { applicable: 0, tagged: 0, taggedWrong: 0, wrongApplicable: 0 };
      g = { model: s.model, taskId: s.taskId, variant: s.variant, budget: s.budget, n: 0, wrong: 0, tags };
      groups[gi] = g;
    }
    const app = applicable[ix.item[i]];
    g.n++;
    const wrong = !s.correct;
    if (wrong) g.wrong++;
    for (let k = 0; k < bits.length; k++) {
      const bit = bits[k];
      if (!(app & bit)) continue;
      const r = g.tags[TAG_NAMES[k]];
      r.applicable++;
      if (wrong) r.wrongApplicable++;
      if (s.tags & bit) {
        r.tagged++;
        if (wrong) r.taggedWrong++;
      }
    }
  }
  return groups
    .filter((g): g is TagRate => g !== undefined)
    .sort(
      (a, b) =>
        a.model.localeCompare(b.model) ||
        a.taskId.localeCompare(b.taskId) ||
        a.variant.localeCompare(b.variant) ||
        budgetOrder(a.budget) - budgetOrder(b.budget),
    );
}
