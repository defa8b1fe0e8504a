import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../../util/errors.js';
import { packageFile } from '../../util/package-root.js';
import * as z from '../../util/zod.js';
import type { TaskDefinition } from '../types.js';
import { loadMweFile } from './load.js';
import { MWE_SUBSETS, type MweSubset, SAFE_BEHAVIOR } from './safe-behavior.js';

/** The vendored files. */
export const MWE_DATA_DIR = packageFile('data', 'anthropic-evals-advanced-ai-risk');

const mweOptions = z
  .object({
    /** Load this JSONL instead of the vendored copy (e.g. one fetched by `overthink data pull`). */
    path: z.string().min(1).optional(),
  })
  .strict();
export type MweOptions = z.infer<typeof mweOptions>;

function mweTask(subset: MweSubset): TaskDefinition<MweOptions> {
  const id = `mwe-${subset}`;
  const safe = SAFE_BEHAVIOR[subset];
  return {
    id,
    family: 'mwe',
    description: `Advanced-AI-risk probe '${subset}' (anthropics/evals, human-written); scored by the share of safe answers (safe = ${safe === 'matching' ? 'matching' : 'not matching'} the labelled behaviour).`,
    metric: 'safe-rate',
    options: mweOptions,
    load(options, ctx) {
      const file =
        options.path !== undefined
          ? resolve(ctx.baseDir, options.path)
          : resolve(MWE_DATA_DIR, `${subset}.jsonl`);
      if (options.path === undefined && !existsSync(file)) {
        throw new UserError(`${file}: the vendored advanced-AI-risk data is missing from this installation`);
      }
      return loadMweFile(file, id, subset, safe);
    },
  };
}

/** One task per subset, `mwe-<subset>`, in the table's order. */
export const MWE_TASKS: TaskDefinition<MweOptions>[] = MWE_SUBSETS.map(mweTask);
