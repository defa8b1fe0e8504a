import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { Checkpointer } from '../../src/store/checkpointer.js';
import { closeStore, openStore } from '../../src/store/open.js';
import { SampleWriter } from '../../src/store/writer.js';
import { tempDir } from '../helpers/cli.js';
import { incompressibleRow } from '../helpers/sample-row.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HERE = fileURLToPath(new URL('.', import.meta.url));
const MB = 2 ** 20;

/** Commits `step` bytes every 20 ms until the checkpointer's status is `wanted` (at most 20 s). */
async function commitUntil(c: Checkpointer, wanted: Checkpointer['status'], step: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (c.status !== wanted && Date.now() < deadline) {
    await sleep(20);
    c.committed(step);
  }
  assert.equal(c.status, wanted);
}

/** ~84 MB of incompressible rows (~30 KB each): past the WAL's cap of ~64 MB. */
const ROWS = 2800;
/**
 * The largest a WAL may grow: the writer pauses at its cap (~63.4 MB of frames) for its own pass, so
 * only its batch in flight lands on top (20 rows here, ~0.6 MB).
 */
const WAL_BOUND = 66 * MB;

test('a long write is checkpointed into the store file as it goes, and its WAL stays bounded', async () => {
  const dir = tempDir();
  const file = join(dir, 'c.db');
  const db = openStore(file);
  try {
    const w = new SampleWriter(db, { maxRows: 20, maxDelayMs: 10_000 });
    // ~84 MB committed to the WAL by a writer that never pauses, so SQLite never finds the WAL all
    // copied when a transaction begins (when it would rewind it): only the cap rewinds it.
    for (let i = 0; i < ROWS; i++) w.add(incompressibleRow(`k${i}`));
    w.flush();
    const size = (f: string) => statSync(f).size;
    const deadline = Date.now() + 20_000;
    while (size(file) < 64 * MB && Date.now() < deadline) await sleep(50);
    assert.ok(size(file) >= 64 * MB, `the store file holds ${size(file)} bytes while open`);
    // A WAL file keeps the largest size it reached. Before the writer waited for the thread's pass at
    // the cap, its own pass there found the checkpoint busy: 83 MB of this 84 MB write once under the
    // full suite's load.
    const wal = size(`${file}-wal`);
    assert.ok(wal < WAL_BOUND, `the WAL reached ${wal} bytes`);
    w.close();
  } finally {
    closeStore(db);
  }
  const reread = openStore(file);
  try {
    assert.equal((reread.prepare('SELECT COUNT(*) c FROM samples').get() as { c: number }).c, ROWS);
  } finally {
    closeStore(reread);
  }
});

test('the writer hands its checkpoints to the thread once the thread is ready, from 1 MB on', async () => {
  const file = join(tempDir(), 'h.db');
  closeStore(openStore(file));
  // The writer's connection is a recorder here; the thread opens the store itself.
  const pragmas: string[] = [];
  const c = new Checkpointer(file, { pragma: (s: string) => void pragmas.push(s) });
  const status = () => c.status;
  c.committed(512 * 1024);
  assert.equal(status(), 'idle', 'below 1 MB nothing starts');
  c.committed(512 * 1024);
  const deadline = Date.now() + 20_000;
  while (status() === 'starting' && Date.now() < deadline) {
    assert.equal(pragmas.length, 0, 'the writer gave up its checkpoints before the thread was ready');
    await sleep(20);
    c.committed(1024);
  }
  assert.equal(status(), 'checkpointing');
  // SQLite's own checkpoint then waits for 64 MB: the thread copies long before.
  assert.deepEqual(pragmas, ['wal_autocheckpoint = 16384']);
  c.stop();
});

test('a checkpointing thread that cannot start leaves the checkpoints with the writer', async () => {
  const pragmas: string[] = [];
  const c = new Checkpointer(join(tempDir(), 'missing.db'), { pragma: (s: string) => void pragmas.push(s) });
  c.committed(2 ** 20);
  await commitUntil(c, 'failed', 1024);
  assert.equal(pragmas.length, 0);
  c.stop();
});

test('a checkpointing thread that fails after it was ready gives the writer its checkpoints back', async () => {
  const file = join(tempDir(), 'f.db');
  closeStore(openStore(file));
  // Frames in the WAL that the thread's first pass will read: a connection that never checkpoints.
  const frames = new Database(file);
  frames.pragma('journal_mode = WAL');
  frames.pragma('wal_autocheckpoint = 0');
  frames.exec('CREATE TABLE pad (b BLOB)');
  for (let i = 0; i < 50; i++) frames.prepare('INSERT INTO pad VALUES (?)').run(Buffer.alloc(4000, i));
  const pragmas: string[] = [];
  const c = new Checkpointer(file, { pragma: (s: string) => void pragmas.push(s) });
  c.committed(2 ** 20);
  await commitUntil(c, 'checkpointing', 1024);
  assert.deepEqual(pragmas, ['wal_autocheckpoint = 16384']);
  // The WAL cut short under it (as a failing disk would read): the next pass, due after 4 MB more,
  // fails with SQLITE_IOERR_SHORT_READ, and the next commit after that sees it.
  truncateSync(`${file}-wal`, 0);
  await commitUntil(c, 'failed', 4 * MB);
  assert.deepEqual(pragmas, ['wal_autocheckpoint = 16384', 'wal_autocheckpoint = 1000']);
  c.committed(4 * MB);
  assert.equal(pragmas.length, 2, 'the writer is told once');
  c.stop();
  try {
    frames.close();
  } catch {
    // Its WAL was cut short: closing may report that too.
  }
});

