import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CsvSyntaxError, parseCsv } from '../../../src/tasks/custom/csv.js';

const fields = (text: string) => parseCsv(text).map((r) => r.fields);

describe('parseCsv (RFC 4180)', () => {
  it('reads plain records with LF or CRLF endings, with or without a final newline', () => {
    assert.deepEqual(fields('a,b\n1,2\n'), [
      ['a', 'b'],
      ['1', '2'],
    ]);
    assert.deepEqual(fields('a,b\r\n1,2'), [
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps commas, doubled quotes and newlines inside quoted fields, and empty fields', () => {
    const recs = parseCsv('id,prompt\n1,"Hello, ""world""\nsecond line"\n2,\n3,""\n');
    assert.deepEqual(
      recs.map((r) => r.fields),
      [
        ['id', 'prompt'],
        ['1', 'Hello, "world"\nsecond line'],
        ['2', ''],
        ['3', ''],
      ],
    );
    // Records report the line they start on, counting newlines inside quotes.
    assert.deepEqual(
      recs.map((r) => r.line),
      [1, 2, 4, 5],
    );
  });

  it('skips blank lines but keeps a line that is a single quoted empty field', () => {
    assert.deepEqual(fields('a\n\n1\n\n'), [['a'], ['1']]);
    assert.deepEqual(fields('a\n""\n'), [['a'], ['']]);
  });

  it('keeps spaces and a CR that is not part of CRLF', () => {
    assert.deepEqual(fields(' a , b\n'), [[' a ', ' b']]);
    assert.deepEqual(fields('a\rb\n'), [['a\rb']]);
  });

  it('reports an unterminated quote at the line where the field opened', () => {
    assert.throws(
      () => parseCsv('a,b\n1,"open\nstill open\n'),
      (e: unknown) => e instanceof CsvSyntaxError && e.line === 2 && /closing double quote/.test(e.message),
    );
  });

  it('rejects a stray quote in an unquoted field and text after a closing quote', () => {
    assert.throws(
      () => parseCsv('a\nab"c\n'),
      (e: unknown) => e instanceof CsvSyntaxError && e.line === 2,
    );
    assert.throws(
      () => parseCsv('a\n"ab"c\n'),
      (e: unknown) => e instanceof CsvSyntaxError && e.line === 2,
    );
  });

  it('handles a multi-megabyte field without trouble', () => {
    const big = 'x'.repeat(5_000_000);
    const recs = parseCsv(`a,b\n"${big}",1\n`);
    assert.equal(recs[1].fields[0].length, 5_000_000);
    assert.equal(recs[1].fields[1], '1');
  });
});
