import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Mt19937 } from '../../src/util/mt19937.js';
import { PyRandom } from '../../src/util/py-random.js';
import { PyFloat, pyFixed, pyFloatRepr, pyJsonDumps, pyStr, pyStrip } from '../../src/util/py-text.js';

/** Made by Python itself: test/fixtures/paper-goldens/make-goldens.py. */
const golden = JSON.parse(
  readFileSync(new URL('../fixtures/paper-goldens/python-builtins.json', import.meta.url), 'utf8'),
) as {
  random: {
    seed: number;
    random: number[];
    getrandbits: number[];
    randint: number[];
    choice: string[];
    uniform: number[];
    sampleSmall: number[][];
    sampleLarge: number[][];
  }[];
  floats: { hex: string; repr: string; f2: string; f0: string }[];
};

/** Python's float.hex() back to the exact double. */
function fromHex(h: string): number {
  const m = /^(-?)0x([01])\.([0-9a-f]+)p([+-]\d+)$/.exec(h);
  if (!m) return h.startsWith('-') ? -0 : 0;
  const v = (Number.parseInt(m[2] + m[3], 16) / 16 ** m[3].length) * 2 ** Number(m[4]);
  return m[1] ? -v : v;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("Python's random, draw for draw", () => {
  for (const g of golden.random) {
    it(`seed ${g.seed}: random, getrandbits, randint, choice, uniform, sample`, () => {
      const r = new PyRandom(g.seed);
      assert.deepEqual(
        range(5).map(() => r.random()),
        g.random,
      );
      assert.deepEqual(
        range(32).map((i) => r.getrandbits(i + 1)),
        g.getrandbits,
      );
      assert.deepEqual(
        range(20).map(() => r.randint(-3, 1000)),
        g.randint,
      );
      assert.deepEqual(
        range(20).map(() => r.choice([...'abcdefghij'])),
        g.choice,
      );
      assert.deepEqual(
        range(10).map(() => r.uniform(1, 50)),
        g.uniform,
      );
      // Small pools take the pool branch of sample(), large ones the set branch.
      assert.deepEqual(
        [0, 1, 5, 8, 20].map((k) => r.sample(range(20), k)),
        g.sampleSmall,
      );
      assert.deepEqual(
        [8, 16, 64].map((k) => r.sample(range(499), k)),
        g.sampleLarge,
      );
    });
  }

  it('MT19937 from one word matches the reference output of init_genrand(5489)', () => {
    // The first output of the reference generator's default seed (mt19937ar.c): 3499211612.
    assert.equal(Mt19937.fromWord(5489).nextUint32(), 3499211612);
  });

  it('refuses what Python refuses', () => {
    const r = new PyRandom(1);
    assert.throws(() => r.choice([]), /empty sequence/);
    assert.throws(() => r.sample([1, 2], 3), /larger than population/);
  });
});

describe("Python's text forms of numbers and JSON", () => {
  it(`repr(), format(x, '.2f') and format(x, '.0f') of ${golden.floats.length} doubles`, () => {
    for (const f of golden.floats) {
      const x = fromHex(f.hex);
      assert.equal(pyFloatRepr(x), f.repr, f.hex);
      assert.equal(pyFixed(x, 2), f.f2, f.hex);
      assert.equal(pyFixed(x, 0), f.f0, f.hex);
    }
  });

  it('str() and json.dumps keep floats as floats and use Python separators', () => {
    assert.equal(pyStr(new PyFloat(3)), '3.0');
    assert.equal(pyStr(3), '3');
    assert.equal(pyStr(true), 'True');
    assert.equal(pyStr(null), 'None');
    assert.equal(
      pyJsonDumps({ a: [1, new PyFloat(2), 'é\n"'], b: null, c: 0.1 }),
      '{"a": [1, 2.0, "é\\n\\""], "b": null, "c": 0.1}',
    );
  });

  it("strip() takes Python's whitespace, not JavaScript's", () => {
    assert.equal(pyStrip('\x1c\x85 a b\u3000\t'), 'a b');
    assert.equal(pyStrip('\ufeffa\ufeff'), '\ufeffa\ufeff');
  });
});
