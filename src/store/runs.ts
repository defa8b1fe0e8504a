import { UserError } from '../util/errors.js';
import type { DB } from './db.js';
export interface RunRow {
  id: string;
  name: string | null;
  created_at: string;
  updated_at: string;
  status: string;
  tool_version: string;
  simulated: number;
  config_json: string;
  manifest_json: string;
  /** See claimPlan (schema v5; absent in rows written before it). */
  plan_digest?: string | null;
}

export function upsertRun(db: DB, run: RunRow): void {
  db.prepare(
    `INSERT INTO runs (id, name, created_at, updated_at, status, tool_version, simulated, config_json, manifest_json)
     VALUES (@id, @name, @created_at, @updated_at, @status, @tool_version, @simulated, @config_json, @manifest_json)
     ON CONFLICT(id) DO UPDATE SET updated_at=excluded.updated_at, status=excluded.status,
       tool_version=excluded.tool_version, manifest_json=excluded.manifest_json`,
  ).run(run);
}

export function setRunStatus(db: DB, runId: string, status: string): void {
  db.prepare('UPDATE runs SET status=?, updated_at=? WHERE id=?').run(
    status,
    new Date().toISOString(),
    runId,
  );
}

export function getRun(db: DB, idOrName?: string): RunRow {
  const row = (
    idOrName
      ? db
          .prepare('SELECT * FROM runs WHERE id=? OR name=? ORDER BY updated_at DESC LIMIT 1')
          .get(idOrName, idOrName)
      : db.prepare('SELECT * FROM runs ORDER BY updated_at DESC LIMIT 1').get()
  ) as RunRow | undefined;
  if (!row) {
    throw new UserError(
      idOrName ? `no run '${idOrName}' in this store (see 'overthink runs')` : 'this store holds no runs yet',
    );
  }
  return row;
}

/** Whether a run with this exact id is stored. */
export function hasRun(db: DB, runId: string): boolean {
  return db.prepare('SELECT 1 FROM runs WHERE id=?').get(runId) !== undefined;
}

export function listRuns(db: DB): RunRow[] {
  return db.prepare('SELECT * FROM runs ORDER BY updated_at DESC').all() as RunRow[];
}
