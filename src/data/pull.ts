import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../util/errors.js';
import { redactUrlCredentials } from '../util/secrets.js';
import { dataCacheRoot, MANIFEST_FILE, type ManifestEntry, readManifest, writeManifest } from './cache.js';
import { DATASETS, type DatasetSpec, findDataset } from './catalog.js';
import { DownloadError, downloadWithResume } from './download.js';
import type { ProgressSink } from './progress.js';

export interface PullOptions {
  /** Replaces every file's scheme and host, e.g. a mirror or http://127.0.0.1:port in tests. */
  baseUrl?: string;
  /** Defaults to dataCacheRoot(env). */
  cacheRoot?: string;
  /** Download again even if a verified copy is cached (the new copy must still pass its checksum). */
  force?: boolean;
  sink?: ProgressSink;
  env?: NodeJS.ProcessEnv;
  fetchImpl?: typeof fetch;
  attempts?: number;
  retryDelayMs?: number;
  idleTimeoutMs?: number;
  signal?: AbortSignal;
}

export interface PulledFile {
  name: string;
  path: string;
  sha256: string;
  bytes: number;
  status: 'cached' | 'downloaded';
  /** 'recorded-now' means no checksum was known and this pull recorded one. */
  checksum: 'published' | 'recorded' | 'recorded-now';
}

export interface PullResult {
  dataset: string;
  dir: string;
  files: PulledFile[];
}

export function resolveDataset(name: string): DatasetSpec {
  const spec = findDataset(name);
  if (!spec) {
    throw new UserError(
      `unknown dataset '${name}': expected one of ${DATASETS.map((d) => d.name).join(', ')}`,
    );
  }
  return spec;
}

/**
 * Fetches every file of a dataset into the cache, verifying sha256 checksums. A file with no
 * published checksum gets one recorded on first download (and the user is told); later pulls and
 * cached copies are verified against it. A file that fails its checksum is deleted, never kept.
 */
