import { parseChoice } from '../score/choice.js';
import type { Item, PaperRecord } from '../tasks/types.js';
import { pyStr } from '../util/py-text.js';

/**
 * An item as the reference's record: the one the task read or generated (`item.record`), or, for
 * items with none (your own datasets, generated zebra puzzles), the record the target implies.
 */
export function paperRecordOf(item: Item): PaperRecord {
  if (item.record) return item.record;
  const t = item.target;
  switch (t.kind) {
    case 'choice':
      return { prompt: item.prompt, classes: t.options, answer_index: t.index };
    case 'behavior':
      // The reference's converter makes the answer matching the behaviour the record's answer.
      return {
        prompt: item.prompt,
        classes: t.options,
        answer_index: parseChoice(t.matching, t.options) ?? -1,
      };
    case 'number':
      return { prompt: item.prompt, answer: t.value };
    case 'exact':
      return { prompt: item.prompt, answer: t.value };
  }
}

/** The answer as the reference writes it into an ICL example: the letter, or str(answer). */
export function recordAnswerText(r: PaperRecord): string | null {
  if (r.classes && r.classes.length > 0 && r.answer_index !== undefined) {
    return r.answer_index >= 0 && r.answer_index < r.classes.length
      ? String.fromCharCode(65 + r.answer_index)
      : null;
  }
  if (r.answer === undefined) return null;
  return r.answerText ?? pyStr(r.answer);
}
