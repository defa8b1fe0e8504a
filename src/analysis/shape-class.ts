/**
 * From significant facts to a shape. A fact says that one budget's mean is better than another's
 * (found by the simultaneous test in shape-family.ts), and the slope may add "better/worse with
 * more tokens overall". The shape is the simplest one the facts allow, in this order:
 *
 *   flat      no fact at all;
 *   rise      some fact, all of them consistent with a curve that never gets worse;
 *   decline   … with a curve that never gets better;
 *   peaked    with an inverted U whose top is at an inner budget (not with either monotone curve);
 *   dip       with a U whose bottom is at an inner budget;
 *   noisy     with none of them (e.g. better, worse, then better again).
 *
 * "Consistent" is exact: the facts (strict inequalities) and the shape's order constraints (weak
 * inequalities between neighbours) must not form a cycle through a strict one, which is checked
 * by a transitive closure over the K budgets. So a label never contradicts a fact it was made
 * from: a 'rise' has no significant decline anywhere and no significantly negative slope.
 */
export type ShapeClass = 'decline' | 'rise' | 'flat' | 'peaked' | 'dip' | 'noisy' | 'insufficient';

export interface Fact {
  /** Positions in test order, from < to. */
  from: number;
  to: number;
  /** True when the later position is the better one. */
  better: boolean;
}

/**
 * `slope`: +1 when the slope is significantly in the better direction, −1 worse, 0 neither.
 * `observedBest` / `observedWorst`: positions of the observed extremes, used only when both an
 * inverted U and a U fit the facts.
 */
export function classifyFacts(
  k: number,
  facts: readonly Fact[],
  slope: -1 | 0 | 1,
  observed: { best: number; worst: number },
): ShapeClass {
  if (k < 2) return 'insufficient';
  if (facts.length === 0 && slope === 0) return 'flat';
  if (slope >= 0 && fits(k, facts, k - 1, 'peak')) return 'rise';
  if (slope <= 0 && fits(k, facts, 0, 'peak')) return 'decline';
  const inner = Array.from({ length: Math.max(0, k - 2) }, (_, i) => i + 1);
  const peak = inner.filter((m) => fits(k, facts, m, 'peak'));
  const dip = inner.filter((m) => fits(k, facts, m, 'dip'));
  if (peak.length && dip.length) {
    if (peak.includes(observed.best)) return 'peaked';
    if (dip.includes(observed.worst)) return 'dip';
  }
  if (peak.length) return 'peaked';
  if (dip.length) return 'dip';
  return 'noisy';
}

/**
 * Do the facts fit a curve with its top (peak) or bottom (dip) at position m? Position m = k − 1 with
 * a peak is "never gets worse"; m = 0 with a peak is "never gets better".
 */
export function fits(k: number, facts: readonly Fact[], m: number, kind: 'peak' | 'dip'): boolean {
  // reach[a*k+b]: 0 no path, 1 a path of weak "a ≤ b" steps, 2 a path with at least one strict step.
  const reach = new Uint8Array(k * k);
  const edge = (a: number, b: number, strict: boolean) => {
    reach[a * k + b] = Math.max(reach[a * k + b], strict ? 2 : 1);
  };
  for (let i = 0; i + 1 < k; i++) {
    // Before the turn a peak climbs (i ≤ i+1), after it descends; a dip the other way round.
    const climbing = i < m === (kind === 'peak');
    if (climbing) edge(i, i + 1, false);
    else edge(i + 1, i, false);
  }
  for (const f of facts) {
    if (f.better) edge(f.from, f.to, true);
    else edge(f.to, f.from, true);
  }
  for (let via = 0; via < k; via++)
    for (let a = 0; a < k; a++) {
      const av = reach[a * k + via];
      if (!av) continue;
      for (let b = 0; b < k; b++) {
        const vb = reach[via * k + b];
        if (vb) reach[a * k + b] = Math.max(reach[a * k + b], Math.max(av, vb));
      }
    }
  for (let a = 0; a < k; a++) if (reach[a * k + a] === 2) return false;
  return true;
}
