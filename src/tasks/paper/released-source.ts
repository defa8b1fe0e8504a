import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { dataCacheRoot } from '../../data/cache.js';
import { UserError } from '../../util/errors.js';
import * as z from '../../util/zod.js';

/** Where one task's released file comes from: the `data pull` dataset, its file name, the reference's task id. */
export interface ReleasedFile {
  dataset: string;
  file: string;
  /** The reference's task id (config/task/*.yaml); its items are `${referenceTask}_${line index}`. */
  referenceTask: string;
}

const MAIN = 'inverse-scaling-ttc-main';

/** The paper's released files (scripts/download_data.py, config/task/*.yaml) for our paper tasks. */
export const RELEASED: Record<string, ReleasedFile> = {
  'misleading-math': {
    dataset: MAIN,
    file: 'synthetic-misleading-math-5-distractors.jsonl',
    referenceTask: 'synthetic_misleading_math',
  },
  'misleading-python': {
    dataset: MAIN,
    file: 'synthetic-misleading-python-code-5-distractors.jsonl',
    referenceTask: 'synthetic_misleading_python',
  },
  'famous-paradoxes': {
    dataset: MAIN,
    file: 'synthetic_misleading_math_famous_paradoxes.jsonl',
    referenceTask: 'synthetic_misleading_math_famous_paradoxes',
  },
  'grades-regression': {
    dataset: MAIN,
    file: 'student_lifestyle_regression_Grades.jsonl',
    referenceTask: 'student_lifestyle_regression_Grades',
  },
  'bbeh-zebra': { dataset: MAIN, file: 'bbeh_zebra_puzzles.jsonl', referenceTask: 'bbeh_zebra_puzzles' },
};

/** An advanced-AI-risk subset's file in the model-written-evals dataset (task id: dashes become underscores). */
export function mweReleased(subset: string): ReleasedFile {
  return {
    dataset: 'model-written-evals',
    file: `${subset}.jsonl`,
    referenceTask: subset.replaceAll('-', '_'),
  };
}

/** The cached copy `overthink data pull <dataset>` made, or undefined when it is not there. */
export function pulledFile(r: ReleasedFile, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = join(dataCacheRoot(env), r.dataset, r.file);
  return existsSync(file) ? file : undefined;
}

/** The options every paper task shares for reading its released file. */
export const releasedOptions = {
  /** A file in the paper's released format, relative to the config file. */
  path: z.string().min(1, 'a file path').optional(),
  /** Read the paper's own file, fetched by `overthink data pull`. */
  pulled: z.boolean().optional(),
};

/** Where a task reads its items: a released-format file (and how to name it in messages), or nowhere (generate). */
export function releasedPath(
  o: { path?: string; pulled?: boolean },
  released: ReleasedFile,
  baseDir: string,
): { file: string; label: string } | undefined {
  if (o.path !== undefined && o.pulled) throw new UserError('give either path or pulled, not both');
  if (o.path !== undefined) {
    const file = isAbsolute(o.path) ? o.path : resolve(baseDir, o.path);
    // Messages name the file as the user wrote it (relative to the config), not an absolute path.
    return { file, label: isAbsolute(o.path) ? o.path : relative(process.cwd(), file) || o.path };
  }
  if (!o.pulled) return undefined;
  const file = pulledFile(released);
  if (!file) {
    throw new UserError(
      `${join(dataCacheRoot(), released.dataset, released.file)} is missing: run 'overthink data pull ${released.dataset}' first`,
    );
  }
  return { file, label: file };
}

/**
 * A paper preset's task entry: the released file when `data pull` has fetched it, otherwise the
 * generator with `generated` options (and the task then says loudly that its items are generated).
 */
export function paperTaskEntry(
  id: string,
  generated: Record<string, unknown>,
  released: ReleasedFile | undefined = RELEASED[id],
): { id: string; options: Record<string, unknown> } {
  if (released && pulledFile(released)) return { id, options: { pulled: true } };
  return { id, options: generated };
}
