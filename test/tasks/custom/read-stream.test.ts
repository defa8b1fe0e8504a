import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { itemsHash } from '../../../src/run/items.js';
import { readRecords } from '../../../src/tasks/custom/read.js';
import { DEFAULT_FIELDS, recordsToItems } from '../../../src/tasks/custom/records.js';
import { UserError } from '../../../src/util/errors.js';

// JSON lines are read a megabyte at a time (issue 22, part F): lines, CRLF and multi-byte
// characters that straddle a piece must come out as the whole file would give them.
const dir = mkdtempSync(join(tmpdir(), 'overthink-read-stream-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** ~3 MB of lines of varying length, with 2-, 3- and 4-byte characters, blank and CRLF lines. */
function bigLines(): string[] {
  const lines: string[] = [];
  for (let i = 0; i < 6000; i++) {
    const pad = 'é€😀x'.repeat(20 + (i % 97));
    if (i % 500 === 7) lines.push('');
    const answer = i % 3 === 0 ? '3.0' : `"${i}"`;
    lines.push(`{"id":"i-${i}","prompt":"q ${i} ${pad}","answer":${answer}}${i % 11 === 0 ? '\r' : ''}`);
  }
  return lines;
}

describe('readRecords: JSON lines read in pieces', () => {
  it('gives every record, its line and its value as the whole text does', () => {
    const lines = bigLines();
    const text = `\uFEFF${lines.join('\n')}\n`;
    const p = file('big.jsonl', text);
    const records = readRecords(p, 'jsonl');
    const expected = lines
      .map((l, i) => ({ line: i + 1, l: l.replace(/\r$/, '') }))
      .filter((x) => x.l.trim() !== '');
    assert.equal(records.length, expected.length);
    for (let i = 0; i < records.length; i++) {
      assert.equal(records[i].line, expected[i].line);
      assert.deepEqual(records[i].value, JSON.parse(expected[i].l));
    }
    // A number's token is read from the line (3.0 is not 3 to Python), so those lines keep it.
    const items = recordsToItems(records, DEFAULT_FIELDS, 't', 'big.jsonl');
    assert.equal(items[0].record?.answerText, '3.0');
    assert.equal(items[1].record?.answerText, '1');
  });

  it('reports a problem deep in the file as the whole-file read does, and in its order', () => {
    const lines = bigLines();
    lines[5000] = '{"id": broken';
    const p = file('bad.jsonl', lines.join('\n'));
    assert.throws(
      () => readRecords(p, 'jsonl', 'bad.jsonl'),
      (e: unknown) =>
        e instanceof UserError &&
        /^bad\.jsonl:5001: expected one JSON object per line, found invalid JSON/.test(e.message),
    );
    // Invalid UTF-8 later in the file is still reported before the earlier JSON error, as before.
    const bytes = Buffer.concat([
      Buffer.from(`${lines.join('\n')}\n`),
      Buffer.from([0x7b, 0xff, 0x7d, 0x0a]),
    ]);
    const q = file('bad-utf8.jsonl', bytes);
    assert.throws(
      () => readRecords(q, 'jsonl', 'bad-utf8.jsonl'),
      (e: unknown) =>
        e instanceof UserError &&
        e.message.startsWith(`bad-utf8.jsonl:${lines.length + 1}: expected UTF-8 text`),
    );
    const blank = file('blank.jsonl', '\n  \r\n\n');
    assert.throws(
      () => readRecords(blank, 'jsonl', 'blank.jsonl'),
      (e: unknown) =>
        e instanceof UserError &&
        /^blank\.jsonl:1: expected at least one record, found an empty file$/.test(e.message),
    );
  });
});

describe('itemsHash', () => {
  it('is the sha256 of the items as one JSON array', () => {
    const p = file('h.jsonl', bigLines().slice(0, 50).join('\n'));
    const items = recordsToItems(readRecords(p, 'jsonl'), DEFAULT_FIELDS, 't', 'h.jsonl');
    const whole = createHash('sha256').update(JSON.stringify(items)).digest('hex');
    assert.equal(itemsHash(items), whole);
    assert.equal(
      itemsHash(items.slice(0, 1)),
      createHash('sha256')
        .update(JSON.stringify(items.slice(0, 1)))
        .digest('hex'),
    );
  });
});
