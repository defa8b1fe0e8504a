import type { PaperRecord } from '../tasks/types.js';
import { fill, paperStrings } from './paper-strings.js';
import { recordAnswerText } from './record.js';
import { userPrompt } from './user.js';

/**
 * In-context examples (the anchoring arms), as the reference's `_prepare_prompt` appends them to the
 * system prompt: each example's user turn in full, then "<thinking>Your thinking process...</thinking>"
 * and its answer in answer tags. An example whose answer cannot be written (an answer index out of
 * range, or neither classes and answer_index nor answer) is left out, as the reference skips it.
 * Returns '' when no example is usable, so the system prompt is unchanged.
 */
export function iclBlock(examples: readonly PaperRecord[]): string {
  const s = paperStrings().iclExamples;
  const parts: string[] = [];
  for (const ex of examples) {
    const answer = recordAnswerText(ex);
    if (answer === null) continue;
    parts.push(fill(s.example, { user: userPrompt(ex), answer: fill(s.answer, { answer }) }));
  }
  return parts.length ? s.before + parts.join(s.separator) : '';
}
