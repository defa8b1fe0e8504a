import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonForScript, jsonForScriptPieces } from '../../src/util/html.js';

test('jsonForScript: no <, >, &, U+2028/2029 or lone surrogates survive, and the JSON round-trips', () => {
  const value = {
    a: '</script><!-- x --> & y',
    b: 'line\u2028sep\u2029para',
    c: ['lone \ud800 high', 'lone \udc00 low', 'pair 😀'],
    d: 12.5,
  };
  const out = jsonForScript(value);
  assert.doesNotMatch(out, /[<>&\u2028\u2029]/);
  assert.doesNotMatch(out, /[\ud800-\udfff]/u);
  assert.match(out, /\\u003c\/script\\u003e\\u003c!-- x --\\u003e \\u0026 y/);
  assert.deepEqual(JSON.parse(out), value);
  assert.equal(jsonForScript('a<b'), '"a\\u003cb"');
});

test('jsonForScriptPieces joins to exactly jsonForScript, whatever the value holds', () => {
  class Point {
    constructor(readonly x: number) {}
  }
  const values: unknown[] = [
    { v: 1, s: { m: [1, 2], txt: ['</script><b>', 'a\u2028b & c'] }, skip: undefined, f: () => 1, n: null },
    { '2': 'b', '1': 'a', nested: { deeper: { x: '<>' }, empty: {} }, arr: [{ y: undefined }, undefined] },
    { date: new Date(0), point: new Point(3), map: new Map([[1, 2]]), big: 'é…😀'.repeat(3) },
    { withToJSON: { toJSON: () => 'replaced' } },
    [1, 'two', { three: 3 }],
    'plain <string>',
    42,
    null,
  ];
  for (const v of values) {
    const pieces = [...jsonForScriptPieces(v, '<open>', '<close>')];
    assert.equal(pieces.join(''), `<open>${jsonForScript(v)}<close>`);
  }
  // A plain object comes out member by member, so no piece holds the whole.
  assert.ok([...jsonForScriptPieces({ a: [1], b: [2] })].length > 3);
});

test('a long array of strings, numbers, booleans and nulls comes out a slice at a time, joining to exactly the whole', () => {
  const texts = (n: number) =>
    Array.from({ length: n }, (_, i) => (i % 7 === 0 ? `</script> ${i} \u2028é😀` : `t${i}`));
  const mixed = Array.from(
    { length: 3000 },
    (_, i) => [i, -0, 1.5e300, Number.NaN, Infinity, null, true, 'x<'][i % 8],
  );
  const holes = texts(2100);
  delete holes[5];
  delete holes[2099];
  for (const n of [0, 1, 1023, 1024, 1025, 2048, 2049, 5000]) {
    const v = { s: { txt: texts(n), k: Array.from({ length: n }, (_, i) => i * 3) } };
    assert.equal([...jsonForScriptPieces(v)].join(''), jsonForScript(v), `${n} elements`);
  }
  for (const v of [mixed, holes, { mixed, holes }])
    assert.equal([...jsonForScriptPieces(v)].join(''), jsonForScript(v));
  // No piece holds the column whole: each is at most one slice's worth.
  const column = texts(10_000);
  const whole = jsonForScript(column).length;
  const pieces = [...jsonForScriptPieces({ column })];
  assert.ok(pieces.length > 10, `${pieces.length} pieces`);
  assert.ok(Math.max(...pieces.map((p) => p.length)) < whole / 8, 'a piece holds most of the column');
  // An array holding anything else (an object, undefined: JSON.stringify treats them by position) stays whole.
  for (const odd of [{ y: 1 }, undefined, new Date(0)]) {
    const arr = [...texts(2000), odd];
    const out = [...jsonForScriptPieces({ arr })];
    assert.equal(out.join(''), jsonForScript({ arr }));
    assert.ok(
      out.some((p) => p.length >= jsonForScript(arr).length),
      'kept whole',
    );
  }
});
