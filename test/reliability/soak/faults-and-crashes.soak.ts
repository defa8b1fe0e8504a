import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, tempDir } from '../../helpers/cli.js';
import { BENIGN_FAULTS, FAULT_CLASS, startFaultServer } from '../../helpers/fault-server.js';
import { crashAndResume } from '../crash-harness.js';
import { bothProviders, sortKeys, storeStats, tally, writeDataset } from '../support.js';

/**
 * Soak (npm run test:soak, minutes not seconds): the fault and crash tests at a larger scale and
 * together. 20,000 samples with 20% of requests faulted; then 20 SIGKILLs of a run whose requests
 * are themselves being faulted, against the loopback providers rather than the simulator.
 */
const config = (url: string, retries: number) =>
  bothProviders(url, 'soak', `concurrency: 48\ntimeoutMs: 3000\nretries: ${retries}`);

/** Both tests' server: 20% of requests faulted. */
const faultServer = (seed: number) =>
  startFaultServer({ seed, rate: 0.2, hangMs: 8000, slowMs: 300, retryAfterS: 1 });

test('soak: 20,000 samples, 20% of requests faulted: none lost, none duplicated', {
  timeout: 900_000,
}, async () => {
  const server = await faultServer(11);
  try {
    const dir = tempDir('overthink-soak-');
    writeDataset(dir, 5000);
    writeFileSync(join(dir, 'soak.yaml'), config(server.url, 2));
    const r = await runCli(
      ['run', '-c', 'soak.yaml', '--db', 'soak.db', '--no-report', '--json', '-q', '--retry-base-ms', '5'],
      dir,
    );
    const s = storeStats(join(dir, 'soak.db'));
    const histories = [...server.byKey.values()];
    const failing = histories.filter((h) => h[h.length - 1] && !BENIGN_FAULTS.has(h[h.length - 1]!));
    // Final errors after the retries make the run incomplete: exit 1.
    assert.equal(r.code, failing.length > 0 ? 1 : 0, r.stderr);
    assert.equal(s.rows, 20_000);
    assert.equal(s.distinctKeys, 20_000);
    assert.equal(s.integrity, 'ok');
    assert.equal(s.attempts, server.log.length);
    assert.deepEqual(sortKeys(s.errorsByClass), tally(failing.map((h) => FAULT_CLASS[h[h.length - 1]!]!)));
    const injected = Object.values(server.injected).reduce((a, b) => a + b, 0);
    process.stdout.write(
      `# soak faults: ${injected} injected over ${server.log.length} requests, 20000 samples\n`,
    );
    rmSync(dir, { recursive: true, force: true });
  } finally {
    await server.close();
  }
});

test('soak: 20 SIGKILLs of a faulted loopback run: every sample stored once, store sound', {
  timeout: 900_000,
}, async () => {
  const server = await faultServer(12);
  try {
    const dir = tempDir('overthink-soak-crash-');
    const items = 1500;
    writeDataset(dir, items);
    writeFileSync(join(dir, 'crash.yaml'), config(server.url, 6));
    const db = join(dir, 'crash.db');
    const args = ['run', '-c', 'crash.yaml', '--db', db, '--no-report', '-q', '--retry-base-ms', '5'];
    const report = await crashAndResume({ args, cwd: dir, db, total: items * 4, points: 20, seed: 99 });
    const s = storeStats(db);
    assert.equal(s.rows, items * 4);
    assert.equal(s.distinctKeys, items * 4);
    assert.equal(s.integrity, 'ok');
    // A rerun retries what ended in error; with 6 retries at 20% that is almost never needed.
    assert.ok(s.errors <= 2, `final errors: ${s.errors}`);
    process.stdout.write(
      `# soak crash: ${report.kills} kills survived; rows after each: ${report.rowsAfterKill.join(' ')}\n`,
    );
    rmSync(dir, { recursive: true, force: true });
  } finally {
    await server.close();
  }
});
