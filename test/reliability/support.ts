import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** Shared by the reliability tests: a generated dataset and read-only looks into a store. */

/** A custom JSONL dataset of `n` distinct questions (distinct prompts → distinct request bodies). */
export function writeDataset(dir: string, n: number, name = 'data.jsonl'): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    lines.push(
      JSON.stringify({ id: `q${i}`, prompt: `Question ${i}: you hold ${i} pebbles. How many?`, answer: i }),
    );
  }
  writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
  return name;
}

/**
 * An experiment on both loopback providers at `url`: OpenAI-compatible (`openai-compatible:<model>`,
 * budget mode none) and Anthropic (JSON at budget 0; SSE at 16384, whose max_tokens is above the SDK's
 * streaming threshold), one trial of every question in data.jsonl. `more` is further YAML.
 */
export function bothProviders(url: string, model: string, more: string): string {
  return `
models:
  - { id: 'openai-compatible:${model}', baseUrl: '${url}/v1', budgetMode: none }
  - { id: 'anthropic:claude-haiku-4-5', baseUrl: '${url}' }
tasks: [{ id: custom, options: { path: data.jsonl } }]
budgets: [0, 16384]
trials: 1
confirmAboveUsd: 1000000   # loopback servers: the priced model costs nothing here
${more}
`;
}

export interface StoreStats {
  rows: number;
  distinctKeys: number;
  errors: number;
  attempts: number;
  errorsByClass: Record<string, number>;
  integrity: string;
}

export function storeStats(db: string, runId?: string): StoreStats {
  const d = new Database(db, { readonly: true, fileMustExist: true });
  try {
    const where = runId ? 'WHERE run_id = ?' : '';
    const args = runId ? [runId] : [];
    const s = d
      .prepare(
        `SELECT COUNT(*) AS rows, COUNT(DISTINCT key) AS distinctKeys,
           COALESCE(SUM(error IS NOT NULL), 0) AS errors, COALESCE(SUM(attempts), 0) AS attempts
         FROM samples ${where}`,
      )
      .get(...args) as Omit<StoreStats, 'errorsByClass' | 'integrity'>;
    const classes = d
      .prepare(
        `SELECT error_class AS c, COUNT(*) AS n FROM samples ${where ? `${where} AND` : 'WHERE'} error IS NOT NULL GROUP BY c`,
      )
      .all(...args) as { c: string; n: number }[];
    return {
      ...s,
      errorsByClass: Object.fromEntries(classes.map((r) => [r.c, r.n])),
      integrity: String(d.pragma('integrity_check', { simple: true })),
    };
  } finally {
    d.close();
  }
}

/** Rows in the store's samples table; 0 while the file or its schema is not there yet (a run starting). */
export function rowCount(db: string): number {
  try {
    return query<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM samples')[0].n;
  } catch {
    return 0;
  }
}

/** Polls until the store holds at least `n` rows (a writer commits in batches and on a timer). */
export async function waitForRows(db: string, n: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (rowCount(db) < n) {
    if (Date.now() > deadline) throw new Error(`the store never reached ${n} rows (it has ${rowCount(db)})`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Runs one read-only query. */
export function query<T>(db: string, sql: string, ...args: unknown[]): T[] {
  const d = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return d.prepare(sql).all(...args) as T[];
  } finally {
    d.close();
  }
}

/** Counts per value, with keys sorted, for deepEqual comparisons. */
export function tally(values: Iterable<string | number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[String(v)] = (out[String(v)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

export function sortKeys(r: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));
}
