import { statfsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError } from './errors.js';

/**
 * Errors of the file system (from Node or from SQLite) said in words, so that an ordinary path
 * mistake or a full disk is a one-line message naming the path, never a stack trace.
 */
const REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  EEXIST: 'it already exists',
  ENAMETOOLONG: 'the name is too long',
  ENOSPC: 'no space left on the disk',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file is too large',
  SQLITE_READONLY: 'read-only',
  SQLITE_CANTOPEN: 'cannot open the file',
  SQLITE_FULL: 'no space left on the disk',
};

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The reason for a file-system error in words, or undefined when it is not one we know. */
export function fsReason(err: unknown): string | undefined {
  const code = codeOf(err);
  if (code === undefined) return undefined;
  // SQLite's extended codes (SQLITE_READONLY_DBMOVED…) share their primary code's reason.
  return REASONS[code] ?? REASONS[code.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1')];
}

/** Whether `err` says the disk (or the user's quota on it) is full. */
export function isDiskFull(err: unknown): boolean {
  const code = codeOf(err);
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL') return true;
  // The store's writing thread passes SQLite's message on.
  return /database or disk is full|no space left on device/i.test((err as Error | undefined)?.message ?? '');
}

/** The folder a path's file system is mounted at: the highest ancestor on the same device. */
export function mountPointOf(path: string): string {
  let dir = resolve(path);
  // The path itself may not exist yet (a file about to be written): start from what does.
  for (;;) {
    try {
      statSync(dir);
      break;
    } catch {
      if (dirname(dir) === dir) return dir;
      dir = dirname(dir);
    }
  }
  const dev = statSync(dir).dev;
  for (;;) {
    const up = dirname(dir);
    if (up === dir || statSync(up).dev !== dev) return dir;
    dir = up;
  }
}

/** "the disk mounted at /x (12 kB free)": which disk, for a full-disk message. */
export function diskOf(path: string): string {
  const mount = mountPointOf(path);
  try {
    const s = statfsSync(mount);
    return `the disk mounted at ${mount} (${Math.floor((s.bavail * s.bsize) / 1024)} kB free)`;
  } catch {
    return `the disk mounted at ${mount}`;
  }
}

/**
 * A user error for a file that could not be written (or read): `what` says what the file is for.
 * Errors that are not about the file system are returned unchanged.
 */
export function fileError(path: string, what: string, err: unknown): unknown {
  if (err instanceof UserError) return err;
  if (isDiskFull(err)) return new UserError(`${path}: cannot write ${what}: ${diskOf(path)} is full`);
  const reason = fsReason(err);
  return reason ? new UserError(`${path}: cannot write ${what} (${reason})`) : err;
}
