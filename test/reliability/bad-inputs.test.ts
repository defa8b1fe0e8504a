import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import { loadExperiment } from '../../src/run/load.js';
import { runExperiment } from '../../src/run/run.js';
import { type CliResult, ROOT, runCli, tempDir } from '../helpers/cli.js';
import { CASES, type Case } from './bad-input-cases.js';
import type { BatchResult } from './cli-batch.js';

/**
 * The bad-input corpus: malformed YAML, JSON, JSONL and CSV, wrong types, unknown fields, huge
 * lines and files, sizes past every ceiling, invalid UTF-8, empty files and empty flag values,
 * duplicate ids, missing answers, budgets above a model's output limit, unknown model prefixes,
 * another tool's database, output paths that cannot be written. Each must exit 2 with one line on
 * stderr that says where the problem is, and must write and change nothing: every file under the
 * case's folder keeps its bytes and its mtime, and nothing is added (no store, WAL or report).
 * Small cases are files in test/fixtures/bad-inputs; big and binary ones are generated here.
 */

const FIXTURES = join(ROOT, 'test/fixtures/bad-inputs');

/** Every file and folder under `dir`: kind, size, sha256 and mtime, to see that nothing changed. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p);
      const hash = st.isFile() ? createHash('sha256').update(readFileSync(p)).digest('hex') : 'dir';
      out.push(`${relative(dir, p)}:${st.size}:${hash}:${st.mtimeMs}`);
      if (st.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** A finished run of ok.jsonl on a simulated model, for the cases that point a command at a store. */
async function makeStore(file: string): Promise<void> {
  const loaded = loadExperiment({
    overrides: {
      models: ['sim:inverse'],
      tasks: [{ id: 'custom', options: { path: join(FIXTURES, 'ok.jsonl') } }],
      budgets: [0, 1024],
      trials: 1,
    },
  });
  const r = await runExperiment(loaded, { db: file, progress: false });
  assert.equal(r.status, 'complete');
}

const OUT = ['--db', 'out/store.db', '--out', 'out/report'];
/** `run` cases write into out/, unless they name their own store. */
const argsOf = (c: Case) => (c.args[0] === 'run' && !c.args.includes('--db') ? [...c.args, ...OUT] : c.args);

/** One folder per case, a copy of the fixtures plus what the case generates. */
const dirs: string[] = [];
const before_: string[][] = [];
const results: BatchResult[] = [];
const work = tempDir('overthink-bad-');

before(async () => {
  const store = join(work, 'store.db');
  await makeStore(store);
  CASES.forEach((c, i) => {
    const dir = join(work, String(i));
    cpSync(FIXTURES, dir, { recursive: true });
    if (c.store) copyFileSync(store, join(dir, 'store.db'));
    c.make?.(dir);
    dirs.push(dir);
    before_.push(snapshot(dir));
  });
  // All cases in one process (start-up once); each through main() in its own folder.
  writeFileSync(
    join(work, 'cases.json'),
    JSON.stringify(CASES.map((c, i) => ({ cwd: dirs[i], args: argsOf(c) }))),
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
  assert.deepEqual(snapshot(dir), snap, 'nothing written, changed or added (bytes and mtimes)');
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
  'flag: a 50 MB JSONL passed as --config',
  "store: gate on another tool's SQLite database",
  'output: gate --junit into a folder that does not exist',
]) {
  test(`bad input through the real CLI: ${name}`, async () => {
    const c = CASES.find((x) => x.name === name)!;
    const dir = tempDir('overthink-bad-cli-');
    try {
      cpSync(FIXTURES, dir, { recursive: true });
      if (c.store) copyFileSync(join(work, 'store.db'), join(dir, 'store.db'));
      c.make?.(dir);
      const snap = snapshot(dir);
      check(c, await runCli(argsOf(c), dir), dir, snap);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
