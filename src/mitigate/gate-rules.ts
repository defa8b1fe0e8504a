import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { formatZodError } from '../run/load.js';
import { UserError } from '../util/errors.js';
import * as z from '../util/zod.js';

const scope = {
  /** Only these tasks (default: every task in the run). */
  tasks: z.array(z.string()).optional(),
  /** Only these models (default: every model). */
  models: z.array(z.string()).optional(),
  /** 'all' (default) or a stratum label such as 'num_distractors=5'. */
  stratum: z.string().default('all'),
  /** A name for the JUnit test case; defaults to the rule kind. */
  name: z.string().optional(),
};

export const ruleSchema = z.discriminatedUnion('rule', [
  /** No curve classified ↓ by the paper's Table 1 rule. */
  z.object({ rule: z.literal('no-decline'), ...scope }).strict(),
  /**
   * Score at the largest budget ≥ score at the smallest − epsilon, with 95% confidence: fails when
   * the lower 95% bound of the decline exceeds epsilon. Shares are fractions (0.02 = 2 points).
   */
  z.object({ rule: z.literal('max-drop'), epsilon: z.number().min(0), ...scope }).strict(),
  /**
   * The largest budget scores no worse than the best budget − epsilon, with 95% confidence that holds
   * although the best budget is picked from the same data: fails when the simultaneous lower bound
   * of (best − largest) exceeds epsilon (see analysis/shape-family.ts). Catches the inverted U that
   * the two-ended rules miss.
   */
  z
    .object({ rule: z.literal('no-decline-from-best'), epsilon: z.number().min(0).default(0.02), ...scope })
    .strict(),
  /** Slope per doubling of reasoning tokens ≥ −delta: fails when the whole 95% CI is worse than −delta. */
  z.object({ rule: z.literal('min-slope'), delta: z.number().min(0), ...scope }).strict(),
  /** Share of unparsable answers (optionally counting truncated ones) ≤ rate at every budget. */
  z
    .object({
      rule: z.literal('max-unparsable'),
      rate: z.number().min(0).max(1),
      includeTruncated: z.boolean().default(false),
      ...scope,
    })
    .strict(),
  /** Mean realized reasoning tokens at a budget ≤ tokens. */
  z
    .object({
      rule: z.literal('max-mean-tokens'),
      budget: z.number().int().min(0),
      tokens: z.number().min(0),
      ...scope,
    })
    .strict(),
]);

export const rulesFileSchema = z.object({ rules: z.array(ruleSchema).min(1, 'at least one rule') }).strict();

export type GateRule = z.output<typeof ruleSchema>;
/** A rule as written, its defaults left out (`stratum: 'all'`, `includeTruncated: false`). */
export type GateRuleInput = z.input<typeof ruleSchema>;

/** Rules given in code, checked and completed as a rules file is. */
export function parseRules(rules: readonly GateRuleInput[]): GateRule[] {
  const parsed = rulesFileSchema.safeParse({ rules });
  if (!parsed.success) throw new UserError(`rules: ${formatZodError(parsed.error)}`);
  return parsed.data.rules;
}

/**
 * Used when no rules file is given: the paper's release-blocker advice ("a U-curve at high budget is
 * a release blocker") in four rules.
 */
export const DEFAULT_RULES: GateRule[] = [
  { rule: 'no-decline', stratum: 'all' },
  { rule: 'max-drop', epsilon: 0.02, stratum: 'all' },
  { rule: 'no-decline-from-best', epsilon: 0.02, stratum: 'all' },
  { rule: 'max-unparsable', rate: 0.05, includeTruncated: false, stratum: 'all' },
];

export function loadRules(file: string): GateRule[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(
      `${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  let doc: unknown;
  try {
    doc = YAML.parse(text, { prettyErrors: true });
  } catch (err) {
    const pos = (err as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    throw new UserError(
      `${pos ? `${file}:${pos.line}:${pos.col}` : file}: malformed YAML: ${(err as Error).message.split('\n')[0]}`,
    );
  }
  const parsed = rulesFileSchema.safeParse(doc);
  if (!parsed.success) throw new UserError(`${file}: ${formatZodError(parsed.error)}`);
  return parsed.data.rules;
}
