import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tempDir } from './cli.js';

/**
 * A small tmpfs of its own: a real full disk (ENOSPC) or a real read-only file system (EROFS), as
 * root can mount one (CI runs as root on Debian). Where mounting is not permitted, `skip` says why,
 * and the test skips with that reason printed.
 */
export interface Tmpfs {
  dir: string;
  /** Remounts with other options: `ro`, `rw`, `size=20m`. */
  remount(options: string): void;
  unmount(): void;
}

export function mountTmpfs(size: string): Tmpfs | { skip: string } {
  const dir = tempDir('overthink-mount-');
  const r = mount(['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  if (r) {
    rmSync(dir, { recursive: true, force: true });
    return { skip: `cannot mount a tmpfs here (${r}); run as root to test a full or read-only disk` };
  }
  return {
    dir,
    remount(options) {
      const err = mount(['-o', `remount,${options}`, dir]);
      if (err) throw new Error(`remount ${options}: ${err}`);
    },
    unmount() {
      spawnSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs mount; the reason it failed, or undefined. */
function mount(args: string[]): string | undefined {
  const r = spawnSync('mount', args, { encoding: 'utf8' });
  if (r.error) return r.error.message;
  return r.status === 0 ? undefined : r.stderr.trim() || `exit ${r.status}`;
}
