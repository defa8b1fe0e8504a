import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { importForeign } from '../../src/import/import.js';
import { inspectFiles } from '../../src/import/inspect.js';
import { loadExperiment } from '../../src/run/load.js';
import { runExperiment } from '../../src/run/run.js';
import { closeStore, openStore } from '../../src/store/open.js';
import { rawBodyReader } from '../../src/store/raw-body.js';
import { SAMPLE_COLUMNS } from '../../src/store/samples.js';
import { SCHEMA_VERSION } from '../../src/store/schema.js';
import { sampleTexts, scoringRows } from '../../src/store/scoring-rows.js';
import {
  compactRaw,
  indexOfEscaped,
  isCompactRaw,
  PACK_MIN_CHARS,
  packText,
  rebuildRaw,
  unpackText,
} from '../../src/store/text-codec.js';
import { SampleWriter } from '../../src/store/writer.js';
import { ROOT, tempDir } from '../helpers/cli.js';
import { sampleRow } from '../helpers/sample-row.js';

const LONG = 'Count the fruit: an apple 🍎, an orange 🍊 — "two", with a \\ and a tab\t. '.repeat(40);

test('a long text is stored compressed and read back exactly; a short one, or one with a lone surrogate, stays plain', () => {
  const packed = packText(LONG);
  assert.ok(Buffer.isBuffer(packed));
  assert.ok((packed as Buffer).length < Buffer.byteLength(LONG) * 0.2);
  assert.equal(unpackText(packed), LONG);
  const short = 'x'.repeat(PACK_MIN_CHARS - 1);
  assert.equal(packText(short), short);
  assert.equal(packText(null), null);
  const lone = `${LONG}\ud800`;
  assert.equal(packText(lone), lone);
  // Text that deflate cannot shrink stays plain too.
  const noise = Array.from({ length: 2000 }, (_, i) =>
    String.fromCharCode(0x4e00 + ((i * 7919) % 20000)),
  ).join('');
  assert.equal(unpackText(packText(noise)), noise);
});

test('raw keeps only what the texts do not hold, and rebuilds byte for byte', () => {
  const answer = 'So the answer is <answer>2</answer>';
  const body = JSON.stringify({ id: 'x', content: [{ thinking: LONG }, { text: answer }], usage: { n: 1 } });
  const compact = compactRaw(body, answer, LONG);
  assert.ok(compact !== null && isCompactRaw(compact));
  assert.ok(compact.length < 120, `${compact.length} characters left`);
  assert.equal(rebuildRaw(compact, answer, LONG), body);
  // Python's json.dumps (ensure_ascii): non-ASCII as lowercase \u escapes, surrogate pairs as two.
  const ascii = body.replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  const c2 = compactRaw(ascii, answer, LONG);
  assert.ok(isCompactRaw(c2));
  assert.equal(rebuildRaw(c2, answer, LONG), ascii);
  // The answer also inside the reasoning: the first cut takes the reasoning, the answer is cut after.
  const inside = JSON.stringify({ r: `${LONG}${answer}`, t: answer });
  assert.equal(
    rebuildRaw(compactRaw(inside, answer, `${LONG}${answer}`), answer, `${LONG}${answer}`),
    inside,
  );
});

test('a raw body that holds the marker, or none of the texts, or escapes them otherwise, is kept whole', () => {
  const marked = JSON.stringify({ t: LONG }).replace('{', '{\u0001');
  assert.equal(compactRaw(marked, null, LONG), marked);
  const elsewhere = JSON.stringify({ other: 'nothing of the texts' });
  assert.equal(compactRaw(elsewhere, 'an answer of some length', LONG), elsewhere);
  // Escaped as neither JSON.stringify nor ensure_ascii does (\/ for /): not found, kept whole.
  const slashes = JSON.stringify({ t: 'a/b/c/d/e/f/g/h/i/j/k' }).replaceAll('/', '\\/');
  assert.equal(compactRaw(slashes, 'a/b/c/d/e/f/g/h/i/j/k', null), slashes);
  assert.equal(compactRaw(null, 'x', 'y'), null);
  assert.equal(rebuildRaw('{"plain":1}', null, null), '{"plain":1}');
});

