import type { DB } from './db.js';
/**
 * Records the digest of the plan a run is about to carry out, and says whether every sample stored
 * for the run so far came from a plan with that same digest. Once a run's plan has changed (or a
 * store from before digests holds samples for it) it is marked 'mixed' and never trusted again.
 */
export function claimPlan(db: DB, runId: string, digest: string): boolean {
  const old = db.prepare('SELECT plan_digest FROM runs WHERE id = ?').pluck().get(runId) as string | null;
  const stored =
    db.prepare('SELECT 1 FROM samples WHERE run_id = ? LIMIT 1').pluck().get(runId) !== undefined;
  const same = old === digest || (old === null && !stored);
  db.prepare('UPDATE runs SET plan_digest = ? WHERE id = ?').run(same ? digest : 'mixed', runId);
  return same;
}
