import { misleadingTask } from './misleading.js';

/** Misleading Python: Python-code distractors (comprehensions, classes, lambdas, decorators, …). */
export const misleadingPython = misleadingTask('misleading-python', 'python');
