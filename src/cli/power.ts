import type { Command } from 'commander';
import { parallelPower } from '../analysis/parallel-power.js';
import { type PowerCell, powerTable } from '../analysis/power.js';
import { type ShapePowerResult, shapePower } from '../analysis/shape-power.js';
import { SIM_PROFILES } from '../providers/sim/profiles.js';
import { UserError } from '../util/errors.js';
import { alignColumns } from '../util/terminal.js';
import { say } from './output.js';

function numbers(flag: string, s: string, integer: boolean): number[] {
  const xs = s.split(',').map((x) => Number(x.trim()));
  if (xs.length === 0 || xs.some((x) => !Number.isFinite(x) || (integer && (!Number.isInteger(x) || x < 1))))
    throw new UserError(
      `${flag}: expected a comma-separated list of ${integer ? 'positive whole numbers' : 'numbers'}, got '${s}'`,
    );
  return xs;
}

function one(flag: string, s: string, lo: number, hi: number): number {
  const x = Number(s);
  if (!Number.isFinite(x) || x < lo || x > hi)
    throw new UserError(`${flag}: expected a number from ${lo} to ${hi}, got '${s}'`);
  return x;
}

export function register(program: Command): void {
  program
    .command('power')
    .description(
      'How many items × trials are needed to detect a given accuracy drop, by simulation with the sim models.',
    )
    .option('--drop <x>', 'accuracy drop to detect, as a share (0.05 = 5 points)', '0.05')
    .option('--base <x>', 'accuracy of an average item at the smallest budget', '0.9')
    .option(
      '--budgets <list>',
      'budgets: the smallest and largest compared (default 0,16384); with --profile, every budget of the sweep (default 0,1024,2048,4096,8192,16384)',
    )
    .option(
      '--profile <sim>',
      'shape mode: sweeps of a sim profile (flat, peaked, dip, inverse, positive) through the shape test and no-decline-from-best',
    )
    .option('--epsilon <x>', 'shape mode: the no-decline-from-best tolerance (a share)', '0.02')
    .option(
      '--parallel',
      'parallel vs sequential mode: majority@k at the first of --budgets against one sample at the second, on --profile',
    )
    .option('--items <list>', 'item counts to try', '50,100,200,400,800')
    .option('--trials <list>', 'trials per item and budget to try', '1,3')
    .option('--power <x>', 'target power', '0.8')
    .option('--alpha <x>', 'significance level (two-sided)', '0.05')
    .option('--sims <n>', 'simulated sweeps per cell (more = a steadier estimate, slower)', '100')
    .option('--item-spread <x>', 'sd of per-item difficulty on the logit scale (sim default 0.6)')
    .option('--seed <n>', 'seed', '1')
    .option('--json', 'print the table as JSON')
    .addHelpText(
      'after',
      `
Each cell simulates --sims sweeps of the two budgets with a sim reasoner whose average item drops from
--base to --base minus --drop, and counts how often the report's paired per-item test (sign-flip
permutation, or McNemar with one trial) finds the decline at --alpha. Items differ in difficulty, so
extra trials help less than extra items. Power estimates carry their own simulation error (shown ±).

With --profile, each cell simulates --sims whole sweeps of that sim profile at every budget and
counts how often the shape test names each shape and how often the gate's no-decline-from-best
fails: on sim:flat every label but flat is a false positive, on sim:peaked the peaked label and the
failing rule are the power.

Examples:
  overthink power --drop 0.1 --items 25,50,100,200 --trials 1,3,5
  overthink power --profile peaked --items 100,200 --trials 3 --sims 200
  overthink power --parallel --profile inverse --budgets 2048,4096 --items 100,300 --trials 2,3`,
    )
    .action((f: Record<string, string | boolean | undefined>) => {
      if (f.parallel) return parallelMode(f);
      if (f.profile !== undefined) return shapeMode(f);
      const budgets = numbers('--budgets', String(f.budgets ?? '0,16384'), false);
      if (budgets.length !== 2 || budgets.some((b) => b < 0 || !Number.isInteger(b)))
        throw new UserError(`--budgets: expected two whole numbers 'smallest,largest', got '${f.budgets}'`);
      const target = one('--power', String(f.power), 0.01, 0.999);
      const opts = {
        base: one('--base', String(f.base), 0.01, 0.99),
        drop: one('--drop', String(f.drop), -0.99, 0.99),
        low: Math.min(...budgets),
        high: Math.max(...budgets),
        items: numbers('--items', String(f.items), true),
        trials: numbers('--trials', String(f.trials), true),
        sims: one('--sims', String(f.sims), 10, 100000),
        alpha: one('--alpha', String(f.alpha), 1e-6, 0.5),
        seed: one('--seed', String(f.seed), 0, 2 ** 32 - 1),
        itemSpread: f.itemSpread === undefined ? undefined : one('--item-spread', String(f.itemSpread), 0, 5),
        // A redrawn line on a terminal; in a CI log only the final count (\r would make one long line).
        onProgress:
          f.json || !process.stderr.isTTY
            ? undefined
            : (d: number, t: number) =>
                process.stderr.write(`\rsimulating ${d}/${t} sweeps${d === t ? '\n' : ''}`),
      };
      const cells = powerTable(opts);
      if (f.json)
        return void process.stdout.write(
          `${JSON.stringify({ ...opts, onProgress: undefined, target, cells })}\n`,
        );
      for (const line of powerText(cells, opts, target)) say(line);
    });
}

