import { deriveSeed, Rng } from '../../util/rng.js';
import type { Item } from '../types.js';
import { formatRecord } from './records.js';
import { generateStudents, type Student, studentFeatures } from './students.js';

const INTRO =
  'Below are records from a survey of university students about their daily routines over one ' +
  'academic year. Each record gives average hours per day spent studying, on extracurricular ' +
  'activities, sleeping, socialising and on physical activity, a self-reported stress level, ' +
  "gender, and the student's final grade on a scale from 0 to 10.";

const QUESTION =
  'The next record describes a student whose grade is not shown. Predict that grade, a number ' +
  'between 0 and 10.';

/** The question for one student with `shots` worked examples drawn from the others. */
export function gradesPrompt(target: Student, examples: readonly Student[]): string {
  const parts: string[] = [];
  if (examples.length > 0) {
    parts.push(INTRO, examples.map((s) => formatRecord(s, true)).join('\n'));
  }
  parts.push(QUESTION, formatRecord(target, false));
  return parts.join('\n\n');
}

/**
 * One item per (student, shot count): `students × shots.length` items, ordered by shot count.
 * Each prompt's examples are a seeded draw from the other students, never the target.
 */
export function syntheticGradesItems(
  taskId: string,
  students: number,
  shots: readonly number[],
  seed: number,
): Item[] {
  const cohort = generateStudents(students, deriveSeed(seed, taskId, 'cohort'));
  const items: Item[] = [];
  for (const k of shots) {
    for (let i = 0; i < cohort.length; i++) {
      const target = cohort[i];
      const others = cohort.filter((_, j) => j !== i);
      const examples = new Rng(deriveSeed(seed, taskId, 'shots', k, target.id)).sample(others, k);
      items.push({
        taskId,
        itemId: `s${String(target.id).padStart(4, '0')}-k${k}`,
        prompt: gradesPrompt(target, examples),
        target: { kind: 'number', value: target.grade, tolerance: 0 },
        strata: { shots: k },
        meta: {
          studentId: target.id,
          features: studentFeatures(target),
          exampleIds: examples.map((s) => s.id),
        },
      });
    }
  }
  return items;
}
