/**
 * Calibration of parallel vs sequential (docs/methods.md, "Parallel vs sequential at matched
 * compute") on simulated ground truth, with the machinery of `overthink power --parallel`. A null
 * profile (sim:flat with every answer tagged and none cut off: majority@2 with fair ties then equals
 * one sample exactly) gives the false-positive rate; sim:inverse and sim:peaked give power; every
 * profile gives the coverage of the 95% interval against the true difference.
 *
 *   nice node --import tsx scripts/parallel-calibration.ts --sims 400
 */
import { parseArgs } from 'node:util';
import { parallelPower } from '../src/analysis/parallel-power.js';
import { wilson } from '../src/analysis/stats.js';
import { SIM_PROFILES } from '../src/providers/sim/profiles.js';

const { values } = parseArgs({
  options: {
    sims: { type: 'string', default: '400' },
    seed: { type: 'string', default: '1' },
  },
});
const sims = Number(values.sims);
const profiles = {
  'flat, clean answers (null)': { ...SIM_PROFILES.flat, missingTagRate: 0, truncationRate: 0 },
  'sim:flat': SIM_PROFILES.flat,
  'sim:inverse': SIM_PROFILES.inverse,
  'sim:peaked': SIM_PROFILES.peaked,
};
const rate = (x: number) => {
  const { lo, hi } = wilson(Math.round(x * sims), sims);
  return `${(x * 100).toFixed(1)}% [${(lo * 100).toFixed(1)}, ${(hi * 100).toFixed(1)}]`;
};
console.log('| profile | budgets | items × trials | k | true difference | interval excludes 0 | coverage |');
console.log('|---|---|---|---|---|---|---|');
for (const [name, profile] of Object.entries(profiles))
  for (const [budget, against] of [
    [2048, 4096],
    [1024, 4096],
  ])
    for (const cell of parallelPower({
      profile,
      budget,
      against,
      items: [100, 300],
      trials: [3],
      sims,
      seed: Number(values.seed),
    }))
      console.log(
        `| ${name} | ${budget} → ${against} | ${cell.items} × ${cell.trials} | ${cell.k} | ${(cell.truth * 100).toFixed(1)} pts | ${rate(cell.power)} | ${rate(cell.coverage)} |`,
      );
