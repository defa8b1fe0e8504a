import { UserError } from '../util/errors.js';
import { openBatches } from './batches.js';
import type { DB } from './db.js';
import { acquireRunLock } from './run-lock.js';

/**
 * Deletes a run and everything stored for it (samples, items, provider batches and their keys, replay probes, imported scores), in
 * one transaction. Refused while another process runs it (its lock is held), and while provider
 * batches of it are open: their results would be paid for and never collected.
 */
export function removeRun(db: DB, runId: string): { samples: number; items: number } {
  const open = openBatches(db, runId);
  if (open.length)
    throw new UserError(
      `run ${runId} has ${open.length} provider batch${open.length === 1 ? '' : 'es'} in flight (${open.map((b) => b.id).join(', ')}): ` +
        `cancel ${open.length === 1 ? 'it' : 'them'} first with \`overthink batches cancel <id>\`, or rerun the run to collect ${open.length === 1 ? 'it' : 'them'}`,
    );
  // Taking the run's lock is what proves no other process is writing it.
  const lock = acquireRunLock(db, runId);
  const remove = db.transaction(() => {
    const batches = 'SELECT id FROM batches WHERE run_id = ?';
    db.prepare(`DELETE FROM batch_samples WHERE batch_id IN (${batches})`).run(runId);
    db.prepare('DELETE FROM batches WHERE run_id = ?').run(runId);
    db.prepare('DELETE FROM replay_probes WHERE run_id = ?').run(runId);
    db.prepare('DELETE FROM imported_scores WHERE run_id = ?').run(runId);
    const samples = db.prepare('DELETE FROM samples WHERE run_id = ?').run(runId).changes;
    const items = db.prepare('DELETE FROM items WHERE run_id = ?').run(runId).changes;
    db.prepare('DELETE FROM run_locks WHERE run_id = ?').run(runId);
    db.prepare('DELETE FROM runs WHERE id = ?').run(runId);
    return { samples, items };
  });
  try {
    return remove();
  } catch (err) {
    lock.release();
    throw err;
  }
}
