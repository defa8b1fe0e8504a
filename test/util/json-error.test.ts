import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonErrorOffset, lineColOf } from '../../src/util/json-error.js';
import { Rng } from '../../src/util/rng.js';

const valid = [
  '{}',
  '[]',
  ' {"a": [1, 2.5, -3e+2, true, false, null, "x\\u00e9\\n"]} ',
  '"just a string"',
  '0',
  '[[[[[]]]]]',
  '{"a": {"b": {"c": []}}, "d": ""}',
];
const invalid: [string, number][] = [
  ['', 0],
  ['{', 1],
  ['{"a": 1,}', 8],
  ['[1, 2,]', 6],
  ['{"a" 1}', 5],
  ['{"a": }', 6],
  ['[1 2]', 3],
  ['{"a": 1} x', 9],
  ['[01]', 2],
  ['["a\tb"]', 1],
  ['["\\x"]', 1],
  ['{a: 1}', 1],
  ['[tru]', 1],
  ['{"a": 1]', 7],
  ['[1}', 2],
  ["['x']", 1],
  ['"unterminated', 0],
];

test('valid JSON has no error offset', () => {
  for (const t of valid) assert.equal(jsonErrorOffset(t), undefined, t);
});

test('invalid JSON: the offset of the first fault', () => {
  for (const [t, at] of invalid) assert.equal(jsonErrorOffset(t), at, t);
});

test('agrees with JSON.parse on valid/invalid for random mutations', () => {
  const rng = new Rng(5);
  const base = JSON.stringify({ a: [1, 2, { b: 'c"d', e: null }], f: -1.5e3, g: true });
  const alphabet = '{}[]:,"\\ 0123456789.-eEtrufalsn\n';
  for (let k = 0; k < 3000; k++) {
    const chars = [...base];
    for (let m = rng.int(1, 3); m > 0; m--) {
      const at = rng.int(0, chars.length - 1);
      const op = rng.int(0, 2);
      if (op === 0) chars.splice(at, 1);
      else if (op === 1) chars.splice(at, 0, rng.pick([...alphabet]));
      else chars[at] = rng.pick([...alphabet]);
    }
    const t = chars.join('');
    let ok = true;
    try {
      JSON.parse(t);
    } catch {
      ok = false;
    }
    assert.equal(jsonErrorOffset(t) === undefined, ok, t);
  }
});

test('deep nesting does not overflow', () => {
  assert.equal(jsonErrorOffset('['.repeat(200_000) + ']'.repeat(200_000)), undefined);
  assert.equal(jsonErrorOffset('['.repeat(200_000)), 200_000);
});

test('lineColOf', () => {
  assert.deepEqual(lineColOf('ab\ncd\nef', 0), { line: 1, col: 1 });
  assert.deepEqual(lineColOf('ab\ncd\nef', 4), { line: 2, col: 2 });
  assert.deepEqual(lineColOf('ab\ncd\nef', 6), { line: 3, col: 1 });
});
