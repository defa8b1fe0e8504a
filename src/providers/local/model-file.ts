import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DownloadError, downloadWithResume } from '../../data/download.js';
import type { ProgressSink } from '../../data/progress.js';
import { UserError } from '../../util/errors.js';

/**
 * Where a `local:` model's GGUF file is. `local:<path.gguf>` is a file on disk (relative to the working
 * directory, `~` allowed). `local:hf:<owner>/<repo>/<file>.gguf` is a file of a Hugging Face repository:
 * downloaded on first use into `$OVERTHINK_CACHE/models/hf/<owner>/<repo>/<revision>/<file>` (else
 * `${XDG_CACHE_HOME:-~/.cache}/overthink/models/…`), with a progress bar and HTTP Range resume. The host
 * is `$OVERTHINK_HF_ENDPOINT` (else https://huggingface.co); `$HF_TOKEN` is sent for gated repositories, to huggingface.co only.
 * With `OVERTHINK_OFFLINE=1` or `HF_HUB_OFFLINE=1` nothing is downloaded.
 */

export interface HfRef {
  owner: string;
  repo: string;
  file: string;
}

export function parseHfRef(ref: string, spec: string): HfRef {
  const m = /^([^/\s]+)\/([^/\s]+)\/(.+\.gguf)$/i.exec(ref);
  if (!m || m[3].split('/').some((p) => p === '' || p === '.' || p === '..')) {
    throw new UserError(`model '${spec}': expected local:hf:<owner>/<repo>/<file>.gguf`);
  }
  return { owner: m[1], repo: m[2], file: m[3] };
}

export function modelCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.OVERTHINK_CACHE) return join(env.OVERTHINK_CACHE, 'models');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'overthink', 'models');
}

export function hfUrl(ref: HfRef, revision: string, env: NodeJS.ProcessEnv = process.env): string {
  const host = (env.OVERTHINK_HF_ENDPOINT || 'https://huggingface.co').replace(/\/+$/, '');
  const file = ref.file.split('/').map(encodeURIComponent).join('/');
  return `${host}/${ref.owner}/${ref.repo}/resolve/${encodeURIComponent(revision)}/${file}`;
}

export function hfCachePath(ref: HfRef, revision: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(modelCacheRoot(env), 'hf', ref.owner, ref.repo, revision, ...ref.file.split('/'));
}

export interface ResolveOptions {
  revision?: string;
  env?: NodeJS.ProcessEnv;
  sink?: ProgressSink;
  /** Download tuning (tests shorten the back-off). */
  attempts?: number;
  retryDelayMs?: number;
}

/** The path of the model file, downloading it first when it is a `hf:` file not yet in the cache. */
export async function resolveModelFile(spec: string, opts: ResolveOptions = {}): Promise<string> {
  const env = opts.env ?? process.env;
  const ref = spec.slice(spec.indexOf(':') + 1);
  if (!ref.startsWith('hf:')) {
    const path = resolve(ref.replace(/^~(?=$|\/)/, homedir()));
    if (!existsSync(path) || !statSync(path).isFile()) {
      throw new UserError(
        `model '${spec}': no file at ${path}; give the path of a .gguf file, or local:hf:<owner>/<repo>/<file>.gguf to download one`,
      );
    }
    return path;
  }
  const hf = parseHfRef(ref.slice(3), spec);
  const revision = opts.revision ?? 'main';
  const target = hfCachePath(hf, revision, env);
  if (existsSync(target)) return target;
  const url = hfUrl(hf, revision, env);
  const howTo = `download ${url} to ${target} (or set OVERTHINK_CACHE), or use local:/path/to/file.gguf`;
  if (env.OVERTHINK_OFFLINE === '1' || env.HF_HUB_OFFLINE === '1') {
    throw new UserError(`model '${spec}' is not in the cache and downloads are off (offline): ${howTo}`);
  }
  mkdirSync(dirname(target), { recursive: true });
  const part = `${target}.part`;
  try {
    await downloadWithResume(url, part, {
      label: hf.file.split('/').at(-1) ?? hf.file,
      sink: opts.sink ?? process.stderr,
      // The token goes to huggingface.co only, never to a mirror named by OVERTHINK_HF_ENDPOINT.
      headers:
        env.HF_TOKEN && new URL(url).origin === 'https://huggingface.co'
          ? { authorization: `Bearer ${env.HF_TOKEN}` }
          : undefined,
      attempts: opts.attempts,
      retryDelayMs: opts.retryDelayMs,
    });
  } catch (err) {
    if (!(err instanceof DownloadError)) throw err;
    throw new UserError(`model '${spec}' could not be downloaded (${err.message}): ${howTo}`);
  }
  renameSync(part, target);
  return target;
}
