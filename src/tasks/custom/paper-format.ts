import type { Item } from '../types.js';
import { BEHAVIOR_COLUMNS, TOLERANCE_COLUMN } from './records.js';

/**
 * One item as a record in the paper's JSONL format: `id`, `prompt`, then `answer` or `classes` +
 * `answer_index`, then the strata as top-level columns. The custom loader reads it back to the
 * same prompt, target and strata (behaviour targets and non-zero tolerances use extra columns).
 */
export function itemToRecord(item: Item): Record<string, unknown> {
  const rec: Record<string, unknown> = { id: item.itemId, prompt: item.prompt };
  const t = item.target;
  switch (t.kind) {
    case 'exact':
      rec.answer = t.value;
      break;
    case 'number':
      rec.answer = t.value;
      if (t.tolerance !== 0) rec[TOLERANCE_COLUMN] = t.tolerance;
      break;
    case 'choice':
      rec.classes = t.options;
      rec.answer_index = t.index;
      break;
    case 'behavior': {
      // answer_index points at the answer that scores 1 (the matching one for the paper's rate, the
      // safe one for ours), so tools that only know classes + answer_index score the same thing.
      const counted = t.counts === 'matching' || t.safe === 'matching' ? t.matching : t.notMatching;
      const index = optionIndex(t.options, counted);
      rec.classes = t.options;
      if (index !== undefined) rec.answer_index = index;
      rec[BEHAVIOR_COLUMNS.matching] = t.matching;
      rec[BEHAVIOR_COLUMNS.notMatching] = t.notMatching;
      rec[BEHAVIOR_COLUMNS.safe] = t.safe;
      if (t.counts) rec[BEHAVIOR_COLUMNS.counts] = t.counts;
      break;
    }
  }
  for (const [k, v] of Object.entries(item.strata)) if (!(k in rec)) rec[k] = v;
  return rec;
}

/** Which option an answer like "(B)", "B" or the option's own text refers to. */
function optionIndex(options: string[], answer: string): number | undefined {
  const letter = /^\s*\(?([A-Z])\)?\s*$/.exec(answer);
  if (letter) {
    const i = letter[1].charCodeAt(0) - 65;
    return i < options.length ? i : undefined;
  }
  const i = options.indexOf(answer.trim());
  return i === -1 ? undefined : i;
}

/** Items as JSONL text, one record per line, ending in a newline. */
export function itemsToJsonl(items: readonly Item[]): string {
  return items.map((it) => JSON.stringify(itemToRecord(it))).join('\n') + (items.length ? '\n' : '');
}
