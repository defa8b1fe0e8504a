import { resolve } from 'node:path';
import * as z from '../../util/zod.js';
import type { TaskDefinition } from '../types.js';
import { loadPaperGradesJsonl } from './paper-jsonl.js';
import { syntheticGradesItems } from './synthetic.js';

const TASK_ID = 'grades-regression';

const gradesOptions = z
  .object({
    /** Size of the synthetic cohort; every student is predicted once per shot count. */
    students: z.number().int().min(20, 'at least 20 students').max(100_000).default(500),
    /** Worked examples per prompt; the paper used 0, 8 and 16. */
    shots: z
      .array(z.number().int().min(0, 'shot counts of 0 or more'))
      .min(1, 'at least one shot count')
      .default([0, 8, 16]),
    /** Load the paper's released JSONL instead of generating (relative to the config file). */
    path: z.string().min(1).optional(),
  })
  .strict()
  .refine((o) => o.path !== undefined || Math.max(...o.shots) < o.students, {
    message: 'every shot count must be smaller than the number of students',
    path: ['shots'],
  });

export type GradesOptions = z.infer<typeof gradesOptions>;

/**
 * Grades regression: predict a student's grade (0–10) from lifestyle features. Study hours carry the
 * real signal; sleep and physical activity are weak or negative, and the paper found that longer
 * reasoning shifts models toward those spurious features. Metric: error (see score/regression.ts).
 */
export const gradesRegression: TaskDefinition<GradesOptions> = {
  id: TASK_ID,
  family: 'grades',
  description:
    'Predict a student grade (0-10) from lifestyle records with 0, 8 or 16 worked examples (paper: 500 students x 3 = 1,500 items).',
  metric: 'error',
  options: gradesOptions,
  load(options, ctx) {
    if (options.path !== undefined) return loadPaperGradesJsonl(TASK_ID, resolve(ctx.baseDir, options.path));
    return syntheticGradesItems(TASK_ID, options.students, options.shots, ctx.seed);
  },
};
