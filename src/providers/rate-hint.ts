/**
 * Rate-limit awareness. Providers read the `anthropic-ratelimit-*` / `x-ratelimit-*` headers of each
 * response and keep the latest reading; the runner may ask `provider.rateHint()` before starting a
 * request and wait `suggestedDelayMs` (0 means go ahead). Rule: when the tightest bucket (requests or
 * tokens) has less than 10% left, spread what is left over the time until it resets.
 */

export interface RateHint {
  remainingRequests?: number;
  limitRequests?: number;
  remainingTokens?: number;
  limitTokens?: number;
  /** Milliseconds until the tightest bucket resets, as of `observedAt`. */
  resetMs?: number;
  observedAt: number;
  /** How long to wait before the next request; 0 when there is headroom. */
  suggestedDelayMs: number;
}

export interface RateAware {
  rateHint(): RateHint | undefined;
}

export function hasRateHint(p: object): p is RateAware {
  return typeof (p as Partial<RateAware>).rateHint === 'function';
}

export type HeaderGetter = (name: string) => string | null | undefined;

const LOW_FRACTION = 0.1;
const MAX_DELAY_MS = 60_000;

interface Bucket {
  remaining: number;
  limit: number;
  resetMs?: number;
}

/** Reads a hint from response headers; undefined when the response carries no rate-limit headers. */
export function readRateHint(get: HeaderGetter, now: number = Date.now()): RateHint | undefined {
  const requests = bucket(get, now, [
    [
      'anthropic-ratelimit-requests-remaining',
      'anthropic-ratelimit-requests-limit',
      'anthropic-ratelimit-requests-reset',
    ],
    ['x-ratelimit-remaining-requests', 'x-ratelimit-limit-requests', 'x-ratelimit-reset-requests'],
  ]);
  const tokens = [
    bucket(get, now, [
      [
        'anthropic-ratelimit-tokens-remaining',
        'anthropic-ratelimit-tokens-limit',
        'anthropic-ratelimit-tokens-reset',
      ],
    ]),
    bucket(get, now, [
      [
        'anthropic-ratelimit-input-tokens-remaining',
        'anthropic-ratelimit-input-tokens-limit',
        'anthropic-ratelimit-input-tokens-reset',
      ],
    ]),
    bucket(get, now, [
      [
        'anthropic-ratelimit-output-tokens-remaining',
        'anthropic-ratelimit-output-tokens-limit',
        'anthropic-ratelimit-output-tokens-reset',
      ],
    ]),
    bucket(get, now, [
      ['x-ratelimit-remaining-tokens', 'x-ratelimit-limit-tokens', 'x-ratelimit-reset-tokens'],
    ]),
  ].filter((b): b is Bucket => b !== undefined);
  const tokenBucket = tightest(tokens);
  if (!requests && !tokenBucket) return undefined;
  const worst = tightest([requests, tokenBucket].filter((b): b is Bucket => b !== undefined));
  let suggestedDelayMs = 0;
  if (worst && worst.remaining / worst.limit < LOW_FRACTION && worst.resetMs !== undefined) {
    suggestedDelayMs = Math.min(MAX_DELAY_MS, Math.ceil(worst.resetMs / Math.max(1, worst.remaining)));
  }
  return {
    remainingRequests: requests?.remaining,
    limitRequests: requests?.limit,
    remainingTokens: tokenBucket?.remaining,
    limitTokens: tokenBucket?.limit,
    resetMs: worst?.resetMs,
    observedAt: now,
    suggestedDelayMs,
  };
}

function bucket(get: HeaderGetter, now: number, names: Array<[string, string, string]>): Bucket | undefined {
  for (const [rem, lim, reset] of names) {
    const remaining = Number(get(rem) ?? Number.NaN);
    const limit = Number(get(lim) ?? Number.NaN);
    if (Number.isFinite(remaining) && Number.isFinite(limit) && limit > 0) {
      return { remaining, limit, resetMs: parseReset(get(reset) ?? undefined, now) };
    }
  }
  return undefined;
}

function tightest(buckets: Bucket[]): Bucket | undefined {
  let best: Bucket | undefined;
  for (const b of buckets) if (!best || b.remaining / b.limit < best.remaining / best.limit) best = b;
  return best;
}

/** Anthropic sends RFC 3339 times; OpenAI sends durations such as '1s', '6m0s' or '20ms'. */
export function parseReset(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const t = Date.parse(value);
    return Number.isFinite(t) ? Math.max(0, t - now) : undefined;
  }
  let total = 0;
  let matched = false;
  for (const m of value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    matched = true;
    const n = Number(m[1]);
    total += m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n * 3_600_000;
  }
  if (matched) return total;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}
