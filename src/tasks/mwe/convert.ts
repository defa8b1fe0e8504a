import { PY_WHITESPACE, pyStrip } from '../../util/py-text.js';

/**
 * The paper's ModelWrittenEvalConverter (src/gym/converters/model_written_eval_converter.py),
 * re-implemented: an anthropics/evals row {question, answer_matching_behavior, …} becomes the
 * record the paper ran, {prompt, classes, answer_index, answer}. Its quirks are kept, because they
 * are what the models saw: the prompt joins its parts with a backslash and an n (two characters),
 * not a newline, and answer_index is the *matching* behaviour's letter, so the paper's "accuracy"
 * on these subsets is the rate of answers matching the labelled behaviour.
 */

export interface ConvertedRecord {
  prompt: string;
  classes: string[];
  answer_index: number;
  answer: string;
}

/** Why a row could not be converted (the reference skips it; we name the field). */
export class ConvertError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const BS_N = '\\n';
const S = `[${PY_WHITESPACE}]`;
// Python's `(?=…|$)` without MULTILINE also matches before a final newline; `[\s\S]` is DOTALL's dot.
const CHOICE = new RegExp(`\\(([A-Z])\\)${S}*([\\s\\S]*?)(?=\\n${S}*\\([A-Z]\\)|\\n?$)`, 'g');
// re.match(r"^\(([A-Z])\)\s*(.*)", line): Python's `.` stops only at \n.
const CHOICE_LINE = new RegExp(`^\\(([A-Z])\\)${S}*([^\\n]*)`);

/**
 * `_detect_file_type` on a file's first ten lines: 'yes_no' when at least as many answers are
 * Yes/No as there are multiple-choice signs (a sign in the question, a lettered answer).
 */
export function detectFileType(firstLines: readonly string[]): 'yes_no' | 'multiple_choice' {
  let yesNo = 0;
  let mc = 0;
  for (const line of firstLines.slice(0, 10)) {
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(pyStrip(line)) as Record<string, unknown>;
    } catch {
      continue;
    }
    // The reference's loop stops at the first row it cannot read as an object with a string answer.
    if (data === null || typeof data !== 'object' || Array.isArray(data)) break;
    const answer = data.answer_matching_behavior ?? '';
    if (typeof answer !== 'string') break;
    const question = typeof data.question === 'string' ? data.question : '';
    if (['yes', 'no'].includes(pyStrip(answer.toLowerCase()))) yesNo++;
    if (
      question.includes('\n\nChoices\n') ||
      question.includes('\nChoices:\n') ||
      question.includes('\n (A)') ||
      /\([A-Z]\)/.test(question)
    )
      mc++;
    if (new RegExp(`^${S}*\\([A-Z]\\)${S}*$`).test(answer)) mc++;
  }
  return yesNo >= mc ? 'yes_no' : 'multiple_choice';
}

/** `_convert_multiple_choice_instance`: throws ConvertError where the reference returns None. */
export function convertMultipleChoice(question: unknown, answerBehavior: unknown): ConvertedRecord {
  if (typeof question !== 'string' || question === '')
    throw new ConvertError('question', 'expected a non-empty string');
  if (typeof answerBehavior !== 'string' || answerBehavior === '')
    throw new ConvertError('answer_matching_behavior', 'expected a non-empty string such as " (A)"');
  const { main, choices } = parseQuestion(question);
  if (main === '' || choices.length === 0)
    throw new ConvertError('question', 'expected a question followed by lettered choices "(A) … (B) …"');
  const index = answerIndex(answerBehavior, choices);
  // BaseConverter.validate_instance drops an instance whose answer is blank.
  if (pyStrip(choices[index]) === '')
    throw new ConvertError('question', `expected choice (${String.fromCharCode(65 + index)}) to have text`);
  const choicesText = choices.map((c, i) => `(${String.fromCharCode(65 + i)}) ${c}`).join(BS_N);
  return {
    prompt: `${main}${BS_N}${BS_N}Choices:${BS_N}${choicesText}${BS_N}${BS_N}Answer:`,
    classes: choices,
    answer_index: index,
    answer: choices[index],
  };
}

function answerIndex(answer: string, choices: string[]): number {
  const a = pyStrip(answer);
  if (a.startsWith('(') && a.endsWith(')')) {
    // The letter is the second character, whatever follows it.
    const letter = a[1] ?? '';
    if (/^\p{Lu}$/u.test(letter)) {
      const i = (letter.codePointAt(0) ?? 0) - 65;
      if (i >= choices.length)
        throw new ConvertError(
          'answer_matching_behavior',
          `expected one of the ${choices.length} choices, found '${a}'`,
        );
      return i;
    }
  }
  // Otherwise the answer must be a choice's own text, exactly as written (not stripped).
  const i = choices.indexOf(answer);
  if (i === -1)
    throw new ConvertError(
      'answer_matching_behavior',
      `expected a choice letter such as " (A)", found '${a}'`,
    );
  return i;
}

/** `_parse_multiple_choice_question`: the question before the choices, and the choice texts. */
function parseQuestion(full: string): { main: string; choices: string[] } {
  let main = '';
  let text = '';
  const split = splitOnce(full, '\n\nChoices:\n') ?? splitOnce(full, '\n\nChoices\n');
  if (split) {
    main = pyStrip(split[0]);
    text = dropAnswerCue(pyStrip(split[1]));
  } else {
    const at = full.lastIndexOf('\n (A)');
    if (at === -1) return { main: '', choices: [] };
    main = pyStrip(full.slice(0, at));
    text = dropAnswerCue(pyStrip(full.slice(at + 1)));
  }
  if (text === '') {
    // Choices written with literal backslash-n separators (the reference's last resort).
    const lines = full
      .split(BS_N)
      .map(pyStrip)
      .filter((l) => /^\([A-Z]\)/.test(l));
    if (lines.length === 0) return { main: '', choices: [] };
    let rest = full;
    for (const l of lines) rest = rest.replaceAll(BS_N + l, '');
    return { main: pyStrip(rest), choices: lines.map((l) => pyStrip(CHOICE_LINE.exec(l)?.[2] ?? '')) };
  }
  const found = [...text.matchAll(CHOICE)];
  if (found.length > 0) return { main, choices: found.map((m) => pyStrip(m[2])).filter((c) => c !== '') };
  const choices: string[] = [];
  for (const raw of text.split(BS_N)) {
    const m = CHOICE_LINE.exec(pyStrip(raw));
    if (m) choices.push(pyStrip(m[2]));
  }
  return { main: choices.length ? main : '', choices };
}

function splitOnce(s: string, sep: string): [string, string] | undefined {
  const i = s.indexOf(sep);
  return i === -1 ? undefined : [s.slice(0, i), s.slice(i + sep.length)];
}

function dropAnswerCue(s: string): string {
  return s.endsWith('\n\nAnswer:') ? pyStrip(s.slice(0, -'\n\nAnswer:'.length)) : s;
}

/** The converted prompt as plain text for our own prompt variants: real line breaks, no "Answer:" cue. */
export function readablePrompt(converted: string): string {
  return converted.replaceAll(BS_N, '\n').replace(/\n\nAnswer:$/, '');
}
