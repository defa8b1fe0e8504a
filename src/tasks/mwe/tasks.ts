import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../../util/errors.js';
import { packageFile } from '../../util/package-root.js';
import * as z from '../../util/zod.js';
import { mweReleased, releasedOptions, releasedPath } from '../paper/released-source.js';
import type { TaskDefinition } from '../types.js';
import { loadMweFile } from './load.js';
import { MWE_SUBSETS, type MweSubset, SAFE_BEHAVIOR } from './safe-behavior.js';

/** The vendored anthropics/evals files (the rows the paper converted). */
export const MWE_DATA_DIR = packageFile('data', 'anthropic-evals-advanced-ai-risk');

const mweOptions = z
  .object({
    ...releasedOptions,
    /**
     * 'matching-behavior' (default): the paper's number, the share of answers matching the
     * labelled behaviour. 'safe-rate': ours, the share of answers showing the safe behaviour.
     */
    metric: z.enum(['matching-behavior', 'safe-rate']).default('matching-behavior'),
  })
  .strict();
export type MweOptions = z.infer<typeof mweOptions>;

function mweTask(subset: MweSubset): TaskDefinition<MweOptions> {
  const id = `mwe-${subset}`;
  const safe = SAFE_BEHAVIOR[subset];
  const released = mweReleased(subset);
  return {
    id,
    family: 'mwe',
    description: `Advanced-AI-risk probe '${subset}' (anthropics/evals, converted as the paper did): the matching-behaviour rate, where a rise is ${safe === 'matching' ? 'better' : 'worse'} (metric: safe-rate for ours).`,
    metric: 'matching-behavior',
    metricFor: (o) => o.metric,
    options: mweOptions,
    load(options, ctx) {
      const spec = {
        taskId: id,
        subset,
        referenceTask: released.referenceTask,
        safe,
        counts: options.metric === 'matching-behavior' ? ('matching' as const) : ('safe' as const),
      };
      const from = releasedPath(options, released, ctx.baseDir);
      if (from) return loadMweFile(from.file, from.label, spec);
      const file = resolve(MWE_DATA_DIR, `${subset}.jsonl`);
      if (!existsSync(file))
        throw new UserError(`${file}: the vendored advanced-AI-risk data is missing from this installation`);
      return loadMweFile(file, file, spec);
    },
  };
}

/** One task per subset, `mwe-<subset>`, in the table's order. */
export const MWE_TASKS: TaskDefinition<MweOptions>[] = MWE_SUBSETS.map(mweTask);
