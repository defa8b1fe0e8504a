// @ts-check
// The writing thread's end of the checkpointing thread (checkpoint-thread.js). Until that thread is
// ready (it starts once START_BYTES are committed) and after it fails, the writer's connection
// checkpoints as SQLite does by default (at 1,000 frames); in between, the writer only reports what it
// commits, and checkpoints for itself only when the WAL reaches CAP_FRAMES (waiting for a pass of the
// thread's to end first), so that SQLite can rewind the WAL.
//
// Plain JavaScript, as writer-thread.js, which imports it.
import { closeSync, openSync, readSync } from 'node:fs';
import { endianness } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * Indices into the Int32Array both threads share. `writtenKb` counts KB (each commit rounded up): an
 * Int32 of bytes would overflow at 2 GB.
 */
export const CHECKPOINT = { writtenKb: 0, ready: 1, failed: 2, stop: 3, closed: 4, hold: 5, passing: 6 };
/** A pass once the writer has committed this much since the last: SQLite's own is ~1,000 pages. */
export const CHECKPOINT_BYTES = 4 * 2 ** 20;
/** The thread starts once this much is committed: a command that writes a little never starts it. */
const START_BYTES = 2 ** 20;
/**
 * SQLite rewinds the WAL only when a transaction begins with every frame copied, which a writer that
 * never pauses (a fast model) never lets the thread's passes achieve, so the file would grow with the
 * store. At this many frames (~64 MB of 4 KB pages) the writer pauses: it waits for a pass of the
 * thread's under way to end (holding the next), copies what is left itself, and its next transaction
 * rewinds the WAL. Without the wait its pass found the checkpoint busy: on a disk whose fsyncs are
 * slow, the thread's passes followed one another with no gap and the WAL grew to all that was written.
 */
const CAP_FRAMES = 16128;
/**
 * SQLite's automatic checkpoint on the writer meanwhile, a little above CAP_FRAMES: a backstop, for
 * when the WAL-index cannot be read.
 */
const MAX_WAL_FRAMES = 16384;
const LITTLE_ENDIAN = endianness() === 'LE';
/** SQLite's default, for when the thread is not there to checkpoint. */
const AUTO_CHECKPOINT_FRAMES = 1000;
/** How long `stop` waits for a pass held up by the disk; closing the store checkpoints the rest. */
const STOP_MS = 5_000;

export class Checkpointer {
  /** @type {Int32Array} */
  #state = new Int32Array(new SharedArrayBuffer(Object.keys(CHECKPOINT).length * 4));
  #started = false;
  /** Whether the thread does the passes (it is ready and has not failed). */
  #handedOver = false;
  /** @type {string} */
  #file;
  /** @type {{ pragma(source: string): unknown }} */
  #db;
  /** The WAL-index (`-shm`) file, opened at the hand-over. @type {number | undefined} */
  #shm;
  #header = Buffer.alloc(4);

  /**
   * @param {string} file the store
   * @param {{ pragma(source: string): unknown }} db the writer's connection
   */
  constructor(file, db) {
    this.#file = file;
    this.#db = db;
  }

  /**
   * After each commit of the writer's: about how many bytes it wrote.
   * @param {number} bytes
   */
  committed(bytes) {
    const state = this.#state;
    const kb = Math.ceil(bytes / 1024);
    const written = Atomics.add(state, CHECKPOINT.writtenKb, kb) + kb;
    if (!this.#started) {
      if (written * 1024 < START_BYTES) return;
      this.#started = true;
      this.#start();
    }
    Atomics.notify(state, CHECKPOINT.writtenKb);
    if (Atomics.load(state, CHECKPOINT.failed) === 1) {
      if (this.#handedOver) this.#db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_FRAMES}`);
      this.#handedOver = false;
    } else if (!this.#handedOver && Atomics.load(state, CHECKPOINT.ready) === 1) {
      this.#db.pragma(`wal_autocheckpoint = ${MAX_WAL_FRAMES}`);
      this.#handedOver = true;
    }
    if (this.#handedOver && this.#walFrames() >= CAP_FRAMES) this.#capPass();
  }

  /**
   * The frames in the WAL now: `mxFrame` of the WAL-index header, a 32-bit integer at byte 16 of the
   * `-shm` file in the host's byte order (sqlite.org/walformat.html, "The WAL-Index Header"). One read
   * of 4 bytes per commit; 0 when it cannot be read (SQLite's own checkpoint is the backstop then).
   * @returns {number}
   */
  #walFrames() {
    try {
      this.#shm ??= openSync(`${this.#file}-shm`, 'r');
      if (readSync(this.#shm, this.#header, 0, 4, 16) !== 4) return 0;
      return LITTLE_ENDIAN ? this.#header.readUInt32LE(0) : this.#header.readUInt32BE(0);
    } catch {
      return 0;
    }
  }

  /** The writer's own pass at the cap, with the thread held out of its passes meanwhile. */
  #capPass() {
    const state = this.#state;
    // The thread sets `passing` and then reads `hold`; this sets `hold` and then reads `passing`:
    // sequentially consistent, so one of the two sees the other, and no pass of the thread's overlaps.
    Atomics.store(state, CHECKPOINT.hold, 1);
    try {
      while (Atomics.load(state, CHECKPOINT.passing) === 1)
        if (Atomics.wait(state, CHECKPOINT.passing, 1, STOP_MS) === 'timed-out') break;
      this.#db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Ignored, as SQLite ignores its automatic checkpoint's errors: the commit before it stands, and
      // a disk that fails here fails the next commit too, which reports it.
    } finally {
      Atomics.store(state, CHECKPOINT.hold, 0);
      Atomics.notify(state, CHECKPOINT.hold);
    }
  }

  /**
   * Who checkpoints now: the writer (`idle`: the thread not started; `starting`: not yet ready;
   * `failed`: it could not start or failed since), or the thread (`checkpointing`).
   * @returns {'idle' | 'starting' | 'checkpointing' | 'failed'}
   */
  get status() {
    if (!this.#started) return 'idle';
    if (Atomics.load(this.#state, CHECKPOINT.failed) === 1) return 'failed';
    return this.#handedOver ? 'checkpointing' : 'starting';
  }

  /** Stops the thread, waiting (up to STOP_MS) for a pass under way to end. */
  stop() {
    const state = this.#state;
    if (this.#shm !== undefined) closeSync(this.#shm);
    this.#shm = undefined;
    if (!this.#started) return;
    Atomics.store(state, CHECKPOINT.stop, 1);
    Atomics.notify(state, CHECKPOINT.writtenKb);
    Atomics.wait(state, CHECKPOINT.closed, 0, STOP_MS);
  }

  #start() {
    const state = this.#state;
    // A thread that cannot start (or dies) is one that failed: the writer checkpoints again.
    const failed = () => {
      Atomics.store(state, CHECKPOINT.failed, 1);
      Atomics.store(state, CHECKPOINT.closed, 1);
    };
    try {
      // Beside this module in src/, dist/ and the bundle alike (plain JS, as the writing thread).
      const worker = new Worker(new URL('./checkpoint-thread.js', import.meta.url), {
        workerData: { file: this.#file, shared: state.buffer },
        resourceLimits: { maxYoungGenerationSizeMb: 1 },
      });
      worker.on('error', failed);
      // Stopped by `stop`; a writer that fails and is never closed must not keep the process alive.
      worker.unref();
    } catch {
      failed();
    }
  }
}
