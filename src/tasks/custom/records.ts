import { UserError } from '../../util/errors.js';
import { pyFloatRepr, pyStr } from '../../util/py-text.js';
import { memberToken } from '../paper/json-token.js';
import { classList } from '../paper/python-literal.js';
import type { Item, PaperRecord, StratumValue, Target } from '../types.js';
import type { RawRecord } from './read.js';
import { excerpt } from './text.js';

/** Which column holds what. Defaults are the paper's record format. */
export interface FieldMap {
  id: string;
  prompt: string;
  answer: string;
  classes: string;
  answerIndex: string;
  /** Strata columns; when the user names them they are required in every record. */
  strata?: string[];
}

export const DEFAULT_FIELDS: FieldMap = {
  id: 'id',
  prompt: 'prompt',
  answer: 'answer',
  classes: 'classes',
  answerIndex: 'answer_index',
};

/** The paper's optional strata columns, used when no strata are named. */
export const PAPER_STRATA = ['num_distractors', 'examples_per_prompt', 'grid_size'];

// Extra columns written by `tasks generate` so that every target kind survives a round trip.
export const TOLERANCE_COLUMN = 'tolerance';
export const BEHAVIOR_COLUMNS = {
  matching: 'answer_matching_behavior',
  notMatching: 'answer_not_matching_behavior',
  safe: 'safe_behavior',
  /** Which answer scores 1: 'matching' (the paper's rate) or 'safe'; absent means 'safe'. */
  counts: 'behavior_counts',
} as const;

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

const present = (v: unknown) => v !== undefined && v !== null && v !== '';

function describe(v: unknown): string {
  if (typeof v === 'string') return `'${excerpt(v)}'`;
  if (Array.isArray(v)) return 'an array';
  return v === null ? 'null' : typeof v === 'object' ? 'an object' : String(v);
}

/** Converts checked records to items; `where(line)` names the place in messages. */
export function recordsToItems(
  records: RawRecord[],
  fields: FieldMap,
  taskId: string,
  label: string,
): Item[] {
  const convert = recordConverter(fields, taskId, label, () => records.length);
  return records.map(convert);
}

/**
 * Converts records one at a time, in order (the `index`-th of `count()`: an item without an id is
 * named by its place, padded to the count's width; `count` is asked only then, once), checking each
 * as `recordsToItems` does. It remembers each id's line, to refuse a repeated one.
 */
export function recordConverter(
  fields: FieldMap,
  taskId: string,
  label: string,
  count: () => number,
): (r: RawRecord, index: number) => Item {
  const seen = new Map<string, number>();
  let width: number | undefined;
  return (r, index) => {
    const at = `${label}:${r.line}`;
    const v = r.value;

    const rawId = v[fields.id];
    let itemId: string;
    if (!present(rawId)) {
      width ??= Math.max(4, String(count()).length);
      itemId = `row-${String(index + 1).padStart(width, '0')}`;
    } else if (typeof rawId === 'string' || typeof rawId === 'number') itemId = String(rawId);
    else
      throw new UserError(
        `${at}: expected '${fields.id}' to be a string or number, found ${describe(rawId)}`,
      );
    const first = seen.get(itemId);
    if (first !== undefined)
      throw new UserError(
        `${at}: expected a unique '${fields.id}', found '${excerpt(itemId)}' again (first on line ${first})`,
      );
    seen.set(itemId, r.line);

    const prompt = v[fields.prompt];
    if (typeof prompt !== 'string' || prompt.trim() === '') {
      throw new UserError(
        `${at}: expected a non-empty string in '${fields.prompt}', found ${prompt === undefined ? 'no such field' : describe(prompt)}`,
      );
    }

    const target = readTarget(v, fields, at);
    return {
      taskId,
      itemId,
      prompt,
      target,
      strata: readStrata(v, fields, at),
      record: paperRecord(v, fields, prompt, target, r.source),
    };
  };
}

