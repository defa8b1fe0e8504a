import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../util/errors.js';

/**
 * The files named on the command line, a folder standing for the files under it that `wanted`
 * accepts (in name order, so every import of a folder reads it the same way). A path that does not
 * exist, or a folder with none of them, is a bad input: nothing is read.
 */
export function expandPaths(paths: string[], wanted: (name: string) => boolean, what: string): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch {
      throw new UserError(`${p}: no such file or folder`);
    }
    if (!st.isDirectory()) {
      out.push(p);
      continue;
    }
    const found = walk(p).filter((f) => wanted(f));
    if (found.length === 0) throw new UserError(`${p}: a folder with no ${what} in it`);
    out.push(...found);
  }
  return out;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}
