import { UserError } from '../util/errors.js';

/**
 * Which hosted models the providers have retired or announced to retire, with the replacement they
 * recommend. A retired model is refused before anything is sent (its requests fail, or are routed to
 * another model with other parameter rules, which would silently change a sweep); a deprecated one
 * runs with a warning. Status follows the dates, so a model becomes retired on its day without an
 * edit here. Dates are for each provider's own API (partner clouds keep their own schedules).
 *
 * Sources, read 2026-12-06 (each row names its own):
 * - ANTHROPIC_SDK: @anthropic-ai/sdk 1.14.0, internal/data/deprecated-models.js (the dates its
 *   deprecation warning prints) and CHANGELOG 1.13.0.
 * - ANTHROPIC_SKILL: Anthropic's claude-api skill, github.com/anthropics/skills
 *   skills/claude-api/shared/models.md (July 2026): retired models and suggested replacements.
 * - OPENAI_DEPRECATIONS: developers.openai.com/api/docs/deprecations, as read through secondary
 *   copies that quote it (named per row) where the stored copy of the page was cut short.
 * - GEMINI_DEPRECATIONS: ai.google.dev/gemini-api/docs/deprecations (official) and, for the
 *   December 2026 shutdowns, aideprecations.com's copy of it (read 2026-11-10).
 */
export interface Retirement {
  /** The model as configured, e.g. 'anthropic:claude-sonnet-4-5'; dated snapshots of it match too. */
  spec: string;
  /** Requests fail from this day (YYYY-MM-DD, UTC). */
  retires: string;
  /** The provider's recommended replacement, when it names one. */
  successor?: string;
  source: string;
}

const ANTHROPIC_SDK = '@anthropic-ai/sdk 1.14.0 internal/data/deprecated-models.js';
const ANTHROPIC_SKILL = 'github.com/anthropics/skills claude-api/shared/models.md';
const OPENAI_DEPRECATIONS = 'developers.openai.com/api/docs/deprecations';
const GEMINI_DEPRECATIONS = 'ai.google.dev/gemini-api/docs/deprecations';

const RETIREMENTS: Retirement[] = [
  // Anthropic.
  {
    spec: 'anthropic:claude-sonnet-4-5',
    retires: '2026-11-30',
    successor: 'anthropic:claude-sonnet-5-5',
    source: `${ANTHROPIC_SDK}; successor per docs.apiyi.com (secondary, quoting Anthropic)`,
  },
  { spec: 'anthropic:claude-opus-4-5', retires: '2027-01-22', source: `${ANTHROPIC_SDK}; CHANGELOG 1.13.0` },
  {
    spec: 'anthropic:claude-mythos-preview',
    retires: '2026-06-30',
    successor: 'anthropic:claude-mythos-5',
    source: `${ANTHROPIC_SDK}; successor per ${ANTHROPIC_SKILL}`,
  },
  {
    spec: 'anthropic:claude-opus-4-1',
    retires: '2026-08-05',
    successor: 'anthropic:claude-opus-4-8',
    source: ANTHROPIC_SKILL,
  },
  ...['claude-opus-4', 'claude-opus-4-0'].map((m) => ({
    spec: `anthropic:${m}`,
    retires: '2026-06-15',
    successor: 'anthropic:claude-opus-4-8',
    source: 'Anthropic release notes 2026-06-15, via ai-provider-watch (secondary)',
  })),
  ...['claude-sonnet-4', 'claude-sonnet-4-0'].map((m) => ({
    spec: `anthropic:${m}`,
    retires: '2026-06-15',
    successor: 'anthropic:claude-sonnet-4-6',
    source: 'Anthropic release notes 2026-06-15, via ai-provider-watch (secondary)',
  })),
  {
    spec: 'anthropic:claude-3-7-sonnet',
    retires: '2026-02-19',
    successor: 'anthropic:claude-sonnet-5',
    source: ANTHROPIC_SKILL,
  },

  // OpenAI.
  ...(
    [
      ['o3', 'gpt-5.6-sol'],
      ['o3-pro', 'gpt-5.6-sol'],
      ['gpt-5', 'gpt-5.6-sol'],
      ['gpt-5-pro', 'gpt-5.6-sol'],
      ['gpt-5-mini', 'gpt-5.6-terra'],
      ['gpt-5-nano', 'gpt-5.6-luna'],
    ] as const
  ).map(([m, next]) => ({
    spec: `openai:${m}`,
    retires: '2026-12-11',
    successor: `openai:${next}`,
    source: `${OPENAI_DEPRECATIONS} (2026-06-11 notice), replacements as quoted by dev.to/aideprecations`,
  })),
  ...(
    [
      ['o1', 'gpt-5.6-sol'],
      ['o3-mini', 'gpt-5.6-sol'],
      ['o4-mini', 'gpt-5.6-terra'],
      ['gpt-4o-2024-05-13', 'gpt-5.6-sol'],
    ] as const
  ).map(([m, next]) => ({
    spec: `openai:${m}`,
    retires: '2026-10-23',
    successor: `openai:${next}`,
    source: `${OPENAI_DEPRECATIONS}, as of 2026-10-15 via dev.to/importstatic (secondary)`,
  })),
  ...['gpt-4.1', 'gpt-4o'].map((m) => ({
    spec: `openai:${m}`,
    retires: '2027-01-14',
    successor: 'openai:gpt-6-luna',
    source: `${OPENAI_DEPRECATIONS}, via dev.to/max_bob and codersera.com (secondary)`,
  })),
  {
    spec: 'openai:gpt-5.1',
    retires: '2027-04-01',
    source: `${OPENAI_DEPRECATIONS}, via dev.to/max_bob (secondary)`,
  },

  // Google Gemini. From their day, 2.5 Pro and Flash requests are routed to a Gemini 3 model.
  {
    spec: 'google:gemini-3-pro-preview',
    retires: '2026-03-09',
    successor: 'google:gemini-3.1-pro-preview',
    source: GEMINI_DEPRECATIONS,
  },
  {
    spec: 'google:gemini-2.5-pro',
    retires: '2026-12-01',
    successor: 'google:gemini-3.8-flash',
    source: `${GEMINI_DEPRECATIONS}, via aideprecations.com (read 2026-11-10)`,
  },
  {
    spec: 'google:gemini-2.5-flash',
    retires: '2026-12-01',
    successor: 'google:gemini-3.5-flash-lite',
    source: `${GEMINI_DEPRECATIONS}, via aideprecations.com (read 2026-11-10)`,
  },
];

