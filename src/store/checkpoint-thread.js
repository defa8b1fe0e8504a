// @ts-check
// The store's checkpointing thread, started by the writing thread (checkpointer.js): its own
// connection copies the pages the writer has committed to the WAL into the database file. A checkpoint
// waits on two fsyncs, and a busy or networked disk can hold one for a second; done on the writing
// thread, as SQLite's automatic checkpoint does, that second stopped every commit and, once the batches
// in flight ran out, the thread that waits on the model (docs/PERFORMANCE.md, part L).
//
// Its loop blocks in Atomics.wait between passes (it has nothing else to do): a pass once the writer
// has committed CHECKPOINT_BYTES since the last one, as SQLite's own ~1,000 pages; none while the
// writer holds them for its own pass at the WAL's cap. After a failure it says so and stops; the
// writer then checkpoints for itself again.
import { workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { CHECKPOINT, CHECKPOINT_BYTES } from './checkpointer.js';

/** @type {{ file: string, shared: SharedArrayBuffer }} */
const { file, shared } = workerData;
const state = new Int32Array(shared);

/** @type {Database.Database | undefined} */
let db;
try {
  db = new Database(file, { fileMustExist: true });
  // PASSIVE never waits on a lock; the timeout covers opening and reading the schema.
  db.pragma('busy_timeout = 10000');
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 0');
  Atomics.store(state, CHECKPOINT.ready, 1);
  let done = 0;
  for (;;) {
    const written = Atomics.load(state, CHECKPOINT.writtenKb);
    if (Atomics.load(state, CHECKPOINT.stop) === 1) break;
    if ((written - done) * 1024 < CHECKPOINT_BYTES) {
      // Woken by each commit and by `stop`; the timeout only covers a stop set just before the wait.
      Atomics.wait(state, CHECKPOINT.writtenKb, written, 1000);
      continue;
    }
    // Not while the writer holds the passes for its own at the WAL's cap (checkpointer.js, capPass):
    // `passing` is set before `hold` is read, and the writer sets `hold` before it reads `passing`.
    Atomics.store(state, CHECKPOINT.passing, 1);
    if (Atomics.load(state, CHECKPOINT.hold) === 1) {
      Atomics.store(state, CHECKPOINT.passing, 0);
      Atomics.notify(state, CHECKPOINT.passing);
      Atomics.wait(state, CHECKPOINT.hold, 1, 1000);
      continue;
    }
    done = written;
    try {
      // Busy (a checkpoint by another process) needs nothing: that pass does the copying.
      db.pragma('wal_checkpoint(PASSIVE)');
    } finally {
      Atomics.store(state, CHECKPOINT.passing, 0);
      Atomics.notify(state, CHECKPOINT.passing);
    }
  }
} catch {
  // A disk that fails here fails the writer's own commits too, which report it.
  Atomics.store(state, CHECKPOINT.failed, 1);
} finally {
  try {
    db?.close();
  } finally {
    Atomics.store(state, CHECKPOINT.closed, 1);
    Atomics.notify(state, CHECKPOINT.closed);
  }
}
