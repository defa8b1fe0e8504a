import type { Command } from 'commander';
import { allModels, type ModelInfo } from '../budget/catalog.js';
import { lifecycleOf } from '../providers/lifecycle.js';
import type { ModelCheck } from '../run/check.js';
import { UserError } from '../util/errors.js';
import { alignColumns } from '../util/terminal.js';
import { say } from './output.js';

/**
 * `overthink models list`: the built-in model table (budget control, status, limits, prices).
 * `overthink models check`: one small request per configured model, to see what the provider accepts.
 */
export function register(program: Command): void {
  const models = program
    .command('models')
    .description('Known models (budget control, status, limits, prices); check what a provider accepts.');
  models
    .command('list')
    .description(
      'List known models with budget control, context/output limits, USD per million tokens and batch discount.',
    )
    .option('--json', 'print as JSON')
    .option('--provider <prefix>', 'only this provider, e.g. anthropic, openai, google')
    .addHelpText(
      'after',
      `
Examples:
  overthink models list                        every known model, with prices and status
  overthink models list --provider anthropic --json`,
    )
    .action((flags: { json?: boolean; provider?: string }) => {
      const rows = allModels().filter((m) => !flags.provider || m.match.startsWith(`${flags.provider}:`));
      if (flags.json) return void process.stdout.write(`${JSON.stringify(rows.map(toJson))}\n`);
      for (const line of table(rows)) say(line);
      say('Prices are USD per million tokens (standard tier); override them with `prices` in a model entry.');
    });
  models
    .command('check')
    .description(
      "Send one small request per configured model, built as a run builds it (the sweep's smallest budget unless --budget), with your keys, and report what each provider accepted. Exit 0: all accepted; 1: some refused or failed; 2: bad input.",
    )
    .option('-c, --config <file>', 'experiment file (YAML or JSON): its models are checked')
    .option('-p, --preset <name>', 'start from a preset')
    .option('-m, --model <specs>', 'model spec(s), comma-separated')
    .option('--base-url <urls>', 'base URL(s) for the model, comma-separated')
    .option(
      '--budget <n>',
      "the budget to check, in tokens, or 'natural' (default: the sweep's smallest budget above 0)",
    )
    .option('--timeout <ms>', 'per-request timeout in milliseconds', '120000')
    .option('--json', 'print as JSON')
    .addHelpText(
      'after',
      `
Examples:
  overthink models check --model anthropic:claude-sonnet-4-6      needs ANTHROPIC_API_KEY; one short request
  overthink models check -c sweep.yaml                            every model of a sweep
  overthink models check --model openai:gpt-5.6-sol --budget 8192 --json

It costs one short request per model (a fraction of a cent); nothing is stored.`,
    )
    .action(async (flags: CheckFlags) => {
      // Loaded here, so that `models list` stays light.
      const { experimentFromFlags, int } = await import('./experiment-flags.js');
      const { checkModels } = await import('../run/check.js');
      const loaded = experimentFromFlags({
        config: flags.config,
        preset: flags.preset,
        model: flags.model,
        baseUrl: flags.baseUrl,
        // The check sends no task item; a task is named only so that a bare --model validates.
        tasks: flags.config || flags.preset ? undefined : 'misleading-math',
      });
      const asked = flags.budget;
      const budget =
        asked === undefined ? undefined : asked === 'natural' ? asked : budgetFlag(int(asked, '--budget'));
      const checks = await checkModels(loaded.experiment, {
        budget,
        timeoutMs: int(flags.timeout, '--timeout'),
      });
      if (flags.json) process.stdout.write(`${JSON.stringify({ checks }, null, 2)}\n`);
      else for (const line of checkLines(checks)) say(line);
      if (checks.some((c) => c.result !== 'accepted')) process.exitCode = 1;
    });
}

function budgetFlag(n: number): number {
  if (n < 0) throw new UserError(`--budget: expected a budget of 0 tokens or more, or 'natural'; got ${n}`);
  return n;
}

interface CheckFlags {
  config?: string;
  preset?: string;
  model?: string;
  baseUrl?: string;
  budget?: string;
  timeout: string;
  json?: boolean;
}

/** One row per model, then each refusal's message and each budget note in full. */
export function checkLines(checks: readonly ModelCheck[]): string[] {
  const head = ['MODEL', 'BUDGET', 'RESULT', 'SENT'];
  const body = checks.map((c) => [
    c.model,
    String(c.budget),
    c.result === 'accepted'
      ? `accepted${c.simulated ? ' (simulated)' : ''}`
      : `${c.result} (${c.errorClass})`,
    c.sentParams ? JSON.stringify(c.sentParams) : '-',
  ]);
  const lines = alignColumns([head, ...body], () => false).map((l) => l.trimEnd());
  for (const c of checks) {
    if (c.error) lines.push(`${c.model}: ${c.error}`);
    if (c.budgetNote) lines.push(`${c.model}: note: ${c.budgetNote}`);
  }
  const ok = checks.filter((c) => c.result === 'accepted').length;
  lines.push(`${ok} of ${checks.length} accepted`);
  return lines;
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
