import { PY_WHITESPACE, pyLen, pyStrip } from '../util/py-text.js';

/**
 * The reference's answer extraction (`_extract_answer_tag`, src/utils/model_helpers.py:116-159 of
 * safety-research/inverse-scaling-ttc), the `paper` extractor. Same three steps, same order:
 * 1. the last `<answer>…</answer>` (case-insensitive, across lines); its content stripped, a single
 *    letter upper-cased. An empty last tag gives no answer: the later steps are not tried.
 * 2. else the first "answer|option|choose|select|pick [is|:] X" with a one-letter X (upper-cased);
 * 3. else the first capital letter standing alone and not followed by '.' or '-', unless one of
 *    section/part/appendix/figure/table occurs in the 20 characters before it.
 * The patterns follow Python's `re` on str: its `\s` and `\w` are Unicode, and its IGNORECASE folds
 * a few non-ASCII letters onto ASCII ones (see FOLDS); the test goldens (test/fixtures/paper-goldens,
 * made by running the reference) pin each of these.
 */

const S = `[${PY_WHITESPACE}]`;
/**
 * Python's IGNORECASE matches a few non-ASCII letters to ASCII ones: 'ſ' (U+017F) to s, 'K'
 * (U+212A) to k, 'İ' and 'ı' (U+0130, U+0131) to i. JavaScript's /i does not, so the letters of
 * the keyword pattern are spelled out as classes.
 */
const FOLDS: Record<string, string> = { i: '\\u0130\\u0131', s: '\\u017f', k: '\\u212a' };
const fold = (c: string): string => `[${c}${c.toUpperCase()}${FOLDS[c] ?? ''}]`;
const word = (w: string): string => [...w].map(fold).join('');
const TAG = word('answer');
const LAST_TAG = new RegExp(`<${TAG}>(?:(?!</?${TAG}>)[\\s\\S])*?</${TAG}>`, 'g');
const TAG_CONTENT = new RegExp(`<${TAG}>([\\s\\S]*?)</${TAG}>`);
const LETTER_I = `[A-Za-z${Object.values(FOLDS).join('')}]`;
const KEYWORD = new RegExp(
  `(?:${['answer', 'option', 'choose', 'select', 'pick'].map(word).join('|')})(?:${S}+${word('is')}|${S}*:${S}*)?${S}+(${LETTER_I})(?:\\.|,|${S}|$)`,
);
// Python's \w on str: letters, digits (any script) and '_'; \b is the edge of a run of those.
const W = '[\\p{L}\\p{N}_]';
const ISOLATED = new RegExp(`(?<!${W})([A-Z])(?!${W})(?![.-])`, 'u');
const CONTEXT_WORDS = ['section', 'part', 'appendix', 'figure', 'table'];

export function extractPaper(text: string): string | null {
  const tags = text.match(LAST_TAG);
  if (tags) {
    const inner = TAG_CONTENT.exec(tags[tags.length - 1]);
    if (inner) {
      const answer = pyStrip(inner[1]);
      if (pyLen(answer) === 1 && /^\p{L}$/u.test(answer)) return answer.toUpperCase();
      return answer === '' ? null : answer;
    }
  }
  const keyword = KEYWORD.exec(text);
  if (keyword) return keyword[1].toUpperCase();
  const isolated = ISOLATED.exec(text);
  if (isolated) {
    const before = Array.from(text.slice(0, isolated.index).toLowerCase());
    const last20 = before.slice(-20).join('');
    if (!CONTEXT_WORDS.some((w) => last20.includes(w))) return isolated[1];
  }
  return null;
}
