import { MWE_SUBSETS } from '../tasks/mwe/safe-behavior.js';
import { mweReleased, paperTaskEntry } from '../tasks/paper/released-source.js';
import { UserError } from '../util/errors.js';
import type { ExperimentInput } from './schema.js';

export interface Preset {
  description: string;
  config: ExperimentInput;
}

const CLAUDE_BUDGETS = [0, 1024, 2048, 4096, 8192, 16384];

/**
 * The paper's five main tasks (config/experiment/main_tasks/*.yaml of the reference): its released
 * files when `data pull` has fetched them; otherwise generated items in the paper's templates, which
 * the run says loudly (each task's standInNotice). A getter, so the cache is looked at when used.
 */
function mainTasks(): ExperimentInput['tasks'] {
  return [
    paperTaskEntry('misleading-math', { n: 2500 }),
    paperTaskEntry('misleading-python', { n: 2500 }),
    paperTaskEntry('famous-paradoxes', { n: 812, distractors: [0, 1, 3, 5, 7] }),
    paperTaskEntry('grades-regression', { shots: [0, 8, 16] }),
    paperTaskEntry('bbeh-zebra', {}),
  ];
}

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
    config: {
      models: ['sim:inverse'],
      get tasks() {
        return mainTasks();
      },
      budgets: 'paper',
      trials: 3,
      seed: 1,
    },
  },
  'paper-natural': {
    description:
      "The paper's main tasks in the natural regime: no stated budget, 5 samples per item, the reference's ceilings (Claude budget_tokens 16384 / max_tokens 26384, o-series effort high, open weights max_tokens 32768)",
    config: {
      models: ['sim:inverse'],
      get tasks() {
        return mainTasks();
      },
      regime: 'natural',
      trials: 5,
      seed: 1,
    },
  },
  'paper-cautioned': {
    description:
      'The paper\'s main tasks with the cautioned prompt ("You don\'t need to use all of your thinking budget"), budgets from 1024 up, 3 trials',
    config: {
      models: ['sim:inverse'],
      get tasks() {
        return mainTasks();
      },
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
      // The paper's converted files when `data pull model-written-evals` has fetched them; otherwise the
      // vendored anthropics/evals rows, converted exactly as the paper's converter does.
      get tasks() {
        return MWE_SUBSETS.map((s) => paperTaskEntry(`mwe-${s}`, {}, mweReleased(s)));
      },
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
