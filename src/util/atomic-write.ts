import { randomBytes } from 'node:crypto';
import {
  closeSync,
  createWriteStream,
  fchmodSync,
  fsyncSync,
  lstatSync,
  openSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { UserError } from './errors.js';
import { fileError } from './fs-errors.js';

/**
 * Every output file is written whole or not at all: into a temporary file in the same folder,
 * synced, then renamed over the target. A failure (a full disk, a bad path, an error half-way)
 * leaves the file that was there before untouched and no partial or empty file behind.
 */

/** Writes `data` (text, bytes, or pieces of either) to `file` atomically. `what` names it in errors. */
export function writeFileAtomic(
  file: string,
  data: string | Uint8Array | Iterable<string | Uint8Array>,
  what = 'the file',
): void {
  const t = openTemp(file, what);
  try {
    const pieces = typeof data === 'string' || data instanceof Uint8Array ? [data] : data;
    for (const p of pieces) writeAll(t.fd, typeof p === 'string' ? Buffer.from(p) : p);
    commit(t);
  } catch (err) {
    abandon(t);
    throw fileError(file, what, err);
  }
}

/**
 * Streams into `file` atomically: `fill` writes to the stream it is given and resolves when done.
 * A write error (ENOSPC…) rejects, whatever `fill` is waiting on.
 */
export async function writeStreamAtomic(
  file: string,
  fill: (out: Writable) => Promise<unknown>,
  what = 'the file',
): Promise<void> {
  const t = openTemp(file, what);
  const out = createWriteStream('', { fd: t.fd, autoClose: false });
  // `on`, not `once`: a write after the first error errors again, and must not go uncaught.
  const failed = new Promise<never>((_, reject) => out.on('error', reject));
  failed.catch(() => {}); // observed below; never an unhandled rejection
  const filling = fill(out);
  try {
    await Promise.race([filling, failed]);
    await Promise.race([new Promise<void>((res) => out.end(res)), failed]);
    if (out.errored) throw out.errored;
    commit(t);
  } catch (err) {
    // Destroying the stream closes the descriptor once its pending writes are done: wait for that,
    // or a late write could land in a file opened meanwhile under the same descriptor number.
    if (!out.closed) await new Promise<void>((res) => out.once('close', () => res()).destroy());
    t.closed = true;
    // `fill` stops at its next write to the destroyed stream; wait for it, so that whatever it reads
    // from (a store's statement) is released before the caller closes it.
    await filling.catch(() => {});
    abandon(t);
    throw fileError(file, what, err);
  }
}

interface Temp {
  /** The file renamed over: a symlink's target, so the link stays a link. */
  target: string;
  path: string;
  fd: number;
  closed: boolean;
}

function openTemp(file: string, what: string): Temp {
  const target = resolveTarget(file, what);
  const path = join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (err) {
    throw fileError(file, what, err);
  }
  // A file written again keeps its permissions.
  try {
    fchmodSync(fd, statSync(target).mode & 0o7777);
  } catch {
    // no file there yet
  }
  return { target, path, fd, closed: false };
}

/** Where the bytes go: the file, or the file a symlink points at; never a folder. */
function resolveTarget(file: string, what: string): string {
  let st: ReturnType<typeof lstatSync> | undefined;
  try {
    st = lstatSync(file);
  } catch {
    return file;
  }
  if (st.isSymbolicLink()) {
    try {
      return realpathSync(file);
    } catch {
      return file;
    }
  }
  if (st.isDirectory()) throw new UserError(`${file}: cannot write ${what} (it is a folder)`);
  return file;
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
}

function commit(t: Temp): void {
  fsyncSync(t.fd);
  closeSync(t.fd);
  t.closed = true;
  renameSync(t.path, t.target);
}

function abandon(t: Temp): void {
  try {
    if (!t.closed) closeSync(t.fd);
  } catch {
    // already closed
  }
  try {
    unlinkSync(t.path);
  } catch {
    // never created, or already gone
  }
}

/**
 * Checks, before any long work, that `file` can be an output: its folder exists and it is not a
 * folder itself. `flag` names the option in the message.
 */
export function checkOutputFile(file: string, flag: string): void {
  const dir = dirname(file) || '.';
  let st: ReturnType<typeof statSync> | undefined;
  try {
    st = statSync(dir);
  } catch {
    throw new UserError(`${flag} ${file}: the folder ${dir} does not exist`);
  }
  if (!st.isDirectory()) throw new UserError(`${flag} ${file}: ${dir} is not a folder`);
  try {
    if (statSync(file).isDirectory()) throw new UserError(`${flag} ${file}: expected a file, found a folder`);
  } catch (err) {
    if (err instanceof UserError) throw err;
  }
}

/** Checks that `dir` can be an output folder: a folder already, or nothing yet (it is created). */
export function checkOutputDir(dir: string, flag: string): void {
  let st: ReturnType<typeof statSync> | undefined;
  try {
    st = statSync(dir);
  } catch {
    return;
  }
  if (!st.isDirectory()) throw new UserError(`${flag} ${dir}: expected a folder, found a file`);
}
