/**
 * A small RFC 4180 CSV reader: comma separated, fields optionally in double quotes, `""` for a
 * quote inside a quoted field, commas and newlines allowed inside quotes. Records may end in CRLF
 * or LF. Blank lines are skipped. It is a single loop over the text (no recursion, no regex
 * backtracking), so very long lines are just slow, never a crash.
 */

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

export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quotedFrom = 0;
  // State: at the start of a field, inside an unquoted field, inside quotes, or just after a closing quote.
  let state: 'start' | 'plain' | 'quoted' | 'closed' = 'start';
  const endRecord = () => {
    fields.push(field);
    // A blank line is one empty unquoted field: skip it rather than make an empty record.
    if (!(fields.length === 1 && fields[0] === '' && state === 'start'))
      records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (state === 'quoted') {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else state = 'closed';
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === ',') {
      fields.push(field);
      field = '';
      state = 'start';
    } else if (ch === '\n' || (ch === '\r' && text[i + 1] === '\n')) {
      if (ch === '\r') i++;
      endRecord();
      state = 'start';
      line++;
      recordLine = line;
    } else if (ch === '"') {
      if (state !== 'start') {
        throw new CsvSyntaxError(
          state === 'closed'
            ? 'expected a comma or end of line after a closing quote'
            : 'expected no double quote inside an unquoted field (quote the whole field and write "" for a quote)',
          line,
        );
      }
      state = 'quoted';
      quotedFrom = line;
    } else if (state === 'closed') {
      throw new CsvSyntaxError('expected a comma or end of line after a closing quote', line);
    } else {
      field += ch;
      state = 'plain';
    }
  }
  if (state === 'quoted')
    throw new CsvSyntaxError('expected a closing double quote for the field opened here', quotedFrom);
  if (field !== '' || fields.length > 0 || state === 'closed') endRecord();
  return records;
}
