/**
 * CSV as RFC 4180 has it, read by csv-parse: comma separated, fields optionally in double quotes,
 * `""` for a quote inside a quoted field, commas and newlines allowed inside quotes, records ending
 * in CRLF or LF, blank lines skipped. What this file adds is the line each record starts on and
 * errors that name the line at fault, for the one-line errors datasets get.
 */
import { CsvError, type Options, parse } from 'csv-parse/sync';

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** csv-parse's options: RFC 4180 records of any length, blank lines skipped. */
const OPTIONS: Options = {
  relax_column_count: true,
  skip_empty_lines: true,
  // Both endings in one file; a lone CR stays in its field.
  record_delimiter: ['\r\n', '\n'],
  // Where each record ends (the byte after it): how the line it starts on is found.
  info: true,
};

const LF = 0x0a;
const CR = 0x0d;

export function parseCsv(text: string): CsvRecord[] {
  const bytes = Buffer.from(text, 'utf8');
  // csv-parse counts a CRLF inside quotes as two lines: the ones read so far correct its count in errors.
  let quotedCrlf = 0;
  let rows: { record: string[]; info: { bytes: number } }[];
  try {
    const options: Options = {
      ...OPTIONS,
      // With `info`, each record comes as { record, info } (the typings say string[]).
      on_record: ((r: { record: string[] }) => {
        for (const f of r.record)
          for (let i = f.indexOf('\r\n'); i >= 0; i = f.indexOf('\r\n', i + 2)) quotedCrlf++;
        return r;
      }) as unknown as Options['on_record'],
    };
    rows = parse(bytes, options) as unknown as typeof rows;
  } catch (err) {
    throw err instanceof CsvError ? syntaxError(err, text, quotedCrlf) : err;
  }
  const records: CsvRecord[] = [];
  // The line at byte `at`: counted here, since csv-parse counts a CRLF inside quotes as two lines.
  let line = 1;
  let at = 0;
  for (const { record, info } of rows) {
    // Past the blank lines skipped before the record.
    for (; at < bytes.length; at++) {
      if (bytes[at] === LF) line++;
      else if (!(bytes[at] === CR && bytes[at + 1] === LF)) break;
    }
    records.push({ line, fields: record });
    for (let i = bytes.indexOf(LF, at); i >= 0 && i < info.bytes; i = bytes.indexOf(LF, i + 1)) line++;
    at = info.bytes;
  }
  return records;
}

function syntaxError(err: CsvError, text: string, quotedCrlf: number): CsvSyntaxError {
  const at = (err as CsvError & { lines: number }).lines - quotedCrlf;
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new CsvSyntaxError(
        'expected a closing double quote for the field opened here',
        openingLine(text),
      );
    case 'INVALID_OPENING_QUOTE':
      return new CsvSyntaxError(
        'expected no double quote inside an unquoted field (quote the whole field and write "" for a quote)',
        at,
      );
    case 'CSV_INVALID_CLOSING_QUOTE':
      return new CsvSyntaxError('expected a comma or end of line after a closing quote', at);
    default:
      return new CsvSyntaxError(err.message, at);
  }
}

/**
 * The line of the quote that opened the field left open at the end (csv-parse names the end). The
 * text before it is well formed, so quotes alternate: an opening one, then `""` pairs, then a
 * closing one.
 */
function openingLine(text: string): number {
  let inQuote = false;
  let opened = 0;
  let closedAt = -2;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) {
    if (inQuote) {
      inQuote = false;
      closedAt = i;
    } else {
      inQuote = true;
      // A quote right after a closing one is a doubled quote: the field stays open where it was.
      if (i !== closedAt + 1) opened = i;
    }
  }
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < opened; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
