import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { KeySet } from '../../src/store/key-set.js';

const key = (i: number) => createHash('sha256').update(String(i)).digest('hex').slice(0, 32);

test('holds exactly the keys added, through several growths', () => {
  const s = new KeySet(4);
  for (let i = 0; i < 20_000; i += 2) s.add(key(i));
  assert.equal(s.size, 10_000);
  for (let i = 0; i < 20_000; i++) assert.equal(s.has(key(i)), i % 2 === 0, `key ${i}`);
  s.add(key(0)).add(key(2));
  assert.equal(s.size, 10_000, 'adding twice counts once');
});

test('keys differing only in their last word, or sharing a slot, stay apart', () => {
  const s = new KeySet();
  const a = 'abcdef01'.repeat(3) + '00000001';
  const b = 'abcdef01'.repeat(3) + '00000002';
  s.add(a);
  assert.ok(s.has(a));
  assert.ok(!s.has(b));
  s.add(b);
  assert.ok(s.has(b));
  assert.equal(s.size, 2);
});

test('the all-zero key, hex case and other strings are handled exactly', () => {
  const s = new KeySet();
  const zero = '0'.repeat(32);
  assert.ok(!s.has(zero));
  s.add(zero);
  assert.ok(s.has(zero));
  const upper = 'ABCDEF01'.repeat(4);
  s.add(upper).add('short').add('g'.repeat(32));
  assert.ok(s.has(upper) && s.has('short') && s.has('g'.repeat(32)));
  assert.ok(s.has(upper.toLowerCase()), 'hex digits name the same key in either case, as for unhex()');
  assert.ok(!s.has('shorT') && !s.has('g'.repeat(31)));
  assert.equal(s.size, 4);
});

test('digests added as bytes are the keys added as hex', () => {
  const s = new KeySet();
  const keys = Array.from({ length: 300 }, (_, i) => key(i));
  s.addDigests(Buffer.from(keys.join(''), 'hex'));
  assert.equal(s.size, 300);
  for (const k of keys) assert.ok(s.has(k));
  assert.ok(!s.has(key(300)));
  s.add(keys[0]);
  assert.equal(s.size, 300);
});
