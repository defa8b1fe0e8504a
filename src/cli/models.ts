import type { Command } from 'commander';
import { allModels, type ModelInfo } from '../providers/catalog.js';
import { lifecycleOf } from '../providers/lifecycle.js';
import { alignColumns } from '../util/terminal.js';
import { say } from './output.js';

/** `overthink models list`: the built-in model table (budget control, limits, prices). */
export function register(program: Command): void {
  const models = program.command('models').description('Known models: budget control, limits and prices.');
  models
    .command('list')
    .description(
      'List known models with budget control, context/output limits, USD per million tokens and batch discount.',
    )
    .option('--json', 'print as JSON')
    .option('--provider <prefix>', 'only this provider, e.g. anthropic, openai, google')
    .action((flags: { json?: boolean; provider?: string }) => {
      const rows = allModels().filter((m) => !flags.provider || m.match.startsWith(`${flags.provider}:`));
      if (flags.json) return void process.stdout.write(`${JSON.stringify(rows.map(toJson))}\n`);
      for (const line of table(rows)) say(line);
      say('Prices are USD per million tokens (standard tier); override them with `prices` in a model entry.');
    });
}

function toJson(m: ModelInfo): Record<string, unknown> {
  return {
    model: m.match,
    budgetControl: m.budgetControl,
    ...status(m),
    contextTokens: m.contextTokens ?? null,
    maxOutputTokens: m.maxOutputTokens ?? null,
    inputPerMTok: m.prices?.input ?? null,
    outputPerMTok: m.prices?.output ?? null,
    batchDiscount: m.prices?.batchDiscount ?? null,
    notes: m.notes ?? null,
  };
}

/** Left-aligned columns, two spaces apart. */
export function table(rows: readonly ModelInfo[]): string[] {
  const head = ['MODEL', 'BUDGET', 'STATUS', 'CONTEXT', 'MAX OUT', 'IN $/M', 'OUT $/M', 'BATCH', 'NOTES'];
  const body = rows.map((m) => [
    m.match,
    m.budgetControl,
    statusText(m),
    tokens(m.contextTokens),
    tokens(m.maxOutputTokens),
    m.prices ? String(m.prices.input) : '-',
    m.prices ? String(m.prices.output) : '-',
    m.prices?.batchDiscount ? `-${Math.round(m.prices.batchDiscount * 100)}%` : '-',
    m.notes ?? '',
  ]);
  return alignColumns([head, ...body], () => false).map((l) => l.trimEnd());
}

/** The catalog entry's lifecycle today: status, retirement day and the replacement to use. */
function status(m: ModelInfo): { status: string; retires: string | null; successor: string | null } {
  const l = lifecycleOf(m.match);
  return { status: l.status, retires: l.retires ?? null, successor: l.successor ?? null };
}

function statusText(m: ModelInfo): string {
  const s = status(m);
  if (s.status === 'current') return 'current';
  return `${s.status} ${s.retires}${s.successor ? ` → ${s.successor}` : ''}`;
}

function tokens(n: number | undefined): string {
  if (n === undefined) return '-';
  if (n >= 1_000_000 && n % 1_000_000 === 0) return `${n / 1_000_000}M`;
  return n >= 1000 ? `${Math.round(n / 1000)}K` : String(n);
}
