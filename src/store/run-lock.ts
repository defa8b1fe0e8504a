import { readFileSync } from 'node:fs';
import { hostname, uptime } from 'node:os';
import { UserError } from '../util/errors.js';
import type { DB } from './db.js';

/**
 * One process at a time may write a run. A lock records who holds it: process id, host, when, and
 * which process that id meant (its start on Linux), so that a lock left by a process that died is
 * taken over even when its id has since gone to another process.
 */

export interface LockHolder {
  pid: number;
  host: string;
  started_at: string;
  /** Linux: boot id and start time of the process (see processStart); null elsewhere and in old locks. */
  process_start: string | null;
}

export interface RunLock {
  release(): void;
  /** Set when a live-looking holder was overridden with `force`. */
  forced?: LockHolder;
}

/**
 * Claims a run for this process. A live holder makes this a clear error unless `force`; a lock left
 * by a process that is gone (SIGKILL, power loss, a reboot) is taken over.
 */
export function acquireRunLock(db: DB, runId: string, o: { force?: boolean } = {}): RunLock {
  const host = hostname();
  let forced: LockHolder | undefined;
  db.transaction(() => {
    const held = db
      .prepare('SELECT pid, host, started_at, process_start FROM run_locks WHERE run_id = ?')
      .get(runId) as LockHolder | undefined;
    if (held && held.pid !== process.pid && !isStale(held, host)) {
      if (!o.force)
        throw new UserError(
          `run ${runId} is already running (process ${held.pid} on ${held.host}, since ${held.started_at}${age(held)}); ` +
            'wait for it to finish or stop it, then run again to resume. If that process is gone, rerun with --force-unlock',
        );
      forced = held;
    }
    db.prepare(
      'INSERT OR REPLACE INTO run_locks (run_id, pid, host, started_at, process_start) VALUES (?, ?, ?, ?, ?)',
    ).run(runId, process.pid, host, new Date().toISOString(), processStart(process.pid) ?? null);
  }).immediate();
  return {
    forced,
    release() {
      db.prepare('DELETE FROM run_locks WHERE run_id = ? AND pid = ?').run(runId, process.pid);
    },
  };
}

/**
 * A run's status as a reader should show it: a run stored as 'running' whose writing process is known
 * to be gone (killed, crashed, its machine rebooted) is 'crashed' — rerunning it resumes. Read-only:
 * it only reads the lock. A run written from another host cannot be checked and stays 'running'.
 */
export function shownStatus(db: DB, run: { id: string; status: string }): string {
  if (run.status !== 'running') return run.status;
  // SELECT *: a store older than v7, read read-only, has no process_start column.
  const held = db.prepare('SELECT * FROM run_locks WHERE run_id = ?').get(run.id) as LockHolder | undefined;
  // A writer holds its lock until it has set the run's final status: no lock, no writer.
  return !held || isStale(held, hostname()) ? 'crashed' : 'running';
}

/**
 * A lock is stale when its process is known to be gone: on this host, no process has its id, or
 * the one that has it started at another time (the id was reused), or the lock predates the last
 * boot. A lock of another host cannot be checked from here.
 */
function isStale(held: LockHolder, host: string): boolean {
  if (held.host !== host) return false;
  if (!isAlive(held.pid)) return true;
  const now = processStart(held.pid);
  if (held.process_start && now) return held.process_start !== now;
  // No start to compare (not Linux, or a lock from before they were recorded): its age, against uptime.
  const taken = Date.parse(held.started_at);
  return Number.isFinite(taken) && taken < Date.now() - uptime() * 1000;
}

function age(held: LockHolder): string {
  const ms = Date.now() - Date.parse(held.started_at);
  if (!Number.isFinite(ms) || ms < 0) return '';
  const h = ms / 3_600_000;
  return h >= 1 ? `, ${h.toFixed(1)} h ago` : `, ${Math.round(ms / 60_000)} min ago`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Which process a pid stands for, on Linux: the boot id and the process's start time in clock ticks
 * since boot (/proc/<pid>/stat, field 22). Two processes with the same id never share both.
 */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = fields[19]; // field 22 overall
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return ticks && /^\d+$/.test(ticks) ? `${boot}:${ticks}` : undefined;
  } catch {
    return undefined;
  }
}
