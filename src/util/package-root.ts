import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The package's folder (the one holding package.json), found by walking up from this module. The
 * module sits at different depths under src/ (tsx), dist/ (tsc) and dist/bundle/ (the CLI bundle),
 * so no fixed relative path serves all three.
 */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the overthink package folder');
    dir = up;
  }
  root = dir;
  return dir;
}

/** A file shipped with the package, e.g. `packageFile('data', 'bbeh-zebra', 'task.dev.json')`. */
export function packageFile(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}
