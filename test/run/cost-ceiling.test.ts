import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { runCli, tempDir } from '../helpers/cli.js';

// $1000 per million output tokens: each 1024-budget request may cost up to (1024 + 10000) × 0.001 ≈ $11.
const config = (maxCost: number) => `
models: [{ id: 'sim:flat', prices: { input: 0, output: 1000 } }]
tasks: [{ id: misleading-math, options: { n: 20 } }]
budgets: [1024]
trials: 1
concurrency: 4
maxCostUsd: ${maxCost}
`;

test('--max-cost stops before the spend could pass the ceiling, and the run resumes later', async () => {
  const dir = tempDir();
  const db = join(dir, 'o.db');
  writeFileSync(join(dir, 'a.yaml'), config(50));
  const r = await runCli(['run', '-c', 'a.yaml', '--db', db, '--no-report', '-q'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /stopped: the cost ceiling would have been passed/);
  const d = new Database(db, { readonly: true });
  const { n, spent } = d.prepare('SELECT COUNT(*) AS n, SUM(cost_usd) AS spent FROM samples').get() as {
    n: number;
    spent: number;
  };
  const status = (d.prepare('SELECT status FROM runs').get() as { status: string }).status;
  d.close();
  assert.ok(n > 0 && n < 20, `some but not all samples ran: ${n}`);
  assert.ok(spent <= 50, `spent ${spent}`);
  assert.equal(status, 'stopped-at-cost-ceiling');

  // --max-cost on the command line overrides the file; it is not part of the run's identity.
  const r2 = await runCli(
    ['run', '-c', 'a.yaml', '--max-cost', '1000', '--db', db, '--no-report', '-q'],
    dir,
  );
  assert.equal(r2.code, 0, r2.stderr);
  assert.match(r2.stdout, /already stored \(resuming\)/);
  const d2 = new Database(db, { readonly: true });
  assert.equal((d2.prepare('SELECT COUNT(*) AS n FROM samples').get() as { n: number }).n, 20);
  d2.close();
});
