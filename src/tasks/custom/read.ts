import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { UserError } from '../../util/errors.js';
import { jsonErrorOffset } from '../../util/json-error.js';
import { CsvSyntaxError, parseCsv } from './csv.js';
import { errorOffset, recordOffsets } from './json-lines.js';
import { decodeUtf8, excerpt, lineOfByte, lineOfChar, linesOfChars } from './text.js';

export type DatasetFormat = 'jsonl' | 'csv' | 'json';

/** One raw record and the line it starts on. CSV values are strings; JSON values keep their types. */
export interface RawRecord {
  line: number;
  value: Record<string, unknown>;
  /** JSONL: the line's text, for reading a number's token as written (3.0 is not 3 to Python). */
  source?: string;
}

export function formatFromPath(file: string): DatasetFormat | undefined {
  const ext = file.toLowerCase().split('.').pop();
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  if (ext === 'csv') return 'csv';
  if (ext === 'json') return 'json';
  return undefined;
}

/**
 * Reads a dataset file into records. `label` is how the file is named in messages. Every
 * problem is a UserError of the form `label:line: what was expected`.
 */
export function readRecords(file: string, format: DatasetFormat, label = file): RawRecord[] {
  if (format === 'jsonl') {
    // JSON lines are read a piece at a time: the file's bytes and its text whole would be twice its
    // size on top of the records (~100 MB each for 200,000 items). Any problem is reported by the
    // whole-file read below, so messages and their order stay what they were.
    try {
      return streamJsonl(file);
    } catch {
      // fall through
    }
  }
  let bytes: Uint8Array;
  try {
    if (!statSync(file).isFile()) throw new UserError(`${label}: expected a file, found a directory`);
    bytes = readFileSync(file);
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(
      `${label}: cannot read the dataset (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    throw new UserError(
      `${label}:${lineOfByte(bytes, decoded.badOffset)}: expected UTF-8 text, found an invalid byte sequence at byte ${decoded.badOffset}`,
    );
  }
  const text = decoded.text;
  if (text.trim() === '')
    throw new UserError(`${label}:1: expected at least one record, found an empty file`);
  const records =
    format === 'jsonl'
      ? readJsonl(text, label)
      : format === 'csv'
        ? readCsv(text, label)
        : readJson(text, label);
  if (records.length === 0) throw new UserError(`${label}:1: expected at least one record, found none`);
  return records;
}

function asObject(v: unknown, where: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new UserError(
      `${where}: expected a JSON object per record, found ${Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'null' : `a ${typeof v}`}`,
    );
  }
  return v as Record<string, unknown>;
}

/** Bytes read at a time by `streamJsonl`. */
const CHUNK_BYTES = 2 ** 20;

/**
 * The records of a JSON-lines file that has no problem, read in pieces; throws on anything that
 * is not (the caller then reads it whole for the message). Each line is made a record as
 * `readJsonl` makes it (`jsonlRecord`).
 */
function streamJsonl(file: string): RawRecord[] {
  const out = [...jsonlRecords(file)];
  if (out.length === 0) throw new Error('no records');
  return out;
}

/** The records of a JSON-lines file, one at a time as they are read; throws at the first problem. */
export function* jsonlRecords(file: string): Generator<RawRecord> {
  let line = 1;
  for (const raw of jsonlLines(file)) {
    const r = jsonlRecord(raw, line++, file);
    if (r) yield r;
  }
}

/** How many records a JSON-lines file holds (its lines that are not blank), without parsing them. */
export function countJsonlRecords(file: string): number {
  let n = 0;
  for (const raw of jsonlLines(file)) if (raw.trim() !== '') n++;
  return n;
}

/** The lines of a UTF-8 file, read a megabyte at a time; throws on bytes that are not UTF-8. */
function* jsonlLines(file: string): Generator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const buf = Buffer.allocUnsafe(CHUNK_BYTES);
  const fd = openSync(file, 'r');
  try {
    let carry = '';
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK_BYTES, null);
      const text = carry + decoder.decode(buf.subarray(0, n), { stream: n > 0 });
      let start = 0;
      for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
        yield text.slice(start, end);
        start = end + 1;
      }
      carry = text.slice(start);
      if (n === 0) break;
    }
    yield carry;
  } finally {
    closeSync(fd);
  }
}

function readJsonl(text: string, label: string): RawRecord[] {
  const out: RawRecord[] = [];
  let start = 0;
  for (let line = 1; start <= text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const r = jsonlRecord(text.slice(start, end), line, label);
    start = end + 1;
    if (r) out.push(r);
  }
  return out;
}

/**
 * One line of a JSON-lines file as a record, or undefined for a blank line. The line's text is kept
 * only when a value is a number, the one case that reads it (records.ts: `3.0` is not `3` to Python).
 */
function jsonlRecord(line: string, n: number, label: string): RawRecord | undefined {
  const raw = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (raw.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new UserError(
      `${label}:${n}: expected one JSON object per line, found invalid JSON: ${excerpt(raw)}`,
    );
  }
  const record = asObject(value, `${label}:${n}`);
  return Object.values(record).some((v) => typeof v === 'number')
    ? { line: n, value: record, source: raw }
    : { line: n, value: record };
}

function readJson(text: string, label: string): RawRecord[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const at = errorOffset(err) ?? jsonErrorOffset(text);
    throw new UserError(
      `${label}:${at === undefined ? 1 : lineOfChar(text, at)}: expected valid JSON (${excerpt(String((err as Error).message), 80)})`,
    );
  }
  let list: unknown;
  if (Array.isArray(doc)) list = doc;
  else if (
    doc !== null &&
    typeof doc === 'object' &&
    Array.isArray((doc as Record<string, unknown>).examples)
  ) {
    list = (doc as Record<string, unknown>).examples;
  } else {
    throw new UserError(`${label}:1: expected a JSON array of records or an object with an "examples" array`);
  }
  const values = list as unknown[];
  const lines = linesOfChars(text, recordOffsets(text));
  return values.map((v, i) => {
    const line = lines[i] ?? 1;
    return { line, value: asObject(v, `${label}:${line}`) };
  });
}

function readCsv(text: string, label: string): RawRecord[] {
  let rows: ReturnType<typeof parseCsv>;
  try {
    rows = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new UserError(`${label}:${err.line}: ${err.message}`);
    throw err;
  }
  const [header, ...body] = rows;
  if (!header) throw new UserError(`${label}:1: expected a header row`);
  const names = header.fields.map((f) => f.trim());
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined)
    throw new UserError(
      `${label}:${header.line}: expected distinct column names, found '${excerpt(dup)}' twice`,
    );
  return body.map((r) => {
    if (r.fields.length !== names.length) {
      throw new UserError(
        `${label}:${r.line}: expected ${names.length} fields as in the header, found ${r.fields.length}`,
      );
    }
    const value: Record<string, unknown> = {};
    names.forEach((n, i) => {
      value[n] = r.fields[i];
    });
    return { line: r.line, value };
  });
}
