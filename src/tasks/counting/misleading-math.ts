import type { TaskDefinition } from '../types.js';
import { type CountingOptions, countingOptions, generateCounting } from './generate.js';
import { MATH_DISTRACTOR_KINDS, mathDistractors } from './math-distractors.js';
import { countingQuestion, openingSentence, pickScenario } from './objects.js';

/**
 * Misleading Math: "You have an apple and an orange. <numbers that do not matter> How many fruits
 * do you have?" The answer is the number of things named in the first sentence (2 or 3); the
 * distractors tempt a model into arithmetic on prices, odds, weights and times.
 */
export const misleadingMath: TaskDefinition<CountingOptions> = {
  id: 'misleading-math',
  family: 'counting',
  description:
    'Count two or three things despite 1-5 irrelevant numeric distractor sentences (paper: 2,500 items).',
  metric: 'accuracy',
  options: countingOptions({
    n: 2500,
    distractors: [1, 2, 3, 4, 5],
    min: 0,
    max: MATH_DISTRACTOR_KINDS.length,
  }),
  load(options, ctx) {
    return generateCounting(
      {
        taskId: 'misleading-math',
        prefix: 'mm',
        build(rng, d) {
          const s = pickScenario(rng);
          const { kinds, sentences } = mathDistractors(rng, s, d);
          const prompt = [openingSentence(s), ...sentences, countingQuestion(rng, s)].join(' ');
          return {
            prompt,
            answer: s.things.length,
            meta: {
              category: s.category.plural,
              objects: s.things.map((x) => x.noun),
              distractorKinds: kinds,
            },
          };
        },
      },
      options,
      ctx.seed,
    );
  },
};
