import { UserError } from '../util/errors.js';
import { famousParadoxes } from './counting/famous-paradoxes.js';
import { misleadingMath } from './counting/misleading-math.js';
import { misleadingPython } from './counting/misleading-python.js';
import { customTask } from './custom/custom.js';
import { gradesRegression } from './grades/task.js';
import { MWE_TASKS } from './mwe/tasks.js';
import type { TaskDefinition } from './types.js';
import { bbehZebraTask, zebraTask } from './zebra/tasks.js';

// One line per task. Each family lives in its own folder under src/tasks/.
const TASKS: TaskDefinition<never>[] = [
  misleadingMath as TaskDefinition<never>,
  misleadingPython as TaskDefinition<never>,
  famousParadoxes as TaskDefinition<never>,
  gradesRegression as TaskDefinition<never>,
  ...(MWE_TASKS as TaskDefinition<never>[]),
  customTask as TaskDefinition<never>,
  ...([zebraTask, bbehZebraTask] as TaskDefinition<never>[]),
];

/**
 * Adds a task to those every command knows (`tasks: [{ id }]` in a config, `--tasks`). A task id
 * already taken (a built-in one included) is refused.
 */
export function registerTask<O>(task: TaskDefinition<O>): void {
  if (TASKS.some((t) => t.id === task.id))
    throw new UserError(`registerTask: the task id '${task.id}' is already taken`);
  TASKS.push(task as TaskDefinition<never>);
}

export function allTasks(): readonly TaskDefinition<never>[] {
  return TASKS;
}

export function getTask(id: string): TaskDefinition<never> {
  const t = TASKS.find((x) => x.id === id);
  if (!t) {
    throw new UserError(`unknown task '${id}': expected one of ${TASKS.map((x) => x.id).join(', ')}`);
  }
  return t;
}
