import { UserError } from '../../util/errors.js';
import { pyFloatRepr } from '../../util/py-text.js';
import { CsvSyntaxError, parseCsv } from '../custom/csv.js';
import { readTextFile } from '../paper/released-file.js';
import { COLUMNS, GRADE_COLUMN } from './records.js';
import type { Student } from './students.js';

/**
 * The student table the grades creator reads: column names and, per row, each value as Python's
 * str() prints it (what the creator's f-string writes into the prompt). Read from the survey CSV
 * the way pandas.read_csv types a column (all whole numbers: int; all numbers: float, so 7 is
 * "7.0"; otherwise text), or made from our synthetic cohort.
 */
export interface StudentTable {
  columns: string[];
  rows: string[][];
}

const INT = /^\s*[-+]?\d+\s*$/;
const FLOAT = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;

export function readStudentCsv(file: string, label: string): StudentTable {
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(readTextFile(file, label));
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new UserError(`${label}:${err.line}: ${err.message}`);
    throw err;
  }
  const [header, ...body] = records;
  if (!header || body.length < 2)
    throw new UserError(`${label}: expected a header row and at least 2 students`);
  const columns = header.fields;
  if (!columns.includes(GRADE_COLUMN))
    throw new UserError(
      `${label}:${header.line}: expected a '${GRADE_COLUMN}' column, found ${columns.join(', ')}`,
    );
  for (const r of body) {
    if (r.fields.length !== columns.length)
      throw new UserError(
        `${label}:${r.line}: expected ${columns.length} fields as in the header, found ${r.fields.length}`,
      );
  }
  const kinds = columns.map((_, c) =>
    body.every((r) => INT.test(r.fields[c]))
      ? 'int'
      : body.every((r) => FLOAT.test(r.fields[c]))
        ? 'float'
        : 'text',
  );
  const g = columns.indexOf(GRADE_COLUMN);
  if (kinds[g] === 'text') {
    const bad = body.find((r) => !FLOAT.test(r.fields[g]))!;
    throw new UserError(
      `${label}:${bad.line}: field '${GRADE_COLUMN}': expected a number, found '${bad.fields[g]}'`,
    );
  }
  const rows = body.map((r) =>
    r.fields.map((v, c) =>
      kinds[c] === 'int' ? BigInt(v.trim()).toString() : kinds[c] === 'float' ? pyFloatRepr(Number(v)) : v,
    ),
  );
  return { columns, rows };
}

/** Our synthetic cohort in the survey's layout (students.ts explains how its grades are made). */
export function cohortTable(students: readonly Student[]): StudentTable {
  const columns = [...COLUMNS.map((c) => c.column), GRADE_COLUMN];
  const f = pyFloatRepr;
  const rows = students.map((s) => [
    String(s.id),
    f(s.study),
    f(s.extracurricular),
    f(s.sleep),
    f(s.social),
    f(s.physical),
    s.stress,
    s.gender,
    f(s.grade),
  ]);
  return { columns, rows };
}
