/**
 * Checks the shape test and the gate's no-decline-from-best on simulated ground truth, with the same
 * machinery as `overthink power --profile` (in memory: no store, no HTTP). For each sim profile,
 * `--sims` sweeps of 6 budgets × 3 trials × 200 fresh items; prints a Markdown table of how often
 * each shape was named and how often the rule failed, with 95% Wilson intervals, for docs/methods.md.
 *
 *   nice node --import tsx scripts/shape-calibration.ts --sims 2000 --profiles flat,peaked,dip,positive,inverse
 */
import { parseArgs } from 'node:util';
import { shapePower } from '../src/analysis/shape-power.js';
import { wilson } from '../src/analysis/stats.js';
import { SIM_PROFILES } from '../src/providers/sim/profiles.js';

const { values } = parseArgs({
  options: {
    sims: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    items: { type: 'string', default: '200' },
    trials: { type: 'string', default: '3' },
    epsilon: { type: 'string', default: '0.02' },
    profiles: { type: 'string', default: 'flat,peaked,dip,positive,inverse' },
  },
});
const sims = Number(values.sims);
const budgets = [0, 1024, 2048, 4096, 8192, 16384];
const shapes = ['flat', 'rise', 'decline', 'peaked', 'dip', 'noisy'] as const;
const rate = (k: number) => {
  const { lo, hi } = wilson(k, sims);
  return `${((k / sims) * 100).toFixed(1)}% [${(lo * 100).toFixed(1)}, ${(hi * 100).toFixed(1)}]`;
};

const lines = [
  `${sims} simulated sweeps per profile · budgets ${budgets.join(', ')} · ${values.trials} trials × ${values.items} items · seed ${values.seed} · no-decline-from-best ε ${values.epsilon} · share [95% Wilson interval]`,
  '',
  `| profile | ${shapes.join(' | ')} | not flat | gate fails | seconds |`,
  `|---|${shapes.map(() => '---').join('|')}|---|---|---|`,
];
for (const name of values.profiles.split(',')) {
  const profile = SIM_PROFILES[name];
  if (!profile) throw new Error(`unknown profile ${name}`);
  const t0 = performance.now();
  const r = shapePower({
    profile,
    budgets,
    items: Number(values.items),
    trials: Number(values.trials),
    sims,
    seed: Number(values.seed),
    epsilon: Number(values.epsilon),
    onProgress: (d, n) => {
      if (d % 100 === 0 || d === n) process.stderr.write(`\r${name}: ${d}/${n}${d === n ? '\n' : ''}`);
    },
  });
  const seconds = ((performance.now() - t0) / 1000).toFixed(0);
  lines.push(
    `| sim:${name} | ${shapes.map((s) => rate(r.counts[s])).join(' | ')} | ${rate(sims - r.counts.flat)} | ${rate(r.gateFails)} | ${seconds} |`,
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