export type ModelStatus = 'current' | 'deprecated' | 'retired';

export interface Lifecycle {
  status: ModelStatus;
  retires?: string;
  /** The replacement to use today: a successor that has itself retired is followed to its own. */
  successor?: string;
  source?: string;
}

/** A dated snapshot of a model: `<model>-20250929` or `<model>-2025-04-16`. */
const SNAPSHOT = /^-(\d{8}|\d{4}-\d{2}-\d{2})$/;

function retirementOf(spec: string): Retirement | undefined {
  const exact = RETIREMENTS.find((r) => r.spec === spec);
  if (exact) return exact;
  return RETIREMENTS.find((r) => spec.startsWith(r.spec) && SNAPSHOT.test(spec.slice(r.spec.length)));
}

/** Where a model stands on `today` (UTC day); models the table does not name are current. */
export function lifecycleOf(spec: string, today: Date = new Date()): Lifecycle {
  const r = retirementOf(spec);
  if (!r) return { status: 'current' };
  const day = today.toISOString().slice(0, 10);
  let successor = r.successor;
  for (let hops = 0; successor && hops < 5; hops++) {
    const next = retirementOf(successor);
    if (!next || day < next.retires || !next.successor) break;
    successor = next.successor;
  }
  return {
    status: day >= r.retires ? 'retired' : 'deprecated',
    retires: r.retires,
    successor,
    source: r.source,
  };
}

/** Every model the table names (for `models list` and the docs test). */
export function retirements(): readonly Retirement[] {
  return RETIREMENTS;
}

/** A retired model is an input error: exit 2 before anything is sent, naming what to use instead. */
export function checkNotRetired(spec: string, today: Date = new Date()): void {
  const l = lifecycleOf(spec, today);
  if (l.status !== 'retired') return;
  const instead = l.successor ? `use ${l.successor}` : "see the provider's deprecations page";
  throw new UserError(`${spec} was retired on ${l.retires} (its requests fail): ${instead}`);
}

/** The warning a deprecated model runs with; undefined for a current one. */
export function deprecationWarning(spec: string, today: Date = new Date()): string | undefined {
  const l = lifecycleOf(spec, today);
  if (l.status !== 'deprecated') return undefined;
  const instead = l.successor ? `; move to ${l.successor}` : '';
  return `${spec} is deprecated and retires on ${l.retires}${instead}`;
}
