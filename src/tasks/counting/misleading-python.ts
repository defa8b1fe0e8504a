import type { TaskDefinition } from '../types.js';
import { type CountingOptions, countingOptions, generateCounting } from './generate.js';
import { countingQuestion, openingSentence, pickScenario } from './objects.js';
import { pythonDistractors, SNIPPET_KINDS } from './python-snippets.js';

/**
 * Misleading Python: the same trivial count as Misleading Math, but the distractors are Python
 * snippets (comprehensions, loops, lambdas, decorators, factorial and gcd expressions) that name the
 * counted things and invite the model to run code in its head.
 */
export const misleadingPython: TaskDefinition<CountingOptions> = {
  id: 'misleading-python',
  family: 'counting',
  description: 'Count two or three things despite 1-5 irrelevant Python snippets (paper: 2,500 items).',
  metric: 'accuracy',
  options: countingOptions({ n: 2500, distractors: [1, 2, 3, 4, 5], min: 0, max: SNIPPET_KINDS.length }),
  load(options, ctx) {
    return generateCounting(
      {
        taskId: 'misleading-python',
        prefix: 'mp',
        build(rng, d) {
          const s = pickScenario(rng);
          const { kinds, blocks } = pythonDistractors(rng, s, d);
          const prompt = [openingSentence(s), ...blocks, countingQuestion(rng, s)].join('\n\n');
          return {
            prompt,
            answer: s.things.length,
            meta: { category: s.category.plural, objects: s.things.map((x) => x.noun), snippetKinds: kinds },
          };
        },
      },
      options,
      ctx.seed,
    );
  },
};
