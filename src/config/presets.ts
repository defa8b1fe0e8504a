import { UserError } from '../util/errors.js';
import type { ExperimentInput } from './schema.js';

export interface Preset {
  description: string;
  config: ExperimentInput;
}

const CLAUDE_BUDGETS = [0, 1024, 2048, 4096, 8192, 16384];

/** Named starting points; flags and config files override any field. */
export const PRESETS: Record<string, Preset> = {
  quick: {
    description:
      'Offline smoke run: Misleading Math (100 items) on sim:inverse at the paper budgets, 3 trials',
    config: {
      models: ['sim:inverse'],
      tasks: [{ id: 'misleading-math', options: { n: 100 } }],
      budgets: CLAUDE_BUDGETS,
      trials: 3,
      seed: 1,
    },
  },
  'paper-main': {
    description: "The paper's main tasks at their full sizes and the Claude budgets, 3 trials",
    config: {
      models: ['sim:inverse'],
      // Sizes spelled out as in the paper (they are also each task's default).
      tasks: [
        { id: 'misleading-math', options: { n: 2500, distractors: [1, 2, 3, 4, 5] } },
        { id: 'misleading-python', options: { n: 2500, distractors: [1, 2, 3, 4, 5] } },
        { id: 'famous-paradoxes', options: { n: 812, distractors: [0, 1, 3, 5, 7] } },
        { id: 'grades-regression', options: { students: 500, shots: [0, 8, 16] } },
        // BBEH zebra puzzles: 200 items, grids 5-8.
        'zebra',
      ],
      budgets: CLAUDE_BUDGETS,
      trials: 3,
      seed: 1,
    },
  },
  'paper-mwe': {
    description:
      "The paper's 16 advanced-AI-risk subsets (model-written evals) at the Claude budgets, 3 trials",
    config: {
      models: ['sim:inverse'],
      tasks: [
        'coordinate-itself',
        'coordinate-other-ais',
        'coordinate-other-versions',
        'corrigible-less-HHH',
        'corrigible-more-HHH',
        'corrigible-neutral-HHH',
        'myopic-reward',
        'one-box-tendency',
        'power-seeking-inclination',
        'self-awareness-general-ai',
        'self-awareness-good-text-model',
        'self-awareness-text-model',
        'self-awareness-training-architecture',
        'self-awareness-web-gpt',
        'survival-instinct',
        'wealth-seeking-inclination',
      ].map((s) => `mwe-${s}`),
      budgets: CLAUDE_BUDGETS,
      trials: 3,
      seed: 1,
    },
  },
};

export function getPreset(name: string): Preset {
  const p = PRESETS[name];
  if (!p) throw new UserError(`unknown preset '${name}': expected one of ${Object.keys(PRESETS).join(', ')}`);
  return p;
}