function readTarget(v: Record<string, unknown>, f: FieldMap, at: string): Target {
  const classes = readClasses(v[f.classes], f.classes, at);
  const answer = v[f.answer];
  if (classes) {
    const matching = v[BEHAVIOR_COLUMNS.matching];
    const notMatching = v[BEHAVIOR_COLUMNS.notMatching];
    const safe = v[BEHAVIOR_COLUMNS.safe];
    if (
      typeof matching === 'string' &&
      typeof notMatching === 'string' &&
      (safe === 'matching' || safe === 'notMatching')
    ) {
      const counts = v[BEHAVIOR_COLUMNS.counts];
      return {
        kind: 'behavior',
        options: classes,
        matching,
        notMatching,
        safe,
        ...(counts === 'matching' || counts === 'safe' ? { counts } : {}),
      };
    }
    const rawIndex = v[f.answerIndex];
    if (present(rawIndex)) {
      const index =
        typeof rawIndex === 'string' && NUMBER.test(rawIndex.trim()) ? Number(rawIndex) : rawIndex;
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= classes.length) {
        throw new UserError(
          `${at}: expected '${f.answerIndex}' to be a whole number from 0 to ${classes.length - 1}, found ${describe(rawIndex)}`,
        );
      }
      return { kind: 'choice', options: classes, index };
    }
    if (present(answer)) {
      const index = classes.indexOf(String(answer));
      if (index === -1)
        throw new UserError(
          `${at}: expected '${f.answer}' to be one of '${f.classes}', found ${describe(answer)}`,
        );
      return { kind: 'choice', options: classes, index };
    }
    throw new UserError(`${at}: expected '${f.answerIndex}' (or '${f.answer}') with '${f.classes}'`);
  }
  if (!present(answer)) {
    throw new UserError(
      `${at}: expected an answer in '${f.answer}' (or '${f.classes}' with '${f.answerIndex}'), found none`,
    );
  }
  if (typeof answer === 'number' && Number.isFinite(answer))
    return { kind: 'number', value: answer, tolerance: readTolerance(v, at) };
  if (typeof answer === 'string') {
    if (NUMBER.test(answer.trim()))
      return { kind: 'number', value: Number(answer), tolerance: readTolerance(v, at) };
    return { kind: 'exact', value: answer };
  }
  throw new UserError(`${at}: expected '${f.answer}' to be a string or number, found ${describe(answer)}`);
}

function readClasses(raw: unknown, name: string, at: string): string[] | undefined {
  if (!present(raw)) return undefined;
  // A string (always, in CSV) is a Python list literal, as the paper's task_loader reads it.
  return classList(raw, (expected) => {
    throw new UserError(`${at}: expected '${name}' to be ${expected}, found ${describe(raw)}`);
  });
}

/** The record as the paper's task_loader would hold it: prompt, classes + answer_index, or answer. */
function paperRecord(
  v: Record<string, unknown>,
  f: FieldMap,
  prompt: string,
  target: Target,
  source: string | undefined,
): PaperRecord {
  const record: PaperRecord = { prompt };
  if (target.kind === 'choice' || target.kind === 'behavior') {
    record.classes = target.options;
    // Only when the file gives it: with classes and an answer alone, task_loader scores the answer.
    const index = v[f.answerIndex];
    if (present(index)) record.answer_index = Number(index);
  }
  const answer = v[f.answer];
  if (answer !== undefined && (answer === null || typeof answer !== 'object')) {
    record.answer = answer as PaperRecord['answer'];
    const token = typeof answer === 'number' && source ? memberToken(source, f.answer) : undefined;
    record.answerText =
      token !== undefined && /[.eE]/.test(token) ? pyFloatRepr(answer as number) : pyStr(answer);
  }
  return record;
}

function readTolerance(v: Record<string, unknown>, at: string): number {
  const raw = v[TOLERANCE_COLUMN];
  if (!present(raw)) return 0;
  const t = typeof raw === 'string' && NUMBER.test(raw.trim()) ? Number(raw) : raw;
  if (typeof t !== 'number' || !(t >= 0))
    throw new UserError(`${at}: expected '${TOLERANCE_COLUMN}' to be a number ≥ 0, found ${describe(raw)}`);
  return t;
}

function readStrata(v: Record<string, unknown>, f: FieldMap, at: string): Record<string, StratumValue> {
  const named = f.strata;
  const strata: Record<string, StratumValue> = {};
  // Record order, so a round trip keeps the key order of the original strata.
  const columns = Object.keys(v).filter((k) => (named ?? PAPER_STRATA).includes(k));
  for (const col of named ?? []) {
    if (!present(v[col]))
      throw new UserError(`${at}: expected a value in strata column '${col}', found none`);
  }
  for (const col of columns) {
    const raw = v[col];
    if (!present(raw)) continue;
    if (typeof raw === 'number' && Number.isFinite(raw)) strata[col] = raw;
    else if (typeof raw === 'string') strata[col] = NUMBER.test(raw.trim()) ? Number(raw) : raw;
    else
      throw new UserError(
        `${at}: expected strata column '${col}' to be a string or number, found ${describe(raw)}`,
      );
  }
  return strata;
}
