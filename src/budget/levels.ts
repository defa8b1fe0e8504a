import { UserError } from '../util/errors.js';
import * as z from '../util/zod.js';

/**
 * Budget → level mapping: an ordered list of `{below, level}` steps, the last without `below`.
 * A budget takes the level of the first step whose `below` it is under.
 */
export interface LevelStep {
  below?: number;
  level: string;
}

/** The paper's o-series mapping: low below 4096, medium below 8192, high above. */
export const OPENAI_DEFAULT_STEPS: LevelStep[] = [
  { below: 4096, level: 'low' },
  { below: 8192, level: 'medium' },
  { level: 'high' },
];

/**
 * Adaptive-only Claude. The paper's Claude budgets are 1024…16384; one effort step per doubling,
 * so 1024→low, 2048→medium, 4096→high, 8192→xhigh, 16384 and up→max.
 */
export const CLAUDE_DEFAULT_STEPS: LevelStep[] = [
  { below: 2048, level: 'low' },
  { below: 4096, level: 'medium' },
  { below: 8192, level: 'high' },
  { below: 16384, level: 'xhigh' },
  { level: 'max' },
];

/** Gemini 3 thinkingLevel: same thresholds as the o-series mapping, 'minimal' only for budget 0. */
export const GEMINI_DEFAULT_STEPS: LevelStep[] = [
  { below: 4096, level: 'low' },
  { below: 8192, level: 'medium' },
  { level: 'high' },
];

const stepsSchema = z
  .array(z.object({ below: z.number().int().min(1).optional(), level: z.string().min(1) }).strict())
  .min(1);

/** Reads `options.levelMap` from a model entry, if given; a bad value is a UserError naming the field. */
export function stepsFromOptions(
  options: Record<string, unknown> | undefined,
  fallback: LevelStep[],
  modelId: string,
): LevelStep[] {
  const raw = options?.levelMap;
  if (raw === undefined) return fallback;
  const parsed = stepsSchema.safeParse(raw);
  const steps = parsed.success ? parsed.data : undefined;
  const last = steps?.[steps.length - 1];
  const increasing = steps?.every(
    (s, i) => i === 0 || (s.below ?? Infinity) > (steps[i - 1].below ?? Infinity),
  );
  if (!steps || !last || last.below !== undefined || !increasing) {
    throw new UserError(
      `models[${modelId}].options.levelMap: expected a list like [{below: 4096, level: low}, {below: 8192, level: medium}, {level: high}] with increasing 'below' and a last step without 'below'`,
    );
  }
  return steps;
}

export function levelFor(budget: number, steps: LevelStep[]): string {
  for (const s of steps) if (s.below === undefined || budget < s.below) return s.level;
  return steps[steps.length - 1].level;
}

/**
 * The supported level closest to `wanted` on `order` (ties go down: less reasoning is the cheaper
 * mistake). Returns `wanted` itself when supported.
 */
export function nearestLevel<T extends string>(
  wanted: string,
  supported: readonly T[],
  order: readonly T[],
): T {
  const found = supported.find((s) => s === wanted);
  if (found) return found;
  const w = order.indexOf(wanted as T);
  let best = supported[0];
  let bestDist = Infinity;
  for (const s of supported) {
    const d = Math.abs(order.indexOf(s) - (w < 0 ? order.length : w));
    if (d < bestDist) {
      best = s;
      bestDist = d;
    }
  }
  return best;
}
