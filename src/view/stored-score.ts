import { originOf } from '../run/origin.js';
import type { RunRow } from '../store/runs.js';

/**
 * The column that brings an imported sample's stored score (score/stored.ts) into a query over
 * `samples` aliased `alias`, so the viewer reads an imported run with the scores its tool gave, as the
 * report does. A run overthink made has none, and its store may predate the table: NULL then.
 */
export function storedScoreColumn(run: RunRow, alias = 'samples'): string {
  return originOf(run.manifest_json) === null
    ? 'NULL'
    : `(SELECT score_json FROM imported_scores WHERE key = ${alias}.key)`;
}
