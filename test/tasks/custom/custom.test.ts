import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { customTask } from '../../../src/tasks/custom/custom.js';
import type { Item } from '../../../src/tasks/types.js';
import { UserError } from '../../../src/util/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'overthink-custom-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

async function load(options: Record<string, unknown>, baseDir = dir): Promise<Item[]> {
  return customTask.load(customTask.options.parse(options), { seed: 1, baseDir });
}

/** Asserts the load fails with a UserError whose message matches `re`. */
async function fails(options: Record<string, unknown>, re: RegExp): Promise<void> {
  await assert.rejects(
    async () => load(options),
    (e: unknown) => {
      assert.ok(e instanceof UserError, String(e));
      assert.match(e.message, re);
      assert.ok(!e.message.includes('\n'), 'one-line message');
      return true;
    },
  );
}

describe('custom datasets: the paper JSONL format', () => {
  const p = file(
    'paper.jsonl',
    [
      '{"prompt": "You have a cat and a dog. How many pets?", "answer": "2", "num_distractors": 1}',
      '',
      '{"prompt": "Pick one.", "classes": ["(A) yes", "(B) no"], "answer_index": 1}',
      '{"prompt": "Who owns the zebra?", "answer": "the Spaniard", "grid_size": 5, "note": "ignored"}',
      '{"prompt": "Grade?", "answer": 7.25, "examples_per_prompt": 8}',
    ].join('\n'),
  );

  it('maps numbers, classes and strings to number, choice and exact targets', async () => {
    const items = await load({ path: p });
    assert.deepEqual(
      items.map((x) => x.target),
      [
        { kind: 'number', value: 2, tolerance: 0 },
        { kind: 'choice', options: ['(A) yes', '(B) no'], index: 1 },
        { kind: 'exact', value: 'the Spaniard' },
        { kind: 'number', value: 7.25, tolerance: 0 },
      ],
    );
    assert.deepEqual(
      items.map((x) => x.strata),
      [{ num_distractors: 1 }, {}, { grid_size: 5 }, { examples_per_prompt: 8 }],
    );
    assert.deepEqual(
      items.map((x) => x.itemId),
      ['row-0001', 'row-0002', 'row-0003', 'row-0004'],
    );
    assert.equal(items[0].taskId, 'custom:paper');
    assert.equal(items[0].prompt, 'You have a cat and a dog. How many pets?');
  });

  it('uses the name option as the task id and resolves relative paths against baseDir', async () => {
    mkdirSync(join(dir, 'sub'), { recursive: true });
    file('sub/data.jsonl', '{"id": "q1", "prompt": "p", "answer": "x"}\n');
    const items = await load({ path: 'sub/data.jsonl', name: 'my-set' });
    assert.equal(items[0].taskId, 'my-set');
    assert.equal(items[0].itemId, 'q1');
  });
});

describe('custom datasets: CSV and JSON with a field mapping', () => {
  it('reads CSV with quoted multi-line prompts, JSON classes and named strata', async () => {
    const p = file(
      'mapped.csv',
      'qid,question,gold,level,opts,ai\r\n' +
        'a,"Line one,\r\nline ""two""",42,easy,,\r\n' +
        'b,Choose,,hard,"[""red"",""blue""]",1\r\n',
    );
    const fields = {
      id: 'qid',
      prompt: 'question',
      answer: 'gold',
      classes: 'opts',
      answerIndex: 'ai',
      strata: ['level'],
    };
    const items = await load({ path: p, fields });
    assert.equal(items[0].prompt, 'Line one,\r\nline "two"');
    assert.deepEqual(items[0].target, { kind: 'number', value: 42, tolerance: 0 });
    assert.deepEqual(items[0].strata, { level: 'easy' });
    assert.equal(items[1].itemId, 'b');
    assert.deepEqual(items[1].target, { kind: 'choice', options: ['red', 'blue'], index: 1 });
    assert.deepEqual(items[1].strata, { level: 'hard' });
    // Without the index column mapped, the choice row (which starts on line 4) has no answer.
    await fails(
      { path: p, fields: { ...fields, answerIndex: undefined } },
      /mapped\.csv:4: expected 'answer_index' \(or 'gold'\) with 'opts'/,
    );
  });

  it('reads a JSON array and an {examples: [...]} object', async () => {
    const arr = file(
      'a.json',
      JSON.stringify(
        [
          { prompt: 'p1', answer: 1 },
          { prompt: 'p2', answer: 'two' },
        ],
        null,
        2,
      ),
    );
    const obj = file(
      'b.json',
      JSON.stringify({ name: 'x', examples: [{ prompt: 'p1', answer: 1 }] }, null, 2),
    );
    assert.deepEqual(
      (await load({ path: arr })).map((x) => x.target.kind),
      ['number', 'exact'],
    );
    assert.equal((await load({ path: obj }))[0].prompt, 'p1');
  });

  it('names the line of a bad record inside a JSON array', async () => {
    const p = file(
      'bad.json',
      '[\n  {"prompt": "ok", "answer": 1},\n  {"prompt": "", "answer": 2},\n  {"prompt": "x", "answer": 3}\n]\n',
    );
    await fails({ path: p }, /^.*bad\.json:3: expected a non-empty string in 'prompt'/);
    const q = file('bad2.json', '{"examples": [\n{"prompt": "ok", "answer": 1},\n\n"just a string"]}');
    await fails({ path: q }, /bad2\.json:4: expected a JSON object per record, found a string/);
  });

  it('honours an explicit format over the extension', async () => {
    const p = file('data.txt', 'prompt,answer\nhello,3\n');
    await fails({ path: p }, /cannot tell the format/);
    assert.equal((await load({ path: p, format: 'csv' }))[0].prompt, 'hello');
  });
});

