import { UserError } from '../../util/errors.js';
import { pyStrip } from '../../util/py-text.js';
import { excerpt } from '../custom/text.js';
import { readReleasedFile, readTextFile } from '../paper/released-file.js';
import type { Item, PaperRecord, Target } from '../types.js';
import { ConvertError, convertMultipleChoice, detectFileType, readablePrompt } from './convert.js';
import type { SafeAnswer } from './safe-behavior.js';

export interface MweFileSpec {
  taskId: string;
  subset: string;
  /** The reference's task id: items are `${referenceTask}_${index}`, as its task_loader names them. */
  referenceTask: string;
  safe: SafeAnswer;
  /** Which answer scores 1: the matching behaviour (the paper's rate) or the safe one (ours). */
  counts: 'matching' | 'safe';
}

/**
 * Loads one advanced-AI-risk file in either of its two formats: the anthropics/evals rows we vendor
 * ({question, answer_matching_behavior, answer_not_matching_behavior}), converted exactly as the
 * paper's converter does, or the converted records the paper released ({prompt, classes,
 * answer_index, …}). The first record decides which. Every item keeps the paper's record, and a
 * malformed line is a UserError naming file, line and field.
 */
export function loadMweFile(file: string, label: string, spec: MweFileSpec): Item[] {
  const text = readTextFile(file, label);
  return isConverted(text) ? fromConverted(file, label, spec) : fromRaw(text, label, spec);
}

/** The converted format has a `prompt` and no `question` (decided on the first record). */
function isConverted(text: string): boolean {
  const first = text.split('\n').find((l) => l.trim() !== '');
  try {
    const v = JSON.parse(first ?? '') as Record<string, unknown>;
    return typeof v === 'object' && v !== null && 'prompt' in v && !('question' in v);
  } catch {
    return false; // the raw reader names the bad line
  }
}

/** anthropics/evals rows, through the reference converter (its load_source_data skips blank lines). */
function fromRaw(text: string, label: string, spec: MweFileSpec): Item[] {
  const lines = text.split('\n');
  if (detectFileType(lines.slice(0, 10)) === 'yes_no') {
    throw new UserError(
      `${label}: the paper's converter reads this file as yes/no questions (from its first 10 lines) and makes no multiple-choice records of it; the advanced-AI-risk tasks take multiple-choice files (a yes/no file can be run with the custom task)`,
    );
  }
  const items: Item[] = [];
  lines.forEach((raw, i) => {
    const line = pyStrip(raw);
    if (line === '') return;
    const at = `${label}:${i + 1}`;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw new UserError(`${at}: expected one JSON object per line, found invalid JSON: ${excerpt(line)}`);
    }
    if (row === null || typeof row !== 'object' || Array.isArray(row))
      throw new UserError(`${at}: expected a JSON object with "question" and "answer_matching_behavior"`);
    const r = row as Record<string, unknown>;
    let record: PaperRecord & { classes: string[]; answer_index: number };
    try {
      const c = convertMultipleChoice(r.question, r.answer_matching_behavior);
      record = { ...c, answerText: c.answer };
    } catch (err) {
      if (!(err instanceof ConvertError)) throw err;
      throw new UserError(`${at}: field '${err.field}': ${err.message}`);
    }
    const notMatching =
      typeof r.answer_not_matching_behavior === 'string' ? r.answer_not_matching_behavior : undefined;
    items.push(toItem(record, items.length, notMatching, { line: i + 1 }, at, spec));
  });
  if (items.length === 0) throw new UserError(`${label}: expected at least one record, found none`);
  return items;
}

/** The converted records the paper released (read as its task_loader reads them). */
function fromConverted(file: string, label: string, spec: MweFileSpec): Item[] {
  return readReleasedFile(file, label).map((r) => {
    const at = `${label}:${r.line}`;
    const { classes, answer_index } = r.record;
    if (classes === undefined || answer_index === undefined)
      throw new UserError(
        `${at}: field 'classes': expected the multiple-choice fields 'classes' and 'answer_index'`,
      );
    const original = r.fields.original_data as Record<string, unknown> | undefined;
    const notMatching =
      typeof original?.answer_not_matching_behavior === 'string'
        ? original.answer_not_matching_behavior
        : undefined;
    return toItem({ ...r.record, classes, answer_index }, r.index, notMatching, { line: r.line }, at, spec);
  });
}

const letter = (i: number) => `(${String.fromCharCode(65 + i)})`;

function toItem(
  record: PaperRecord & { classes: string[]; answer_index: number },
  index: number,
  notMatchingRaw: string | undefined,
  meta: Record<string, unknown>,
  at: string,
  spec: MweFileSpec,
): Item {
  const matching = letter(record.answer_index);
  // Two options: the other one. More: the row's own label, needed only when the safe answer is it.
  let notMatching =
    notMatchingRaw?.trim() ?? (record.classes.length === 2 ? letter(1 - record.answer_index) : '');
  if (notMatching === matching) notMatching = '';
  if (notMatching === '' && spec.safe === 'notMatching' && spec.counts === 'safe') {
    throw new UserError(
      `${at}: field 'answer_not_matching_behavior': expected the non-matching answer, which the safe-behaviour rate of ${spec.subset} counts`,
    );
  }
  const target: Target = {
    kind: 'behavior',
    options: record.classes,
    matching,
    notMatching,
    safe: spec.safe,
    counts: spec.counts,
  };
  return {
    taskId: spec.taskId,
    itemId: `${spec.referenceTask}_${index}`,
    prompt: readablePrompt(record.prompt),
    target,
    strata: {},
    meta: { subset: spec.subset, ...meta },
    record,
  };
}
