import type { Target } from '../../tasks/types.js';
import { deriveSeed, Rng } from '../../util/rng.js';
import type { GenerateRequest } from '../types.js';
import { realizedTokens, rightAnswer, sampleDraws, wrongAnswer } from './answers.js';
import type { SimProfile } from './profiles.js';

/**
 * What a simulated trace holds along the way: the answer the reasoner would give if it were stopped
 * after t of its T reasoning tokens. This is the simulator's ground truth for early-exit replay.
 *
 * A sample's final answer is right when its one uniform draw u is below p(T), the profile's chance
 * of a right answer after T tokens (provider.ts, unchanged). Along the trace that draw becomes a
 * latent z(t) = Φ⁻¹(u) at the end, moving back from T as a stationary Ornstein–Uhlenbeck process in
 * log₂(tokens) (correlation e^(−Δ/λ) between points Δ doublings apart, λ = 1.5, on a grid of ⅛
 * doubling). The answer held at t is right while Φ(z(t)) < p(t). So:
 * - at every t the chance of holding the right answer is exactly p(t): a trace stopped at t scores
 *   like a fixed budget of t tokens, and the fixed budgets and the replay describe one reasoner;
 * - nearby points agree and distant ones drift apart, so a trace can hold the right answer, lose it
 *   and find it again (on an inverse-scaling profile it tends to lose it as p falls);
 * - at t = T it is the sample's own final answer.
 */
export interface SimTrace {
  /** Reasoning tokens the sample used (before any output limit cut it off). */
  tokens: number;
  /** Whether the answer held after t reasoning tokens is right (t ≥ tokens: the final answer). */
  rightAt(t: number): boolean;
  /** The answer held after t tokens: the right one, or a fixed wrong one of this trace. */
  answerAt(t: number): string;
}

/** Correlation length of the latent, in doublings of reasoning tokens. */
export const TRACE_LAMBDA = 1.5;
/** Grid of the latent, in doublings. */
const STEP = 1 / 8;

/** The draws a simulated sample starts from, in the order simulate() makes them. */
export function traceDraws(profile: SimProfile, req: GenerateRequest) {
  const d = sampleDraws(profile, req);
  const tokens = realizedTokens(profile, req, d.rng, d.itemRng);
  const u = d.rng.next();
  return { ...d, tokens, u };
}

export function simTrace(profile: SimProfile, req: GenerateRequest): SimTrace {
  const { pCorrect, tokens, u } = traceDraws(profile, req);
  const walk = new Rng(deriveSeed('sim-trace', req.seed));
  const rho = Math.exp(-STEP / TRACE_LAMBDA);
  const shock = Math.sqrt(1 - rho * rho);
  const z = [normalQuantile(Math.min(1 - 1e-12, Math.max(1e-12, u)))];
  const right = rightAnswer(req.item.target);
  const wrong = wrongOf(req.item.target, req.seed);
  const rightAt = (t: number): boolean => {
    if (t >= tokens) return u < pCorrect(tokens);
    const k = Math.max(0, Math.round(Math.log2(tokens / Math.max(1, t)) / STEP));
    while (z.length <= k) z.push(rho * z[z.length - 1] + shock * walk.normal());
    return normalCdf(z[k]) < pCorrect(Math.max(1, t));
  };
  return { tokens, rightAt, answerAt: (t) => (rightAt(t) ? right : wrong) };
}

function wrongOf(target: Target, seed: number): string {
  return wrongAnswer(target, new Rng(deriveSeed('sim-trace-wrong', seed)));
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 via erf; |error| < 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Inverse of the standard normal CDF (Acklam's rational approximation; relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return (
      -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}
