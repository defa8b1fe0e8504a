import type { Budget } from '../run/keys.js';
import { budgetOrder, groupKey } from './curves.js';
import { TAG_BIT, TAG_NAMES, type TagConfig, type TagName } from './failure-config.js';
import { applicableTags } from './failure-modes.js';
import { itemKey, type RunData } from './samples.js';

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
  const groups = new Map<string, TagRate>();
  const applicableByItem = new Map<string, number>();
  for (const s of data.samples) {
    if (s.outcome === 'error') continue;
    const k = groupKey(s.model, s.taskId, s.variant, String(s.budget));
    let g = groups.get(k);
    if (!g) {
      const tags = {} as TagRate['tags'];
      for (const t of TAG_NAMES) tags[t] = { applicable: 0, tagged: 0, taggedWrong: 0, wrongApplicable: 0 };
      g = { model: s.model, taskId: s.taskId, variant: s.variant, budget: s.budget, n: 0, wrong: 0, tags };
      groups.set(k, g);
    }
    const ik = itemKey(s.taskId, s.itemId);
    let app = applicableByItem.get(ik);
    if (app === undefined) {
      app = applicableTags(data.items.get(ik), config);
      applicableByItem.set(ik, app);
    }
    g.n++;
    const wrong = !s.correct;
    if (wrong) g.wrong++;
    for (const t of TAG_NAMES) {
      const bit = TAG_BIT[t];
      if (!(app & bit)) continue;
      const r = g.tags[t];
      r.applicable++;
      if (wrong) r.wrongApplicable++;
      if (s.tags & bit) {
        r.tagged++;
        if (wrong) r.taggedWrong++;
      }
    }
  }
  return [...groups.values()].sort(
    (a, b) =>
      a.model.localeCompare(b.model) ||
      a.taskId.localeCompare(b.taskId) ||
      a.variant.localeCompare(b.variant) ||
      budgetOrder(a.budget) - budgetOrder(b.budget),
  );
}
