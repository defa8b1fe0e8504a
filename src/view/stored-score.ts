import { originOf } from '../run/origin.js';
import type { RunRow } from '../store/runs.js';

/**
 * Whether the viewer reads a run's samples with the scores their tool gave (an imported run, as the
 * report does): the store's view readers then join them (store/view-rows.ts).
 */
export function hasImportedScores(run: RunRow): boolean {
  return originOf(run.manifest_json) !== null;
}
