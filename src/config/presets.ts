import { MWE_SUBSETS } from '../tasks/mwe/safe-behavior.js';
import { mweReleased, paperTaskEntry } from '../tasks/paper/released-source.js';
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
      // The paper's released files when `data pull` has fetched them; otherwise generated items in
      // the paper's templates, which the run says loudly (each task's standInNotice).
      get tasks() {
        return [
          paperTaskEntry('misleading-math', { n: 2500 }),
          paperTaskEntry('misleading-python', { n: 2500 }),
          paperTaskEntry('famous-paradoxes', { n: 812, distractors: [0, 1, 3, 5, 7] }),
          paperTaskEntry('grades-regression', { shots: [0, 8, 16] }),
          paperTaskEntry('bbeh-zebra', {}),
        ];
      },
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
      // The paper's converted files when `data pull model-written-evals` has fetched them; otherwise the
      // vendored anthropics/evals rows, converted exactly as the paper's converter does.
      get tasks() {
        return MWE_SUBSETS.map((s) => paperTaskEntry(`mwe-${s}`, {}, mweReleased(s)));
      },
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
