import { UserError } from '../../util/errors.js';
import type { Item, PaperRecord, StratumValue, Target } from '../types.js';
import { type ReleasedRecord, readReleasedFile } from './released-file.js';
import type { ReleasedFile } from './released-source.js';

const NUMBER = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;

/** Our target for a paper record: its classes, else its answer (a number when it reads as one). */
export function recordTarget(record: PaperRecord, at: string): Target {
  if (record.classes && record.answer_index !== undefined)
    return { kind: 'choice', options: record.classes, index: record.answer_index };
  const a = record.answer;
  if (typeof a === 'number') return { kind: 'number', value: a, tolerance: 0 };
  if (typeof a === 'string' && NUMBER.test(a)) return { kind: 'number', value: Number(a), tolerance: 0 };
  if (typeof a === 'string' && a.trim() !== '') return { kind: 'exact', value: a };
  if (typeof a === 'boolean') return { kind: 'exact', value: record.answerText ?? String(a) };
  throw new UserError(
    `${at}: field 'answer': expected the answer, found ${a === null ? 'null' : 'an empty string'}`,
  );
}

/** A whole number ≥ 0 from a record field, for a stratum; absent is fine, anything else is an error. */
export function countField(fields: Record<string, unknown>, name: string, at: string): number | undefined {
  const v = fields[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
    throw new UserError(`${at}: field '${name}': expected a whole number ≥ 0, found ${JSON.stringify(v)}`);
  return v;
}

export interface ReleasedItemSpec {
  taskId: string;
  released: ReleasedFile;
  /** The task scores numbers (counts, grades): an answer that is not one is an error. */
  numeric?: boolean;
  /** Strata and meta of one record (may throw a UserError naming the field). */
  describe(
    r: ReleasedRecord,
    at: string,
  ): { strata: Record<string, StratumValue>; meta?: Record<string, unknown> };
}

/** A released-format file as items: ids `${referenceTask}_${line index}`, the record kept verbatim. */
export function releasedItems(file: string, label: string, spec: ReleasedItemSpec): Item[] {
  return readReleasedFile(file, label).map((r) => {
    const at = `${label}:${r.line}`;
    const { strata, meta } = spec.describe(r, at);
    const target = recordTarget(r.record, at);
    if (spec.numeric && target.kind !== 'number')
      throw new UserError(
        `${at}: field 'answer': expected a number, found ${JSON.stringify(r.record.answer ?? null)}`,
      );
    return {
      taskId: spec.taskId,
      itemId: `${spec.released.referenceTask}_${r.index}`,
      prompt: r.record.prompt,
      target,
      strata,
      meta: { line: r.line, ...meta },
      record: r.record,
    };
  });
}