/** The two escapings as the reader applies them (text-codec.js ESCAPINGS), written out again here. */
const ESCAPE = {
  j: (s: string) => JSON.stringify(s).slice(1, -1),
  a: (s: string) =>
    JSON.stringify(s)
      .slice(1, -1)
      .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
};

/** The answer indexOfEscaped must give: where the whole escaped text first occurs. */
function expected(body: string, text: string, flag: 'j' | 'a'): [number, number] | undefined {
  const e = ESCAPE[flag](text);
  const at = body.indexOf(e);
  return at < 0 ? undefined : [at, at + e.length];
}

test('the escaped text is found in place exactly where escaping it whole would find it', () => {
  let x = 12345;
  const rnd = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
  // Escapes of every kind, non-ASCII, a pair, U+2028, DEL, the marker, and '/', which neither escapes.
  const alphabet = [
    'a',
    'b',
    ' ',
    '"',
    '\\',
    '\n',
    '\t',
    '\u0001',
    '\u001f',
    'é',
    '中',
    '🍎',
    '\u2028',
    '/',
    '\u007f',
  ];
  const pick = (n: number) =>
    Array.from({ length: n }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
  let compared = 0;
  for (let t = 0; t < 3000; t++) {
    // Random texts, and periodic ones whose start recurs everywhere (many candidates).
    const text = rnd() < 0.5 ? pick(16 + Math.floor(rnd() * 120)) : 'ab'.repeat(8 + Math.floor(rnd() * 60));
    if (/[\ud800-\udfff]/.test(text.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) continue; // a lone surrogate: never cut
    for (const flag of ['j', 'a'] as const) {
      const e = ESCAPE[flag](text);
      const other = ESCAPE[flag === 'j' ? 'a' : 'j'](text);
      // Near misses before the real thing: a cut-off copy, the other escaping, noise, then the text.
      const parts = [pick(5), e.slice(0, Math.floor(rnd() * e.length)), other, pick(3), e, pick(4), e];
      const body = parts.slice(0, 1 + Math.floor(rnd() * parts.length)).join('');
      assert.deepEqual(
        indexOfEscaped(body, text, flag),
        expected(body, text, flag),
        JSON.stringify({ text, flag, body }),
      );
      compared++;
    }
  }
  assert.ok(compared > 5000, `${compared} compared`);
  // More near misses than it tries in place, and a text too dense with escapes to compare piece by
  // piece: both escape the text whole, with the same answer.
  const periodic = 'ab'.repeat(200);
  const many = `${'ab'.repeat(500)}c${periodic}`;
  assert.deepEqual(indexOfEscaped(many, periodic, 'j'), expected(many, periodic, 'j'));
  const none = `${'ab'.repeat(150)}c`.repeat(12);
  assert.equal(expected(none, periodic, 'j'), undefined);
  assert.equal(indexOfEscaped(none, periodic, 'j'), undefined);
  const dense = '"\n'.repeat(400);
  const denseBody = `{"x":"${ESCAPE.j(dense)}"}`;
  assert.deepEqual(indexOfEscaped(denseBody, dense, 'j'), [6, denseBody.length - 2]);
});

test('adversarial bodies: the texts twice, a key inside a string, escapes and unicode rebuild byte for byte', () => {
  const reasoning =
    'Step 1: "quote" and \\ back\nslash\ttab — é 中 🍎, then "reasoning_content": "fake" inside.';
  const answer = 'The answer is <answer>2</answer> "quoted"';
  const bodies = [
    // The reasoning twice (the first one is cut), and the answer inside the reasoning's copy.
    JSON.stringify({ r: reasoning, again: reasoning, t: answer }),
    JSON.stringify({ note: `${reasoning}${answer}`, reasoning_content: reasoning, content: answer }),
    // A key and a closing quote inside a string value, before the real field.
    JSON.stringify({ s: '"reasoning_content":"Step 1: ', reasoning_content: reasoning, content: answer }),
    // Python's ensure_ascii escaping of the same body.
    JSON.stringify({ reasoning_content: reasoning, content: answer }).replace(
      /[\u0080-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    ),
    // Escaped otherwise than either escaping ('\/' and an upper-case \u): kept whole.
    JSON.stringify({ reasoning_content: reasoning }).replace('—', '\\u2014'.toUpperCase()),
  ];
  for (const body of bodies) {
    const compact = compactRaw(body, answer, reasoning);
    assert.equal(rebuildRaw(compact, answer, reasoning), body, body);
  }
  assert.ok(isCompactRaw(compactRaw(bodies[0], answer, reasoning)));
  assert.equal(compactRaw(bodies[4], answer, reasoning), bodies[4]);
});

test('sim samples: every raw body rebuilds to what the runner handed the store', async () => {
  const db = join(tempDir('ovt-codec-'), 's.db');
  const loaded = loadExperiment({
    overrides: {
      models: ['sim:peaked'],
      tasks: ['misleading-math'],
      budgets: [0, 1024, 16384],
      trials: 1,
      limit: 10,
      scheduler: { chunk: 512, agree: 2 },
    } as never,
  });
  const sent = new Map<string, string | null>();
  const r = await runExperiment(loaded, {
    db,
    progress: false,
    onSample: (row) => sent.set(row.key, row.raw),
  });
  const store = openStore(db, { readonly: true });
  try {
    const read = rawBodyReader(store);
    assert.equal(sent.size, 40);
    let compact = 0;
    for (const [key, raw] of sent) {
      assert.equal(read(key), raw, key);
      if (isCompactRaw(store.prepare('SELECT raw FROM samples WHERE key = ?').pluck().get(key))) compact++;
    }
    // A simulator's body holds none of its texts (provider.ts): nothing to cut, kept whole.
    assert.equal(compact, 0);
    assert.equal(r.status, 'complete');
  } finally {
    closeStore(store);
  }
});

test('imported samples: raw bodies rebuild, and importing again finds them the same (no conflict)', async () => {
  const db = join(tempDir('ovt-codec-'), 's.db');
  const files = () => inspectFiles([join(ROOT, 'test/fixtures/inspect/sweep-claude')], {});
  const [first] = await importForeign(files(), { db });
  assert.equal(first.added, 60);
  const store = openStore(db, { readonly: true });
  try {
    const read = rawBodyReader(store);
    const keys = store.prepare('SELECT key FROM samples').pluck().all() as string[];
    for (const k of keys) {
      const body = JSON.parse(read(k) ?? 'null') as { imported?: { digest?: string } };
      assert.equal(typeof body.imported?.digest, 'string');
    }
  } finally {
    closeStore(store);
  }
  const [again] = await importForeign(files(), { db });
  assert.equal(again.added, 0);
});

test('a v9 store migrates to the current schema without a rewrite, and its plain rows read beside packed ones', () => {
  const file = join(tempDir('ovt-codec-'), 's.db');
  let db = openStore(file);
  const old = sampleRow('old', { text: LONG, reasoning_text: LONG, raw: JSON.stringify({ r: LONG }) });
  // A row as v9 wrote it: every column plain TEXT.
  db.prepare(
    `INSERT INTO samples (${SAMPLE_COLUMNS.join(', ')}) VALUES (${SAMPLE_COLUMNS.map(() => '?').join(', ')})`,
  ).run(SAMPLE_COLUMNS.map((c) => old[c]));
  db.prepare("UPDATE meta SET value = '9' WHERE key = 'schema_version'").run();
  closeStore(db);
  const ro = openStore(file, { readonly: true });
  assert.equal(sampleTexts(ro)('old')?.reasoning, LONG, 'read-only, before any migration');
  closeStore(ro);
  db = openStore(file);
  try {
    assert.equal(
      db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get(),
      String(SCHEMA_VERSION),
    );
    assert.equal(
      db.prepare("SELECT typeof(reasoning_text) FROM samples WHERE key = 'old'").pluck().get(),
      'text',
    );
    const w = new SampleWriter(db);
    w.add(sampleRow('new', { text: LONG, reasoning_text: LONG, raw: JSON.stringify({ r: LONG }) }));
    w.close();
    assert.equal(
      db.prepare("SELECT typeof(reasoning_text) FROM samples WHERE key = 'new'").pluck().get(),
      'blob',
    );
    const rows = [...scoringRows(db, 'r', { reasoningText: true, importedScores: false })];
    assert.deepEqual(rows.map((r) => [r.key, r.text === LONG, r.reasoningText === LONG]).sort(), [
      ['new', true, true],
      ['old', true, true],
    ]);
    const read = rawBodyReader(db);
    assert.equal(read('old'), old.raw);
    assert.equal(read('new'), old.raw);
  } finally {
    closeStore(db);
  }
});
