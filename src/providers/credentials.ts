import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../util/errors.js';
import { registerSecret } from '../util/secrets.js';

/**
 * API keys come from the environment, else from a `.env` file in the working directory. Every key
 * handed out is remembered so that `scrubSecrets` can blank it out of any text that leaves a provider
 * (error messages, stored raw responses, logs). Keys are never printed.
 */

const handedOut = new Set<string>();
const dotEnvCache = new Map<string, Record<string, string>>();

/** Parses KEY=VALUE lines: `export ` prefix, quotes, `#` comments and blank lines are allowed. */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2];
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.lastIndexOf(quote) > 0) {
      value = value.slice(1, value.lastIndexOf(quote));
      if (quote === '"') value = value.replace(/\\n/g, '\n');
    } else {
      value = value.replace(/\s+#.*$/, '').trim();
    }
    out[m[1]] = value;
  }
  return out;
}

/** The `.env` of a directory (default: the working directory), read once; absent means empty. */
export function loadDotEnv(dir: string = process.cwd()): Record<string, string> {
  const cached = dotEnvCache.get(dir);
  if (cached) return cached;
  let parsed: Record<string, string> = {};
  try {
    parsed = parseDotEnv(readFileSync(join(dir, '.env'), 'utf8'));
  } catch {
    // No .env (or unreadable): the environment alone decides.
  }
  dotEnvCache.set(dir, parsed);
  return parsed;
}

/** Forgets cached `.env` files (tests change the working directory's file). */
export function resetDotEnvCache(): void {
  dotEnvCache.clear();
}

export interface KeyRequest {
  /** Variables to try, in order, e.g. ['GEMINI_API_KEY', 'GOOGLE_API_KEY']. */
  vars: string[];
  /** The model spec, for the error message. */
  modelId: string;
  required: boolean;
  env?: NodeJS.ProcessEnv;
  dir?: string;
}

/** The first non-empty key among `vars`; a missing required key is a UserError naming the variables. */
export function getApiKey(req: KeyRequest): string | undefined {
  const env = req.env ?? process.env;
  const dotEnv = loadDotEnv(req.dir);
  for (const name of req.vars) {
    const value = env[name] || dotEnv[name];
    if (value) {
      rememberSecret(value);
      return value;
    }
  }
  if (req.required) {
    const names = req.vars.join(' or ');
    throw new UserError(`${req.modelId}: no API key: set ${names} in the environment or in .env`);
  }
  return undefined;
}

export function rememberSecret(value: string): void {
  if (value.length >= 8) handedOut.add(value);
  // The runner scrubs what it stores through util/secrets: it must know this key too.
  registerSecret(value);
}

/** Well-known key shapes, blanked even when they were never handed out through getApiKey. */
const KEY_PATTERNS = [/sk-ant-[A-Za-z0-9_-]{8,}/g, /sk-[A-Za-z0-9_-]{16,}/g, /AIza[0-9A-Za-z_-]{20,}/g];

export function scrubSecrets(text: string): string {
  let out = text;
  for (const secret of handedOut) out = out.split(secret).join('[redacted]');
  for (const p of KEY_PATTERNS) out = out.replace(p, '[redacted]');
  return out;
}