export async function pullDataset(
  dataset: string | DatasetSpec,
  opts: PullOptions = {},
): Promise<PullResult> {
  const spec = typeof dataset === 'string' ? resolveDataset(dataset) : dataset;
  const sink = opts.sink ?? process.stderr;
  const env = opts.env ?? process.env;
  const origin = normaliseBaseUrl(opts.baseUrl ?? spec.origin);
  const dir = join(opts.cacheRoot ?? dataCacheRoot(env), spec.name);
  const created = !existsSync(dir);
  mkdirSync(dir, { recursive: true });
  try {
    return await pullInto(spec, dir, origin, opts, sink, env);
  } catch (err) {
    // A pull that fetched nothing leaves no empty folder behind (`data list` would show it).
    if (created && readdirSync(dir).length === 0) rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

async function pullInto(
  spec: DatasetSpec,
  dir: string,
  origin: string,
  opts: PullOptions,
  sink: ProgressSink,
  env: NodeJS.ProcessEnv,
): Promise<PullResult> {
  const manifest = readManifest(dir, spec.name);
  const manifestPath = join(dir, MANIFEST_FILE);
  const files: PulledFile[] = [];

  for (const f of spec.files) {
    const dest = join(dir, f.name);
    const part = `${dest}.part`;
    const label = `${spec.name}/${f.name}`;
    const known = manifest.files[f.name];
    const expected = f.sha256 ?? known?.sha256;
    const source: 'published' | 'recorded' = f.sha256 ? 'published' : 'recorded';
    // --force skips the cache and any partial file; a verified cached copy stays until its replacement verifies.
    if (opts.force) rmSync(part, { force: true });

    if (!opts.force && existsSync(dest)) {
      const actual = await sha256File(dest);
      if (expected === undefined || actual === expected) {
        const bytes = statSync(dest).size;
        if (expected === undefined) {
          manifest.files[f.name] = entry(actual, bytes, 'recorded', known?.url ?? origin + f.path);
          writeManifest(dir, manifest);
          sink.write(`${label}: no checksum known; recorded sha256 ${actual} of the cached copy\n`);
        } else {
          sink.write(`${label}: cached, sha256 verified\n`);
        }
        files.push({
          name: f.name,
          path: dest,
          sha256: actual,
          bytes,
          status: 'cached',
          checksum: expected === undefined ? 'recorded-now' : source,
        });
        continue;
      }
      sink.write(`${label}: cached copy fails its checksum; downloading it again\n`);
      rmSync(dest);
    }

    const url = origin + f.path;
    const { bytes } = await downloadWithResume(url, part, {
      label,
      sink,
      headers: authHeaders(url, env),
      attempts: opts.attempts,
      retryDelayMs: opts.retryDelayMs,
      idleTimeoutMs: opts.idleTimeoutMs,
      fetchImpl: opts.fetchImpl,
      signal: opts.signal,
    });
    const actual = await sha256File(part);
    if (expected !== undefined && actual !== expected) {
      rmSync(part, { force: true });
      const hint =
        source === 'recorded'
          ? ` If the file changed upstream on purpose, remove its entry from ${manifestPath} and pull again.`
          : '';
      throw new DownloadError(
        `${label}: checksum mismatch: expected sha256 ${expected} (${source}), got ${actual}; the download was deleted.${hint}`,
        'checksum',
      );
    }
    renameSync(part, dest);
    manifest.files[f.name] = entry(actual, bytes, expected === undefined ? 'recorded' : source, url);
    writeManifest(dir, manifest);
    if (expected === undefined) {
      sink.write(
        `${label}: no published checksum; recorded sha256 ${actual} on this first download (later pulls verify against it)\n`,
      );
    } else {
      sink.write(`${label}: sha256 verified\n`);
    }
    files.push({
      name: f.name,
      path: dest,
      sha256: actual,
      bytes,
      status: 'downloaded',
      checksum: expected === undefined ? 'recorded-now' : source,
    });
  }
  return { dataset: spec.name, dir, files };
}

export interface DatasetStatus {
  name: string;
  description: string;
  licence: string;
  dir: string;
  files: number;
  cached: number;
  /** Files with a `.part` left by an interrupted pull. */
  partial: number;
  bytes: number;
}

/** What the catalog offers and what the cache holds, without touching the network. */
export function listDatasets(opts: { cacheRoot?: string; env?: NodeJS.ProcessEnv } = {}): DatasetStatus[] {
  const root = opts.cacheRoot ?? dataCacheRoot(opts.env ?? process.env);
  return DATASETS.map((spec) => {
    const dir = join(root, spec.name);
    const present = existsSync(dir) ? new Set(readdirSync(dir)) : new Set<string>();
    const cached = spec.files.filter((f) => present.has(f.name));
    return {
      name: spec.name,
      description: spec.description,
      licence: spec.licence,
      dir,
      files: spec.files.length,
      cached: cached.length,
      partial: spec.files.filter((f) => present.has(`${f.name}.part`)).length,
      bytes: cached.reduce((s, f) => s + statSync(join(dir, f.name)).size, 0),
    };
  });
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function entry(sha256: string, bytes: number, checksumSource: ManifestEntry['checksumSource'], url: string) {
  // A mirror's URL may carry a key (user:key@, ?token=): the cache's manifest keeps it blanked.
  return {
    sha256,
    bytes,
    checksumSource,
    url: redactUrlCredentials(url),
    downloadedAt: new Date().toISOString(),
  };
}

function normaliseBaseUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new UserError(`--base-url: expected an http(s) URL such as https://huggingface.co, got '${raw}'`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new UserError(`--base-url: expected an http(s) URL, got '${raw}'`);
  }
  return raw.replace(/\/+$/, '');
}

/** HF_TOKEN is sent to huggingface.co only, never to a --base-url mirror. */
function authHeaders(url: string, env: NodeJS.ProcessEnv): Record<string, string> {
  const token = env.HF_TOKEN;
  return token && new URL(url).origin === 'https://huggingface.co'
    ? { Authorization: `Bearer ${token}` }
    : {};
}
