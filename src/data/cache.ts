import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where pulled data lives: `$OVERTHINK_CACHE/data/<name>/`, else
 * `${XDG_CACHE_HOME:-~/.cache}/overthink/data/<name>/`. Each dataset folder holds its files and a
 * `manifest.json` with the sha256 of every file and where that checksum came from.
 */
export function dataCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.OVERTHINK_CACHE) return join(env.OVERTHINK_CACHE, 'data');
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'overthink', 'data');
}

export interface ManifestEntry {
  sha256: string;
  bytes: number;
  /** 'published': the catalog's checksum; 'recorded': taken from our first download of the file. */
  checksumSource: 'published' | 'recorded';
  url: string;
  downloadedAt: string;
}

export interface Manifest {
  dataset: string;
  files: Record<string, ManifestEntry>;
}

export const MANIFEST_FILE = 'manifest.json';

export function readManifest(dir: string, dataset: string): Manifest {
  const file = join(dir, MANIFEST_FILE);
  if (!existsSync(file)) return { dataset, files: {} };
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Manifest>;
    if (typeof parsed.files === 'object' && parsed.files !== null) return { dataset, files: parsed.files };
  } catch {
    // fall through: a damaged manifest is treated as empty rather than blocking every pull
  }
  return { dataset, files: {} };
}

/** Written to a temporary file and renamed, so a crash never leaves half a manifest. */
export function writeManifest(dir: string, manifest: Manifest): void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, MANIFEST_FILE);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}
