import { misleadingTask } from './misleading.js';

/** Misleading Math: numeric distractors (probabilities, weights, prices, times, places, …). */
export const misleadingMath = misleadingTask('misleading-math', 'math');
