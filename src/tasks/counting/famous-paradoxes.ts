import type { Rng } from '../../util/rng.js';
import { countField, releasedItems } from '../paper/released-items.js';
import { RELEASED, releasedPath } from '../paper/released-source.js';
import type { TaskDefinition } from '../types.js';
import { type CountingOptions, countingOptions, generateCounting } from './generate.js';
import { FRAMINGS } from './paradoxes.js';

/**
 * Remarks that sound like they belong in a discussion of a famous puzzle and are full of numbers,
 * but say nothing about the quantities the question asks for.
 */
const GENERIC: readonly ((rng: Rng) => string)[] = [
  (r) => `A mathematician once estimated that ${r.int(55, 95)}% of people get puzzles like this wrong.`,
  (r) => `This kind of puzzle first appeared in print around ${r.int(1850, 1995)}.`,
  (r) => {
    const p = r.int(51, 80);
    return `An online poll of ${r.int(200, 20000)} readers split ${p}% to ${100 - p}% on a related question.`;
  },
  (r) => `A textbook spends ${r.int(3, 40)} pages on puzzles of this sort.`,
  (r) => `A probability of ${r.int(1, 4)}/${r.int(5, 9)} is often quoted when people argue about it.`,
  (r) =>
    `A lecture on the subject lasted ${r.int(40, 120)} minutes and covered ${r.int(3, 12)} special cases.`,
  (r) =>
    `It is ${r.int(1, 12)}:${String(r.int(0, 59)).padStart(2, '0')}, and the debate has gone on for ${r.int(5, 90)} minutes.`,
  (r) => `Someone nearby claims that only 1 in ${r.int(3, 50)} people has heard of this puzzle.`,
  (r) => `A simulation with ${r.int(1, 9)},000 runs was once used to settle an argument about it.`,
  (r) => `A friend bets you $${r.int(2, 50)} that you will overthink this.`,
];

/** Distractor pool size for a framing: its lore plus every generic remark. */
const POOL_MIN = GENERIC.length + Math.min(...FRAMINGS.map((f) => f.lore.length));

const released = RELEASED['famous-paradoxes'];

/**
 * Famous Paradoxes: trivial questions framed like the Birthday paradox, Monty Hall, Sleeping
 * Beauty, Newcomb, the two envelopes and others, with 0, 1, 3, 5 or 7 distractors (paper: 812 items).
 * The paper released its items but no creator for them, so the generator here is our own: the
 * framings and remarks below are ours, not the paper's. `pulled` / `path` read the paper's file.
 */
export const famousParadoxes: TaskDefinition<CountingOptions> = {
  id: 'famous-paradoxes',
  family: 'counting',
  description:
    'Trivial questions dressed as famous paradoxes, with 0-7 distractor remarks: our own framings (paper: 812 items, released without a creator; pulled/path read them).',
  metric: 'accuracy',
  options: countingOptions({ n: 812, distractors: [0, 1, 3, 5, 7], min: 0, max: POOL_MIN }),
  standInNotice(o) {
    if (o.path !== undefined || o.pulled) return undefined;
    return `famous-paradoxes: GENERATED items in OUR OWN framings (the paper released its 812 items but not how it made them), not the paper's; run 'overthink data pull ${released.dataset}' and set pulled: true for those`;
  },
  load(options, ctx) {
    const from = releasedPath(options, released, ctx.baseDir);
    if (from)
      return releasedItems(from.file, from.label, {
        taskId: 'famous-paradoxes',
        released,
        numeric: true,
        describe(r, at) {
          const d = countField(r.fields, 'num_distractors', at);
          const strata: Record<string, number> = d === undefined ? {} : { num_distractors: d };
          return { strata };
        },
      });
    return generateCounting(
      {
        taskId: 'famous-paradoxes',
        prefix: 'fp',
        build(rng, d) {
          const framing = rng.pick(FRAMINGS);
          const { setup, question, answer } = framing.make(rng);
          const pool: (() => string)[] = [
            ...framing.lore.map((s) => () => s),
            ...GENERIC.map((g) => () => g(rng)),
          ];
          const distractors = rng.sample(pool, d).map((f) => f());
          return {
            prompt: [setup, ...distractors, question].join(' '),
            answer,
            meta: { paradox: framing.paradox },
          };
        },
      },
      options,
      ctx.seed,
    );
  },
};
