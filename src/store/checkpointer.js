// @ts-check
// The writing thread's end of the checkpointing thread (checkpoint-thread.js). Until that thread is
// ready (it starts once START_BYTES are committed) and after it fails, the writer's connection
// checkpoints for itself (SQLite's automatic checkpoint); in between, the writer only reports what it
// commits, and checkpoints for itself only when the WAL has grown past MAX_WAL_FRAMES.
//
// Plain JavaScript, as writer-thread.js, which imports it.
import { Worker } from 'node:worker_threads';

/** Indices into the Int32Array both threads share. */
export const CHECKPOINT = {
  writtenKb: 0,
  ready: 1,
  failed: 2,
  stop: 3,
  closed: 4,
  /** The WAL's frames when the last pass began, and `writtenKb` then. */
  walFrames: 5,
  walAtKb: 6,
};
/** A pass once the writer has committed this much since the last: SQLite's own is ~1,000 pages. */
export const CHECKPOINT_BYTES = 4 * 2 ** 20;
/** The thread starts once this much is committed: a command that writes a little never starts it. */
const START_BYTES = 2 ** 20;
/**
 * WAL frames past which the writer checkpoints for itself. SQLite rewinds the WAL only when a
 * transaction begins with every frame copied; a writer that never pauses (a fast model) may never
 * find it so, and the file would grow with the store. 64 MB of 4 KB pages.
 */
const MAX_WAL_FRAMES = 16384;
/** A frame is a page (4 KB unless the store was made otherwise) and a 24-byte header. */
const FRAME_KB = 4;
/** SQLite's default, restored when the thread is not there to checkpoint. */
const AUTO_CHECKPOINT_PAGES = 1000;
/** How long `stop` waits for a pass held up by the disk; closing the store checkpoints the rest. */
const STOP_MS = 5_000;

export class Checkpointer {
  /** @type {Int32Array} */
  #state = new Int32Array(new SharedArrayBuffer(Object.keys(CHECKPOINT).length * 4));
  #started = false;
  /** Whether the writer's automatic checkpoint is off (the thread is ready and has not failed). */
  #handedOver = false;
  /** Bytes committed and not yet counted in `writtenKb` (it counts whole KB). */
  #bytes = 0;
  /** @type {string} */
  #file;
  /** @type {{ pragma(source: string): unknown }} */
  #db;

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
    this.#bytes += bytes;
    const kb = Math.floor(this.#bytes / 1024);
    this.#bytes -= kb * 1024;
    const written = Atomics.add(state, CHECKPOINT.writtenKb, kb) + kb;
    if (!this.#started) {
      if (written * 1024 < START_BYTES) return;
      this.#started = true;
      this.#start();
    }
    Atomics.notify(state, CHECKPOINT.writtenKb);
    if (Atomics.load(state, CHECKPOINT.failed) === 1) {
      if (this.#handedOver) this.#db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
      this.#handedOver = false;
      return;
    }
    if (!this.#handedOver) {
      // Until the thread has its connection, SQLite's automatic checkpoint keeps the WAL short.
      if (Atomics.load(state, CHECKPOINT.ready) !== 1) return;
      this.#db.pragma('wal_autocheckpoint = 0');
      this.#handedOver = true;
    }
    // The frames the last pass found, and about as many more as the writer has committed since.
    const sincePass = written - Atomics.load(state, CHECKPOINT.walAtKb);
    if (Atomics.load(state, CHECKPOINT.walFrames) + sincePass / FRAME_KB < MAX_WAL_FRAMES) return;
    // The thread's passes have copied most of it: this one copies the rest, and the writer's next
    // transaction rewinds the WAL. Busy (the thread mid-pass): at the next commit.
    const [pass] = /** @type {{ busy: number }[]} */ (this.#db.pragma('wal_checkpoint(PASSIVE)'));
    if (pass.busy) return;
    Atomics.store(state, CHECKPOINT.walFrames, 0);
    Atomics.store(state, CHECKPOINT.walAtKb, written);
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
