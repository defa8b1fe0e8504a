// @ts-check
// The store's writing thread (see writer-sink.ts): its own connection to the store's file, one
// transaction per batch posted, the count of committed batches in shared memory. After a failure it
// commits nothing more; the main thread throws on its next write or drain.
//
// Checkpoints, which wait on the disk, run on a thread of its own (checkpointer.js) once there is
// enough to copy.
//
// Plain JavaScript that imports only plain JavaScript (text-codec.js, checkpointer.js), so that it
// starts as it is wherever it runs: from dist/, from the CLI bundle, and from the sources (under tsx a
// thread inherits `--import tsx` and loads its loader again, but has nothing to transform). Long texts
// are compressed here, off the thread that waits on the model.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { Checkpointer } from './checkpointer.js';
import { compressSampleRow } from './text-codec.js';

/** Indices into the shared Int32Array; keep in step with STATE in writer-sink.ts. */
const COMMITTED = 0;
const ERROR_BYTES = 1;
const READY = 2;
const CLOSED = 3;
const ERROR_OFFSET = 16;

/**
 * `pack`: which statement inserts samples, and where its row holds the texts (text-codec.js).
 * @type {{ file: string, statements: string[], shared: SharedArrayBuffer,
 *   pack?: { statement: number, text: number, reasoning: number, raw: number } }}
 */
const { file, statements, shared, pack } = workerData;
const state = new Int32Array(shared, 0, 4);

/** @param {unknown} err */
function fail(err) {
  if (Atomics.load(state, ERROR_BYTES) > 0) return;
  const space = shared.byteLength - ERROR_OFFSET;
  // SQLite's code first (SQLITE_FULL…), so the main thread can tell a full disk from a fault.
  const code = /** @type {{ code?: unknown }} */ (err)?.code;
  const text = `${typeof code === 'string' ? code : ''}\n${err instanceof Error ? err.message : String(err)}`;
  const bytes = Buffer.from(text).subarray(0, space);
  Buffer.from(shared, ERROR_OFFSET, space).set(bytes);
  Atomics.store(state, ERROR_BYTES, Math.max(1, bytes.length));
  Atomics.notify(state, COMMITTED);
}

/**
 * About the bytes a batch adds to the WAL: its values' sizes (pages and the B-tree's own add a little).
 * @param {unknown[][]} rows
 */
function batchBytes(rows) {
  let n = 0;
  for (const r of rows)
    for (const v of r) n += typeof v === 'string' ? v.length : v instanceof Uint8Array ? v.byteLength : 8;
  return n;
}

/** @type {Database.Database | undefined} */
let db;
/** @type {Checkpointer | undefined} */
let checkpointer;
/** One transaction per batch, with the statement the batch names. @type {((rows: unknown[][]) => void)[]} */
let inserts = [];
try {
  const opened = new Database(file, { fileMustExist: true });
  db = opened;
  db.pragma('busy_timeout = 10000');
  db.pragma('synchronous = NORMAL');
  checkpointer = new Checkpointer(file, opened);
  inserts = statements.map((sql, i) => {
    const stmt = opened.prepare(sql);
    const insert = opened.transaction((/** @type {unknown[][]} */ rows) => {
      for (const r of rows) stmt.run(r);
    });
    if (pack?.statement !== i) return insert;
    // Compressed before the transaction opens: the store's lock is not held meanwhile. The rows come
    // prepared (writer-sink.ts): the raw body compacted, the texts to compress as bytes.
    return (/** @type {unknown[][]} */ rows) => {
      for (const r of rows) compressSampleRow(r, pack);
      insert(rows);
    };
  });
  Atomics.store(state, READY, 1);
} catch (err) {
  fail(err);
}

parentPort?.on('message', (/** @type {[number, unknown[][]] | null} */ batch) => {
  if (batch === null) {
    try {
      checkpointer?.stop();
      db?.close();
    } finally {
      // The main thread waits for this before its own close, which switches the journal mode back.
      Atomics.store(state, CLOSED, 1);
      Atomics.notify(state, CLOSED);
      parentPort?.close();
    }
    return;
  }
  if (inserts.length === 0 || Atomics.load(state, ERROR_BYTES) > 0) return;
  try {
    inserts[batch[0]](batch[1]);
    Atomics.add(state, COMMITTED, 1);
    Atomics.notify(state, COMMITTED);
    checkpointer?.committed(batchBytes(batch[1]));
  } catch (err) {
    fail(err);
  }
});
