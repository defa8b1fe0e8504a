import { Mt19937 } from '../../util/mt19937.js';

/**
 * The row positions `DataFrame.sample(n, random_state=seed)` picks: pandas calls numpy's legacy
 * `RandomState(seed).choice(len, size=n, replace=False)`, which is `permutation(len)[:n]`, a
 * Fisher-Yates shuffle drawing each swap with `random_interval` (masked rejection sampling on
 * 32-bit Mersenne Twister outputs, the generator seeded by init_genrand). The paper's grades
 * creator samples its 500 students this way.
 */
export function pandasSampleRows(length: number, n: number, seed: number): number[] {
  if (n > length) throw new RangeError('cannot take a larger sample than the table');
  const mt = Mt19937.fromWord(seed);
  const order = Array.from({ length }, (_, i) => i);
  for (let i = length - 1; i > 0; i--) {
    const j = randomInterval(mt, i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order.slice(0, n);
}

/** Uniform in [0, max]: the smallest all-ones mask covering max, redrawn until within range. */
function randomInterval(mt: Mt19937, max: number): number {
  let mask = max;
  mask |= mask >>> 1;
  mask |= mask >>> 2;
  mask |= mask >>> 4;
  mask |= mask >>> 8;
  mask |= mask >>> 16;
  for (;;) {
    const v = (mt.nextUint32() & mask) >>> 0;
    if (v <= max) return v;
  }
}