/**
 * An LD_PRELOAD library that logs each fsync and each write to a WAL with the OS thread doing it, so
 * the test can tell the writing thread (the one that appends to the WAL) from the others; with
 * SHIM_SYNC_DELAY_MS it makes each fsync that much slower, as a slow disk would (logging then off).
 */
const SHIM = String.raw`
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
static void note(const char *what, int fd) {
  const char *delay = getenv("SHIM_SYNC_DELAY_MS");
  if (delay) {
    if (what[0] == 's') usleep(atoi(delay) * 1000);
    return;
  }
  char link[64], path[512];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t k = readlink(link, path, sizeof path - 1);
  if (k <= 0) return;
  path[k] = 0;
  if (what[0] == 'w' && (k < 4 || strcmp(path + k - 4, "-wal") != 0)) return;
  fprintf(stderr, "%s %ld %s\n", what, (long)syscall(SYS_gettid), path);
}
int fsync(int fd) { static int (*real)(int); if (!real) real = dlsym(RTLD_NEXT, "fsync"); note("sync", fd); return real(fd); }
int fdatasync(int fd) { static int (*real)(int); if (!real) real = dlsym(RTLD_NEXT, "fdatasync"); note("sync", fd); return real(fd); }
ssize_t pwrite64(int fd, const void *b, size_t n, off_t o) {
  static ssize_t (*real)(int, const void *, size_t, off_t);
  if (!real) real = dlsym(RTLD_NEXT, "pwrite64");
  note("write", fd);
  return real(fd, b, n, o);
}
`;

const cc = spawnSync('cc', ['--version']).status === 0;
const NO_CC = cc ? false : 'no C compiler (cc) to build the fsync-logging library';

/**
 * write-long.ts with the shim preloaded: `count` rows into a new store in a new folder. Undefined
 * (the test skipped) where the dynamic loader will not preload it (a noexec /tmp, say).
 */
function writeLongWithShim(t: { skip(why: string): void }, count: number, env: NodeJS.ProcessEnv = {}) {
  const dir = tempDir();
  writeFileSync(join(dir, 'shim.c'), SHIM);
  const built = spawnSync(
    'cc',
    ['-shared', '-fPIC', '-O1', '-o', join(dir, 'shim.so'), join(dir, 'shim.c'), '-ldl'],
    { encoding: 'utf8' },
  );
  assert.equal(built.status, 0, built.stderr);
  const file = join(dir, 's.db');
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(HERE, 'write-long.ts'), file, String(count)],
    {
      cwd: ROOT,
      env: { ...process.env, ...env, LD_PRELOAD: join(dir, 'shim.so') },
      encoding: 'utf8',
      maxBuffer: 64 * MB,
    },
  );
  assert.equal(r.status, 0, r.stderr.slice(-2000));
  if (/cannot be preloaded/.test(r.stderr)) {
    t.skip(
      `the dynamic loader would not preload the library: ${/.*cannot be preloaded.*/.exec(r.stderr)?.[0]}`,
    );
    return undefined;
  }
  return { file, r };
}

test('on a slow disk (every fsync 30 ms longer) the WAL stays as bounded', { skip: NO_CC }, (t) => {
  // Each of the thread's passes then outlasts the writer's next 4 MB, so they follow one another with
  // no gap: before the writer held them off at the cap, its own pass there was always busy and the
  // WAL grew to all that was written (92 MB of frames for this write, 184 MB for twice as many rows).
  const written = writeLongWithShim(t, ROWS, { SHIM_SYNC_DELAY_MS: '30' });
  if (!written) return;
  const wal = Number(written.r.stdout.trim());
  assert.ok(wal > 0, written.r.stdout);
  assert.ok(wal < WAL_BOUND, `the WAL reached ${wal} bytes`);
});

test('the writing thread never checkpoints (no fsync of the store file): its checkpointing thread does', {
  skip: NO_CC,
}, (t) => {
  const written = writeLongWithShim(t, 1000);
  if (!written) return;
  const { file, r } = written;
  const lines = r.stderr
    .split('\n')
    .map((l) => l.split(' '))
    .filter((p) => p.length === 3);
  const main = String(r.pid);
  // The writing thread appends nearly every WAL frame (the main thread writes the schema and the run).
  const writes = new Map<string, number>();
  for (const [what, tid] of lines) if (what === 'write') writes.set(tid, (writes.get(tid) ?? 0) + 1);
  const [writer] = [...writes].filter(([tid]) => tid !== main).sort((a, b) => b[1] - a[1])[0] ?? [];
  assert.ok(writer, 'no thread but the main one wrote the WAL');
  const syncs = (f: string, tid: (t: string) => boolean) =>
    lines.filter(([what, t, path]) => what === 'sync' && path === f && tid(t));
  // A checkpoint syncs the WAL, copies it, and syncs the store file when it copied the whole WAL (a
  // writer that never pauses rarely lets it: then the close does).
  assert.deepEqual(
    syncs(file, (t) => t === writer),
    [],
    'the writing thread synced the store file',
  );
  const others = syncs(`${file}-wal`, (t) => t !== writer && t !== main);
  assert.ok(others.length >= 1, 'no checkpointing thread synced the WAL');
});
