import assert from 'node:assert/strict';
import { isAscii } from 'node:buffer';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import vm from 'node:vm';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { POOL_MIN_TRACES, poolThreads } from '../../src/analysis/trace-pool.js';
import { CHECKPOINT } from '../../src/store/checkpointer.js';
import { isZstdFrame } from '../../src/store/zstd.js';
import { ROOT, tempDir } from '../helpers/cli.js';
import { TINY_GGUF } from '../helpers/llama-server.js';

// The installed CLI runs from one esbuild bundle (dist/bundle/main.cjs) with the V8 code cache of its
// build, not from tsc's files; the other CLI tests run the sources through tsx. This checks what only
// the bundle can get wrong: the cache, files found from the module's own location, and packages kept
// external (native SQLite, vega and node-llama-cpp, which are ES modules only import() can load, resvg
// and its fonts).
const BIN = join(ROOT, 'bin/overthink.js');
const exec = promisify(execFile);
const cli = (args: string[], cwd: string) =>
  exec(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });

/** A folder holding copies of these files of the tree (and its node_modules, linked): an install elsewhere. */
function copyOfTree(files: string[]): string {
  const copy = tempDir();
  for (const f of files) {
    mkdirSync(dirname(join(copy, f)), { recursive: true });
    copyFileSync(join(ROOT, f), join(copy, f));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  return copy;
}

test('the built CLI runs from the bundle', { timeout: 240_000 }, async (t) => {
  const bundle = join(ROOT, 'dist/bundle/main.cjs');
  assert.ok(existsSync(bundle), 'dist/bundle/main.cjs is missing: run `npm run build` (npm ci does it)');
  assert.match(readFileSync(BIN, 'utf8'), /dist\/bundle\/main\.cjs/);
  const dir = tempDir();

  await t.test('the bundles are ASCII (the bin reads main.cjs as latin1, a one-byte string)', () => {
    // scripts/bundle.mjs escapes what esbuild leaves (comments, regular expressions); read as UTF-8, one
    // character beyond ASCII made the 2 MB source a two-byte string, ~9 ms at every start.
    for (const file of ['main.cjs', 'trace-worker.cjs', 'writer-thread.js', 'checkpoint-thread.js'])
      assert.ok(isAscii(readFileSync(join(ROOT, 'dist/bundle', file))), `dist/bundle/${file} is not ASCII`);
  });

  // The cache begins with the path of the bundle it was made for (bin/overthink.js): where this tree
  // was built, unless it was copied since (as CI's stand-alone copy is).
  const cache = readFileSync(`${bundle}.cache`);
  const madeFor = cache.toString('utf8', 0, cache.indexOf(0));

  await t.test('the code cache made by the build is one this Node accepts', () => {
    assert.match(madeFor, /dist[/\\]bundle[/\\]main\.cjs$/, 'the cache names the bundle it was made for');
    const script = new vm.Script(Module.wrap(readFileSync(bundle, 'latin1')), {
      filename: madeFor,
      cachedData: cache.subarray(cache.indexOf(0) + 1),
    });
    assert.equal(script.cachedDataRejected, false);
  });

  await t.test('a copied bundle compiles without the cache made elsewhere, then with its own', async () => {
    // V8 keeps the path a function was compiled at, even restored from a cache at another path, so a
    // copy using the build's cache would show the build's folder in its stack traces. A preload
    // watches what the bin hands V8.
    const copy = copyOfTree([
      'bin/overthink.js',
      'package.json',
      'dist/bundle/main.cjs',
      'dist/bundle/main.cjs.cache',
    ]);
    const probe = join(copy, 'probe.cjs');
    writeFileSync(
      probe,
      `const vm = require('node:vm'); const Script = vm.Script;
vm.Script = function (source, options) {
  const s = new Script(source, options);
  if (String(options?.filename).endsWith('main.cjs'))
    process.stderr.write('cache: ' + (options.cachedData ? (s.cachedDataRejected ? 'rejected' : 'used') : 'none') + '\\n');
  return s;
};
`,
    );
    const run = (bin: string, env: Record<string, string> = {}) =>
      exec(process.execPath, ['--require', probe, bin, '--version'], {
        cwd: dir,
        env: { ...process.env, ...env },
      });
    assert.match((await run(BIN)).stderr, madeFor === bundle ? /^cache: used$/m : /^cache: none$/m);
    const copied = join(copy, 'bin/overthink.js');
    const moved = await run(copied);
    assert.match(moved.stderr, /^cache: none$/m);
    assert.equal(moved.stdout.trim(), JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    // A cache written where the copy lives (as the build's warm-up writes one) is used there.
    await run(copied, { OVERTHINK_WRITE_CODE_CACHE: '1' });
    assert.match((await run(copied)).stderr, /^cache: used$/m);
  });

  await t.test('version from package.json', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.equal((await cli(['--version'], dir)).stdout.trim(), pkg.version);
  });

  await t.test("a config error keeps zod's English message (its other locales are left out)", async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'models: [sim:inverse]\ntasks: [misleading-math]\ntrials: three\n');
    await assert.rejects(cli(['run', '-c', 'bad.yaml'], dir), (e: { code?: number; stderr?: string }) => {
      assert.equal(e.code, 2);
      assert.match(e.stderr ?? '', /bad\.yaml: trials: expected a number, found 'three'/);
      return true;
    });
  });

  await t.test('vendored datasets are found: advanced-AI-risk evals and BBEH zebra', async () => {
    const list = (await cli(['tasks', 'list'], dir)).stdout;
    assert.match(list, /^mwe-survival-instinct\s+\S+\s+\S+\s+\d+/m);
    const solved = (await cli(['zebra', 'solve', join(ROOT, 'data/bbeh-zebra/task.dev.json')], dir)).stdout;
    assert.match(
      solved,
      /solved 100\/100, unique 100\/100 \(20 across readings of ambiguous wording\), matching targets 100\/100/,
    );
  });

  await t.test(
    "the bundle's writing thread compresses long texts with zstd (its binding found beside the bundle)",
    async () => {
      // Were zstd-napi not found from the bundled thread, it would write deflate without a word.
      const db = join(dir, 'zstd.db');
      await cli(
        [
          'run',
          '-m',
          'sim:inverse',
          '-t',
          'misleading-math',
          '--limit',
          '3',
          '--db',
          db,
          '-q',
          '--no-report',
        ],
        dir,
      );
      const store = new Database(db, { readonly: true });
      try {
        const packed = store
          .prepare("SELECT reasoning_text FROM samples WHERE typeof(reasoning_text) = 'blob'")
          .pluck()
          .all() as Buffer[];
        assert.ok(packed.length > 0, 'some reasoning long enough to compress');
        for (const b of packed) assert.equal(isZstdFrame(b), true);
      } finally {
        store.close();
      }
    },
  );

  await t.test(
    "the bundle's checkpointing thread starts beside the writing thread and checkpoints",
    async () => {
      // Were it missing or broken, the writer would checkpoint for itself again without a word.
      const writer = readFileSync(join(ROOT, 'dist/bundle/writer-thread.js'), 'latin1');
      assert.match(writer, /new URL\("\.\/checkpoint-thread\.js", import\.meta\.url\)/);
      const file = join(dir, 'checkpoint.db');
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.pragma('wal_autocheckpoint = 0');
      db.exec('CREATE TABLE t (x BLOB)');
      const insert = db.prepare('INSERT INTO t VALUES (?)');
      for (let i = 0; i < 2000; i++) insert.run(Buffer.alloc(4096, i));
      const state = new Int32Array(new SharedArrayBuffer(Object.keys(CHECKPOINT).length * 4));
      const thread = new Worker(join(ROOT, 'dist/bundle/checkpoint-thread.js'), {
        workerData: { file, shared: state.buffer },
      });
      // Listened for at once: a thread that fails exits at once, before any `finally` could listen.
      const exited = once(thread, 'exit');
      try {
        // ~8 MB committed: a pass is due, which copies the WAL's 2,000 pages into the store file.
        Atomics.store(state, CHECKPOINT.writtenKb, 8192);
        const deadline = Date.now() + 30_000;
        while (statSync(file).size < 2000 * 4096 && Date.now() < deadline) {
          assert.equal(Atomics.load(state, CHECKPOINT.failed), 0, 'the thread failed');
          await sleep(20);
        }
        assert.ok(statSync(file).size >= 2000 * 4096, `the store file holds ${statSync(file).size} bytes`);
        const [pass] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
        assert.equal(pass.checkpointed, pass.log, 'the thread left frames uncopied');
      } finally {
        Atomics.store(state, CHECKPOINT.stop, 1);
        Atomics.notify(state, CHECKPOINT.writtenKb);
        await exited;
        db.close();
      }
    },
  );

  await t.test(
    "report's trace threads run from the bundle; a copy without their file says so at once",
    async (tt) => {
      if (!(poolThreads(POOL_MIN_TRACES) > 0))
        return tt.skip('one core: report reads traces on its main thread');
      // 150 items × 4 budgets × 10 trials: past the count at which report hands traces to threads.
      assert.ok(150 * 4 * 10 > POOL_MIN_TRACES);
      const db = join(dir, 'pool.db');
      const sweep = ['-m', 'sim:inverse', '-t', 'misleading-math', '--budgets', '0,1024,4096,16384'];
      await cli(['run', ...sweep, '--trials', '10', '--limit', '150', '--db', db, '-q', '--no-report'], dir);
      const report = ['report', '--db', db, '--json', '--no-png'];
      const whole = JSON.parse((await cli([...report, '-o', join(dir, 'pool-report')], dir)).stdout);
      assert.equal(whole.samples, 6000);
      // A broken install (the thread's file missing): an error naming it, not a minute's silent wait.
      const copy = copyOfTree(['bin/overthink.js', 'package.json', 'dist/bundle/main.cjs']);
      await assert.rejects(
        exec(process.execPath, [join(copy, 'bin/overthink.js'), ...report, '-o', join(dir, 'broken')], {
          cwd: dir,
        }),
        (e: { code?: number; stderr?: string }) => {
          assert.equal(e.code, 1);
          assert.match(
            e.stderr ?? '',
            /trace pool: a thread could not start: .*dist\/bundle\/trace-worker\.cjs/,
          );
          return true;
        },
      );
    },
  );

  await t.test('a local GGUF model: node-llama-cpp loads through the import the loader lends', async () => {
    // The paper's system prompt and a one-distractor question need more than the tiny model's
    // 512-token training context: a 1024-token context holds them.
    writeFileSync(
      join(dir, 'local.yaml'),
      `models: [{ id: "local:${TINY_GGUF}", options: { contextSize: 1024 } }]\ntasks: [{ id: misleading-math, options: { distractors: [1] } }]\n`,
    );
    const args = ['run', '-c', 'local.yaml'];
    const { stdout } = await cli(
      [...args, '--limit', '1', '--budgets', '8', '--trials', '1', '--db', 'local.db', '--no-report', '-q'],
      dir,
    );
    assert.match(stdout, /stored 1\/1 samples · 1 new · 0 failed/);
  });

  await t.test('demo: a sweep into SQLite, then charts drawn with vega and resvg', async () => {
    const { stdout } = await cli(['demo'], dir);
    assert.match(
      stdout,
      /verdict: \[simulated model\] sim:inverse on misleading-math: ↓ decline, gets worse/,
    );
    // One line names the report to open; it is in a folder of its own for this store and run.
    const open = /^open: (overthink-report\/overthink-r-[0-9a-f]{12}\/report\.html)$/m.exec(stdout)?.[1];
    assert.ok(open, stdout);
    assert.doesNotMatch(stdout, /^wrote /m);
    assert.ok(statSync(join(dir, open)).size > 10_000);
    const png = join(dir, open, '../charts/misleading-math.png');
    assert.ok(existsSync(png), `${png} missing`);
    assert.deepEqual([...readFileSync(png).subarray(1, 4)], [...Buffer.from('PNG')]);
  });
});