/**
 * `power --parallel`: how often the report's parallel-vs-sequential comparison finds a difference on
 * a sim profile (parallel.ts), and how often its interval holds the profile's true difference.
 */
function parallelMode(f: Record<string, string | boolean | undefined>): void {
  const name = String(f.profile ?? 'inverse').replace(/^sim:/, '');
  const profile = SIM_PROFILES[name];
  if (!profile)
    throw new UserError(
      `--profile: unknown sim profile '${f.profile}' (one of ${Object.keys(SIM_PROFILES).join(', ')})`,
    );
  const budgets = numbers('--budgets', String(f.budgets ?? '2048,4096'), true);
  if (budgets.length !== 2 || budgets[0] >= budgets[1])
    throw new UserError(`--budgets: expected two budgets 'short,long' with short < long, got '${f.budgets}'`);
  const items = numbers('--items', String(f.items), true);
  const trials = numbers('--trials', String(f.trials), true);
  const sims = one('--sims', String(f.sims), 10, 100000);
  const seed = one('--seed', String(f.seed), 0, 2 ** 32 - 1);
  const cells = parallelPower({
    profile,
    budget: budgets[0],
    against: budgets[1],
    items,
    trials,
    sims,
    seed,
    onProgress:
      f.json || !process.stderr.isTTY
        ? undefined
        : (d, n) => process.stderr.write(`\rsimulating ${d}/${n} sweeps${d === n ? '\n' : ''}`),
  });
  if (f.json)
    return void process.stdout.write(`${JSON.stringify({ profile: name, budgets, sims, seed, cells })}\n`);
  say(`SIMULATED: sim:${name} (${profile.description})`);
  say(
    `majority@k at budget ${budgets[0]} against one sample at ${budgets[1]} (k matched on realized tokens, at most the trials) · ${sims} simulated sweeps per cell`,
  );
  say(
    'power: share of sweeps whose 95% interval excludes 0; coverage: share whose interval holds the true difference',
  );
  say('');
  const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(0)}%` : 'n/a');
  const rows = cells.map((c) => [
    String(c.items),
    String(c.trials),
    c.k ? String(c.k) : 'none',
    Number.isFinite(c.truth) ? `${(c.truth * 100).toFixed(1)} pts` : 'n/a',
    `${pct(c.power)} ±${(c.margin * 100).toFixed(0)}`,
    pct(c.coverage),
  ]);
  for (const l of alignColumns(
    [['items', 'trials', 'k', 'true difference', 'power', 'coverage'], ...rows],
    (i) => i > 1,
    '   ',
  ))
    say(l);
  if (cells.some((c) => c.k === 0))
    say(
      'none: too few trials to vote, or k of them cannot match the longer budget’s tokens (within a factor 1.5)',
    );
}

/** `power --profile`: label and gate rates of a sim profile's sweeps, per items × trials cell. */
function shapeMode(f: Record<string, string | boolean | undefined>): void {
  const name = String(f.profile).replace(/^sim:/, '');
  const profile = SIM_PROFILES[name];
  if (!profile)
    throw new UserError(
      `--profile: unknown sim profile '${f.profile}' (one of ${Object.keys(SIM_PROFILES).join(', ')})`,
    );
  const budgets = numbers('--budgets', String(f.budgets ?? '0,1024,2048,4096,8192,16384'), false);
  if (budgets.length < 2 || budgets.some((b) => b < 0 || !Number.isInteger(b)))
    throw new UserError(`--budgets: expected two or more whole numbers, got '${f.budgets}'`);
  const items = numbers('--items', String(f.items), true);
  const trials = numbers('--trials', String(f.trials), true);
  const sims = one('--sims', String(f.sims), 10, 100000);
  const seed = one('--seed', String(f.seed), 0, 2 ** 32 - 1);
  const epsilon = one('--epsilon', String(f.epsilon), 0, 1);
  const cells: (ShapePowerResult & { items: number; trials: number })[] = [];
  for (const k of items)
    for (const t of trials) {
      const r = shapePower({
        profile,
        budgets: [...new Set(budgets)].sort((a, b) => a - b),
        items: k,
        trials: t,
        sims,
        seed,
        epsilon,
        onProgress:
          f.json || !process.stderr.isTTY
            ? undefined
            : (d, n) =>
                process.stderr.write(
                  `\rsimulating ${k} items × ${t} trials: ${d}/${n} sweeps${d === n ? '\n' : ''}`,
                ),
      });
      cells.push({ items: k, trials: t, ...r });
    }
  if (f.json)
    return void process.stdout.write(
      `${JSON.stringify({ profile: name, budgets, epsilon, sims, seed, cells })}\n`,
    );
  say(`SIMULATED: sim:${name} (${profile.description})`);
  say(
    `budgets ${budgets.join(', ')} · ${sims} simulated sweeps per cell · share of sweeps given each shape, and failing no-decline-from-best (ε ${epsilon})`,
  );
  say('');
  const shapes = ['flat', 'rise', 'decline', 'peaked', 'dip', 'noisy'] as const;
  const pct = (x: number) => `${((x / sims) * 100).toFixed(1)}%`;
  const rows = cells.map((c) => [
    String(c.items),
    String(c.trials),
    ...shapes.map((s) => pct(c.counts[s])),
    pct(c.gateFails),
  ]);
  for (const l of alignColumns([['items', 'trials', ...shapes, 'gate fails'], ...rows], (i) => i > 1, '   '))
    say(l);
}

function powerText(
  cells: PowerCell[],
  o: {
    base: number;
    drop: number;
    low: number;
    high: number;
    sims: number;
    alpha: number;
    trials: number[];
    items: number[];
  },
  target: number,
): string[] {
  const out = [
    `SIMULATED: power to detect accuracy ${(o.base * 100).toFixed(0)}% → ${((o.base - o.drop) * 100).toFixed(0)}% between budgets ${o.low} and ${o.high}`,
    `(paired per-item test, two-sided α = ${o.alpha}, ${o.sims} simulated sweeps per cell; * = reaches ${(target * 100).toFixed(0)}%)`,
    '',
  ];
  const header = ['items', ...o.trials.map((t) => `${t} trial${t === 1 ? '' : 's'}`)];
  const rows = o.items.map((k) => [
    String(k),
    ...o.trials.map((t) => {
      const c = cells.find((x) => x.items === k && x.trials === t)!;
      return `${(c.power * 100).toFixed(0)}% ±${(c.margin * 100).toFixed(0)}${c.power >= target ? '*' : ' '}`;
    }),
  ]);
  out.push(...alignColumns([header, ...rows], (i) => i > 0, '   '));
  const ok = cells.filter((c) => c.power >= target).sort((a, b) => a.samples - b.samples)[0];
  out.push('');
  out.push(
    ok
      ? `cheapest design reaching ${(target * 100).toFixed(0)}%: ${ok.items} items × ${ok.trials} trial${ok.trials === 1 ? '' : 's'} (${ok.samples} samples for the two budgets)`
      : `no design in this table reaches ${(target * 100).toFixed(0)}% power: try more items`,
  );
  return out;
}
