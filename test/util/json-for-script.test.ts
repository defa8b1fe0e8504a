import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonForScript } from '../../src/util/html.js';

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
