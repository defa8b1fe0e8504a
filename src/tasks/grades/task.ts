import { isAbsolute, relative, resolve } from 'node:path';
import { deriveSeed } from '../../util/rng.js';
import * as z from '../../util/zod.js';
import { countField, releasedItems } from '../paper/released-items.js';
import { RELEASED, releasedOptions, releasedPath } from '../paper/released-source.js';
import type { Item, TaskDefinition } from '../types.js';
import { createGrades, GRADES_SEED } from './creator.js';
import { featuresFromPrompt } from './records.js';
import { generateStudents } from './students.js';
import { cohortTable, readStudentCsv, type StudentTable } from './table.js';

const TASK_ID = 'grades-regression';
const released = RELEASED[TASK_ID];

const gradesOptions = z
  .object({
    /** Worked examples per prompt, cycled over the items (the creator's examples_per_prompt; paper: 0, 8, 16). */
    shots: z
      .array(z.number().int().min(0, 'shot counts of 0 or more'))
      .min(1, 'at least one shot count')
      .optional(),
    /** How many items; default: every sampled student once per shot count (500 × 3 = 1,500). */
    n: z.number().int().min(1, 'at least 1 item').max(1_000_000).optional(),
    /** The survey CSV the paper's creator reads (Student_ID, the hours, Stress_Level, Gender, Grades). */
    csv: z.string().min(1, 'a CSV path').optional(),
    /** Without `csv`: the size of our synthetic cohort, from which the creator samples its 500. */
    students: z.number().int().min(20, 'at least 20 students').max(100_000).optional(),
    /** The creator's random_seed (42); it also seeds the synthetic cohort. */
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    ...releasedOptions,
  })
  .strict();

export type GradesOptions = z.input<typeof gradesOptions>;

const DEFAULT_SHOTS = [0, 8, 16];
const DEFAULT_COHORT = 2000;

/**
 * Grades regression: predict a student's grade (0–10) from lifestyle records with 0, 8 or 16 worked
 * examples. Study hours carry the real signal; the paper found that longer reasoning shifts models
 * toward weaker, spurious features. Items come from the paper's released file (`pulled`, `path`), or
 * the paper's creator (creator.ts) over the survey CSV (`csv`) or a synthetic cohort.
 * Metric: error (see score/regression.ts).
 */
export const gradesRegression: TaskDefinition<GradesOptions> = {
  id: TASK_ID,
  family: 'grades',
  description:
    "Predict a student grade (0-10) from lifestyle records with 0, 8 or 16 worked examples, in the paper's creator template (paper: 1,500 items; pulled/path read them).",
  metric: 'error',
  options: gradesOptions as z.ZodType<GradesOptions>,
  standInNotice(o) {
    if (o.path !== undefined || o.pulled) return undefined;
    const pull = `run 'overthink data pull ${released.dataset}' and set pulled: true for the paper's own`;
    return o.csv !== undefined
      ? `${TASK_ID}: items made by the paper's creator from ${o.csv}, not read from the paper's released file; ${pull}`
      : `${TASK_ID}: GENERATED items: the paper's creator and template over a SYNTHETIC student cohort (the survey the paper sampled is not bundled), not the paper's released file; ${pull}`;
  },
  load(o, ctx): Item[] {
    const from = releasedPath(o, released, ctx.baseDir);
    if (from)
      return releasedItems(from.file, from.label, {
        taskId: TASK_ID,
        released,
        numeric: true,
        describe(r, at) {
          const shots = examplesPerPrompt(r.fields, r.record.prompt, at);
          return {
            strata: { examples_per_prompt: shots },
            meta: { features: featuresFromPrompt(r.record.prompt) ?? {} },
          };
        },
      });
    const seed = o.seed ?? GRADES_SEED;
    const table = studentTable(o, ctx.baseDir, seed);
    const shots = o.shots ?? DEFAULT_SHOTS;
    const n = o.n ?? Math.min(500, table.rows.length) * shots.length;
    return createGrades(table, { n, shots, seed }).map((c, i) => ({
      taskId: TASK_ID,
      itemId: `${released.referenceTask}_${i}`,
      prompt: c.prompt,
      target: { kind: 'number', value: c.answer, tolerance: 0 },
      strata: { examples_per_prompt: c.examples_per_prompt },
      meta: {
        features: featuresFromPrompt(c.prompt) ?? {},
        targetIndex: c.target_index,
        exampleIndices: c.example_indices,
      },
      record: { prompt: c.prompt, answer: c.answer, answerText: c.answerText },
    }));
  },
};

function studentTable(o: GradesOptions, baseDir: string, seed: number): StudentTable {
  if (o.csv !== undefined) {
    const file = isAbsolute(o.csv) ? o.csv : resolve(baseDir, o.csv);
    return readStudentCsv(file, isAbsolute(o.csv) ? o.csv : relative(process.cwd(), file) || o.csv);
  }
  return cohortTable(generateStudents(o.students ?? DEFAULT_COHORT, deriveSeed(seed, TASK_ID, 'cohort')));
}

/** The record's own count (top level, or under `metadata`), else counted from its worked examples. */
function examplesPerPrompt(fields: Record<string, unknown>, prompt: string, at: string): number {
  const top = countField(fields, 'examples_per_prompt', at);
  if (top !== undefined) return top;
  const meta = fields.metadata;
  if (meta !== null && typeof meta === 'object') {
    const nested = countField(meta as Record<string, unknown>, 'examples_per_prompt', `${at}: metadata`);
    if (nested !== undefined) return nested;
  }
  return Math.max(0, (prompt.match(/<record>/g) ?? []).length - 1);
}
