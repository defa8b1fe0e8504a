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