describe('custom datasets: malformed input gives file:line: what was expected', () => {
  it('bad JSON on a line', async () => {
    const p = file('badline.jsonl', '{"prompt": "a", "answer": 1}\n{"prompt": "b", answer: 2}\n');
    await fails({ path: p }, /badline\.jsonl:2: expected one JSON object per line/);
  });

  it('a JSON syntax error in a .json file names its line', async () => {
    const p = file('syntax.json', '[\n {"prompt": "a", "answer": 1},\n {"prompt": "b" "answer": 2}\n]');
    await fails({ path: p }, /syntax\.json:3: expected valid JSON/);
  });

  it('missing prompt or answer', async () => {
    await fails(
      { path: file('np.jsonl', '{"answer": 1}\n') },
      /np\.jsonl:1: expected a non-empty string in 'prompt', found no such field/,
    );
    await fails(
      { path: file('na.jsonl', '{"prompt": "a"}\n\n{"prompt": "b"}\n') },
      /na\.jsonl:1: expected an answer in 'answer'/,
    );
  });

  it('answer_index out of range or not a whole number', async () => {
    const line = (i: unknown) => JSON.stringify({ prompt: 'q', classes: ['a', 'b', 'c'], answer_index: i });
    await fails(
      { path: file('oor.jsonl', `${line(0)}\n${line(3)}\n`) },
      /oor\.jsonl:2: expected 'answer_index' to be a whole number from 0 to 2, found 3/,
    );
    await fails({ path: file('neg.jsonl', line(-1)) }, /neg\.jsonl:1: .*from 0 to 2/);
    await fails({ path: file('frac.jsonl', line(1.5)) }, /frac\.jsonl:1: .*from 0 to 2/);
  });

  it('duplicate ids name both lines', async () => {
    const p = file(
      'dup.jsonl',
      '{"id": 7, "prompt": "a", "answer": 1}\n{"id": "8", "prompt": "b", "answer": 1}\n{"id": "7", "prompt": "c", "answer": 1}\n',
    );
    await fails({ path: p }, /dup\.jsonl:3: expected a unique 'id', found '7' again \(first on line 1\)/);
  });

  it('empty files, and files with only blank lines or a header', async () => {
    await fails(
      { path: file('empty.jsonl', '') },
      /empty\.jsonl:1: expected at least one record, found an empty file/,
    );
    await fails({ path: file('blank.jsonl', '\n  \n') }, /blank\.jsonl:1: expected at least one record/);
    await fails(
      { path: file('header.csv', 'prompt,answer\n') },
      /header\.csv:1: expected at least one record, found none/,
    );
    await fails(
      { path: file('emptyarr.json', '[]') },
      /emptyarr\.json:1: expected at least one record, found none/,
    );
  });

  it('invalid UTF-8 names the line of the bad byte', async () => {
    const good = Buffer.from('{"prompt": "caf\u00e9", "answer": 1}\n');
    const bad = Buffer.concat([
      good,
      Buffer.from('{"prompt": "x'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('", "answer": 1}\n'),
    ]);
    await fails(
      { path: file('latin.jsonl', bad) },
      /latin\.jsonl:2: expected UTF-8 text, found an invalid byte sequence at byte 46/,
    );
    // A well-formed file with a BOM and non-ASCII text loads.
    const ok = await load({
      path: file('bom.jsonl', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), good])),
    });
    assert.equal(ok[0].prompt, 'caf\u00e9');
  });

  it('a huge malformed line gives a short message, not a crash', async () => {
    const huge = `{"prompt": "${'x'.repeat(20_000_000)}`;
    await fails({ path: file('huge.jsonl', `{"prompt": "a", "answer": 1}\n${huge}\n`) }, /^[^\n]{0,200}$/);
    await fails(
      { path: file('deep.jsonl', `${'['.repeat(1_000_000)}\n`) },
      /deep\.jsonl:1: expected one JSON object per line/,
    );
  });

  it('a CSV row with the wrong number of fields, and an unterminated quote', async () => {
    await fails(
      { path: file('short.csv', 'prompt,answer\na,1\nb\n') },
      /short\.csv:3: expected 2 fields as in the header, found 1/,
    );
    await fails(
      { path: file('open.csv', 'prompt,answer\n"a\n\nb,1\n') },
      /open\.csv:2: expected a closing double quote/,
    );
  });

  it('classes that are not a list of strings, answers that are objects, and named strata that are missing', async () => {
    await fails(
      { path: file('cls.jsonl', '{"prompt": "q", "classes": "yes", "answer_index": 0}') },
      /cls\.jsonl:1: expected 'classes' to be a list of strings such as \['yes', 'no'\], expected a list literal/,
    );
    await fails(
      { path: file('obj.jsonl', '{"prompt": "q", "answer": {"v": 1}}') },
      /obj\.jsonl:1: expected 'answer' to be a string or number, found an object/,
    );
    await fails(
      {
        path: file('strata.jsonl', '{"prompt": "q", "answer": 1, "level": 2}\n{"prompt": "r", "answer": 1}'),
        fields: { strata: ['level'] },
      },
      /strata\.jsonl:2: expected a value in strata column 'level'/,
    );
  });

  it('a missing file', async () => {
    await fails({ path: 'nope.jsonl' }, /nope\.jsonl: cannot read the dataset \(ENOENT\)/);
  });

  it('rejects unknown options', () => {
    assert.throws(() => customTask.options.parse({ path: 'x.jsonl', colour: 'red' }));
    assert.throws(() => customTask.options.parse({ path: 'x.jsonl', fields: { question: 'q' } }));
    assert.throws(() => customTask.options.parse({}));
  });
});
