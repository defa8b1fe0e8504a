import { readFileSync, statSync } from 'node:fs';
import { UserError } from '../../util/errors.js';
import { pyFloatRepr, pyStr } from '../../util/py-text.js';
import { decodeUtf8, excerpt, lineOfByte } from '../custom/text.js';
import type { PaperRecord } from '../types.js';
import { memberToken } from './json-token.js';
import { classList } from './python-literal.js';

/** One record of a released file, as the paper's task_loader holds it. */
export interface ReleasedRecord {
  /** 0-based line index: the reference names the item `${task_id}_${index}`. */
  index: number;
  /** 1-based line number, for messages. */
  line: number;
  /** Every field of the line (the loader keeps them all; tasks read their strata from here). */
  fields: Record<string, unknown>;
  record: PaperRecord;
}

/**
 * Reads a released JSONL file the way src/task_loader.py does: one JSON object per line with a
 * `prompt` and either `classes` + `answer_index` (multiple choice; a string `classes` is a Python
 * list literal, parsed and each entry stripped) or `answer`. Unlike the reference, which skips a
 * malformed line with a warning, a malformed line here is a UserError naming file, line and field:
 * a run of the paper's items must not quietly lose some. Blank lines are skipped; they still count
 * for the ids, as the reference's enumerate does.
 */
export function readReleasedFile(file: string, label = file): ReleasedRecord[] {
  const lines = readTextFile(file, label).split('\n');
  // Like Python's file iteration, a final newline does not start another line.
  if (lines[lines.length - 1] === '') lines.pop();
  const out: ReleasedRecord[] = [];
  lines.forEach((raw, index) => {
    const text = raw.replace(/\r$/, '');
    if (text.trim() === '') return;
    out.push(readLine(text, index, `${label}:${index + 1}`));
  });
  if (out.length === 0) throw new UserError(`${label}: expected at least one record, found none`);
  return out;
}

/** A data file's text, strictly UTF-8; a problem is a UserError naming the file (and line). */
export function readTextFile(file: string, label = file): string {
  let bytes: Buffer;
  try {
    if (!statSync(file).isFile()) throw new UserError(`${label}: expected a file, found a directory`);
    bytes = readFileSync(file);
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`${label}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    throw new UserError(
      `${label}:${lineOfByte(bytes, decoded.badOffset)}: expected UTF-8 text, found an invalid byte sequence`,
    );
  }
  return decoded.text;
}

function readLine(text: string, index: number, at: string): ReleasedRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UserError(`${at}: expected one JSON object per line, found invalid JSON: ${excerpt(text)}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new UserError(`${at}: expected a JSON object, found ${describe(value)}`);
  const fields = value as Record<string, unknown>;
  const { prompt } = fields;
  if (prompt === undefined)
    throw new UserError(`${at}: field 'prompt': expected the question, found no such field`);
  if (typeof prompt !== 'string' || prompt.trim() === '')
    throw new UserError(`${at}: field 'prompt': expected a non-empty string, found ${describe(prompt)}`);

  const record: PaperRecord = { prompt };
  const multipleChoice = 'classes' in fields && 'answer_index' in fields;
  if (!multipleChoice && !('answer' in fields)) {
    throw new UserError(
      `${at}: expected 'classes' with 'answer_index', or 'answer', found ${'classes' in fields ? "'classes' without 'answer_index'" : 'neither'}`,
    );
  }
  if (multipleChoice) {
    record.classes = classList(fields.classes, (expected) => {
      throw new UserError(`${at}: field 'classes': expected ${expected}, found ${describe(fields.classes)}`);
    });
    const ix = fields.answer_index;
    if (typeof ix !== 'number' || !Number.isInteger(ix) || ix < 0 || ix >= record.classes.length) {
      throw new UserError(
        `${at}: field 'answer_index': expected a whole number from 0 to ${record.classes.length - 1}, found ${describe(ix)}`,
      );
    }
    record.answer_index = ix;
  }
  if ('answer' in fields) {
    const answer = fields.answer;
    if (answer !== null && typeof answer === 'object')
      throw new UserError(`${at}: field 'answer': expected a string or a number, found ${describe(answer)}`);
    record.answer = answer as PaperRecord['answer'];
    record.answerText = answerText(answer, text);
  }
  return { index, line: index + 1, fields, record };
}

/** Python's str(answer), from the JSON token so that 3.0 stays "3.0" (JSON.parse makes it 3). */
function answerText(answer: unknown, line: string): string {
  if (typeof answer !== 'number') return pyStr(answer);
  const token = memberToken(line, 'answer') ?? String(answer);
  // A Python int keeps every digit, however large.
  return /^-?\d+$/.test(token) ? BigInt(token).toString() : pyFloatRepr(answer);
}

function describe(v: unknown): string {
  if (v === undefined) return 'no such field';
  if (typeof v === 'string') return `'${excerpt(v)}'`;
  if (Array.isArray(v)) return 'an array';
  return v === null ? 'null' : typeof v === 'object' ? 'an object' : String(v);
}
