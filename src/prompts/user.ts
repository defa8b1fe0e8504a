import type { PaperRecord } from '../tasks/types.js';
import { fill, paperStrings } from './paper-strings.js';

export const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Whether the reference treats a record as multiple choice: it has a non-empty list of classes. */
export function isMultipleChoice(r: PaperRecord): boolean {
  return (r.classes?.length ?? 0) > 0;
}

/**
 * The user turn, as the reference's `_format_prompt_content` builds it: the record's prompt, then
 * for multiple choice a blank line and one "A. option" line per class, then the answer-format
 * instruction the scorer relies on. The prompt is used verbatim (not trimmed), as in the paper.
 */
export function userPrompt(r: PaperRecord): string {
  const s = paperStrings();
  let content = r.prompt;
  if (isMultipleChoice(r)) {
    content += s.options.before;
    (r.classes ?? []).forEach((answer, i) => {
      content += fill(s.options.line, { letter: String.fromCharCode(65 + i), answer });
    });
    return content + s.answerFormat.multipleChoice;
  }
  return content + s.answerFormat.openEnded;
}
