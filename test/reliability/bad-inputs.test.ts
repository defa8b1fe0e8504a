import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import { type CliResult, ROOT, runCli, tempDir } from '../helpers/cli.js';
import { CASES, type Case } from './bad-input-cases.js';
import type { BatchResult } from './cli-batch.js';

/**
 * The bad-input corpus: malformed YAML, JSON, JSONL and CSV, wrong types, unknown fields, huge
 * lines, invalid UTF-8, empty files, duplicate ids, missing answers, budgets above a model's
 * output limit, unknown model prefixes, bad flags. Each must exit 2 with one line on stderr that
 * says where the problem is, and must write nothing: no store, no WAL, no report folder.
 * Small cases are files in test/fixtures/bad-inputs; big and binary ones are generated here.
 */

const FIXTURES = join(ROOT, 'test/fixtures/bad-inputs');

/** Every file and folder under `dir`, with sizes, so a test can see that nothing was added or changed. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p);
      out.push(`${relative(dir, p)}:${st.isDirectory() ? 'dir' : st.size}`);
      if (st.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

const OUT = ['--db', 'out/store.db', '--out', 'out/report'];

/** One folder per case, a copy of the fixtures plus what the case generates. */
const dirs: string[] = [];
const before_: string[][] = [];
const results: BatchResult[] = [];
const work = tempDir('overthink-bad-');

before(() => {
  CASES.forEach((c, i) => {
    const dir = join(work, String(i));
    cpSync(FIXTURES, dir, { recursive: true });
    c.make?.(dir);
    dirs.push(dir);
    before_.push(snapshot(dir));
  });
  // All cases in one process (start-up once); each through main() in its own folder.
  writeFileSync(
    join(work, 'cases.json'),
    JSON.stringify(CASES.map((c, i) => ({ cwd: dirs[i], args: [...c.args, ...OUT] }))),
  );
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'test/reliability/cli-batch.ts'),
      join(work, 'cases.json'),
      join(work, 'results.json'),
    ],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  );
  assert.equal(r.status, 0, r.stderr);
  results.push(...(JSON.parse(readFileSync(join(work, 'results.json'), 'utf8')) as BatchResult[]));
});
after(() => rmSync(work, { recursive: true, force: true }));

function check(c: Case, r: Pick<CliResult, 'code' | 'stdout' | 'stderr'>, dir: string, snap: string[]): void {
  assert.equal(r.code, 2, `exit ${r.code}\n${r.stderr.slice(0, 2000)}\n${r.stdout.slice(0, 500)}`);
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1, `expected one line, got:\n${r.stderr.slice(0, 2000)}`);
  assert.ok(lines[0].length < 1000, `a short line (${lines[0].length} chars)`);
  assert.match(lines[0], /^overthink: /);
  assert.match(lines[0], c.expect);
  assert.equal(r.stdout, '', 'nothing on stdout');
  assert.deepEqual(snapshot(dir), snap, 'no store, WAL or report written');
}

test(`the bad-input corpus has at least 40 cases (${CASES.length})`, () => {
  assert.ok(CASES.length >= 40);
  assert.equal(new Set(CASES.map((c) => c.name)).size, CASES.length);
  process.stdout.write(`# bad inputs: ${CASES.length} cases\n`);
});

CASES.forEach((c, i) => {
  test(`bad input: ${c.name} → exit 2, one line with its location, nothing written`, () => {
    check(c, results[i], dirs[i], before_[i]);
  });
});

// The same through the real CLI process for a few cases, so the in-process batch is known to agree.
for (const name of [
  'YAML: budget above the model output limit (Anthropic)',
  'JSONL: duplicate ids',
  'JSONL: a 50 MB line of broken JSON',
  'flag: --trials x',
]) {
  test(`bad input through the real CLI: ${name}`, async () => {
    const c = CASES.find((x) => x.name === name)!;
    const dir = tempDir('overthink-bad-cli-');
    try {
      cpSync(FIXTURES, dir, { recursive: true });
      c.make?.(dir);
      const snap = snapshot(dir);
      check(c, await runCli([...c.args, ...OUT], dir), dir, snap);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
