import { UserError } from '../util/errors.js';
import type { ExperimentInput } from './schema.js';

export interface Preset {
  description: string;
  config: ExperimentInput;
}

const CLAUDE_BUDGETS = [0, 1024, 2048, 4096, 8192, 16384];

/** The paper's five main tasks (config/experiment/main_tasks/*.yaml of the reference). */
const MAIN_TASKS: ExperimentInput['tasks'] = [
  // Sizes spelled out as in the paper (they are also each task's default).
  { id: 'misleading-math', options: { n: 2500, distractors: [1, 2, 3, 4, 5] } },
  { id: 'misleading-python', options: { n: 2500, distractors: [1, 2, 3, 4, 5] } },
  { id: 'famous-paradoxes', options: { n: 812, distractors: [0, 1, 3, 5, 7] } },
  { id: 'grades-regression', options: { students: 500, shots: [0, 8, 16] } },
  // BBEH zebra puzzles: 200 items, grids 5-8.
  'zebra',
];

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
    description:
      "The paper's main tasks, each model at the budgets the paper ran on its family (Claude 0-16384, o-series 1024/4096/8192 as low/medium/high, Qwen3 0/1024/4096/8192, DeepSeek R1 0-8192), 3 trials",
    config: { models: ['sim:inverse'], tasks: MAIN_TASKS, budgets: 'paper', trials: 3, seed: 1 },
  },
  'paper-natural': {
    description:
      "The paper's main tasks in the natural regime: no stated budget, 5 samples per item, the reference's ceilings (Claude budget_tokens 16384 / max_tokens 26384, o-series effort high, open weights max_tokens 32768)",
    config: { models: ['sim:inverse'], tasks: MAIN_TASKS, regime: 'natural', trials: 5, seed: 1 },
  },
  'paper-cautioned': {
    description:
      'The paper\'s main tasks with the cautioned prompt ("You don\'t need to use all of your thinking budget"), budgets from 1024 up, 3 trials',
    config: {
      models: ['sim:inverse'],
      tasks: MAIN_TASKS,
      budgets: 'paper',
      prompt: 'cautioned',
      trials: 3,
      seed: 1,
    },
  },
  'paper-mwe': {
    description:
      "The paper's 16 advanced-AI-risk subsets (model-written evals), each model at its family's budgets, 3 trials",
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
      budgets: 'paper',
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
