import { extname } from 'node:path';
import type { Command } from 'commander';
import type { Budget } from '../core/budget.js';
import { budgetLabel } from '../core/budget.js';
import type { Outcome } from '../core/outcome.js';
import type { ExportFilter } from '../report/export.js';
import { OUTCOMES } from '../report/sample-data.js';
import type { ExportTarget } from '../report/write-export.js';
import { writeExport } from '../report/write-export.js';
import type { DB } from '../store/db.js';
import { openStore } from '../store/open.js';
import { getRun } from '../store/runs.js';
import { heldBudgets, heldValues } from '../store/samples.js';
import { checkOutputDir, checkOutputFile } from '../util/atomic-write.js';
import { didYouMean } from '../util/did-you-mean.js';
import { UserError } from '../util/errors.js';
import { dbOption } from './db-option.js';
import { printWritten } from './output.js';

interface ExportFlags {
  db: string;
  jsonl?: boolean;
  csv?: boolean;
  json?: boolean;
  parquet?: boolean;
  withText?: boolean;
  out?: string;
  task?: string;
  model?: string;
  budget?: string;
  outcome?: string;
  inspect?: string;
}

export function register(program: Command): void {
  program
    .command('export [run]')
    .description(
      "Export a run's scored samples for notebooks: one flat record per sample (run, model, task, item, stratum, budget, realized tokens, trial, variant, metric, target, model answer, outcome, cost), as JSON lines, CSV or JSON. Default: the latest run.",
    )
    .addOption(dbOption())
    .option('--jsonl', 'JSON lines (the default)')
    .option('--csv', 'CSV with a header row')
    .option('--json', 'one JSON array')
    .option('--parquet', 'Parquet, typed columns for pandas and polars (needs --out)')
    .option('--with-text', "add the model's full answer text and reasoning text")
    .option('--out <file>', 'write to a file instead of stdout')
    .option(
      '--inspect <dir>',
      "write Inspect AI logs instead: one EvalLog .json per model, task and budget, for Inspect's log viewer",
    )
    .option('--task <ids>', 'only these tasks (comma-separated)')
    .option('--model <specs>', 'only these models (comma-separated)')
    .option('--budget <budgets>', "only these budgets (comma-separated, e.g. 0,16384 or 'natural')")
    .option('--outcome <outcomes>', `only these outcomes (comma-separated: ${OUTCOMES.join(', ')})`)
    .addHelpText(
      'after',
      `
Examples:
  overthink export --csv --out samples.csv                  every sample of the latest run
  overthink export r-9844e986a672 --jsonl --out run.jsonl   one run, by id or name
  overthink export --outcome error --with-text              the failed samples with their error messages
  overthink export --task misleading-math --budget 0,16384 --outcome wrong,truncated --csv
  overthink export --parquet --out samples.parquet          pandas: pd.read_parquet('samples.parquet')
  overthink export --inspect inspect-logs/                  Inspect logs, then: inspect view --log-dir inspect-logs/

Fields, in order: run_id, model, task, item, stratum, variant, budget, trial, metric, target,
model_answer, outcome (correct, wrong, unparsable, truncated, error), pass, prediction, abs_error,
reasoning_tokens, reasoning_source (provider, tokenizer, forced or estimate), input_tokens,
output_tokens, stop_reason, latency_ms, cost_usd, attempts, error_class, error, key, budget_note,
[text, reasoning_text with --with-text,] sent_params. Rows are ordered by model, task, budget, trial,
item, variant. In pandas: pd.read_json('run.jsonl', lines=True), pd.read_csv('samples.csv') or
pd.read_parquet('samples.parquet') (Parquet: budget is null in the natural regime, 'natural' elsewhere).`,
    )
    .action(async (run: string | undefined, f: ExportFlags) => {
      if (f.inspect !== undefined) return inspectExport(run, f);
      const formats = [f.jsonl && 'jsonl', f.csv && 'csv', f.json && 'json', f.parquet && 'parquet'].filter(
        Boolean,
      ) as ExportTarget[];
      if (formats.length > 1) throw new UserError('choose one of --jsonl, --csv, --json, --parquet');
      if (formats[0] === 'parquet' && !f.out)
        throw new UserError('--parquet writes a binary file: give it --out <file.parquet>');
      if (f.out) checkOutputFile(f.out, '--out');
      const db = openStore(f.db, { readonly: true });
      try {
        const filter = exportFilter(db, run, f);
        await writeExport(db, run, formats[0] ?? 'jsonl', f.out, f.withText ?? false, filter);
      } finally {
        db.close();
      }
      if (f.out) printWritten([f.out]);
    });
}

/**
 * The filter flags, each value checked against what the run holds, so a typo is an error with a
 * suggestion rather than an empty file.
 */
function exportFilter(db: DB, run: string | undefined, f: ExportFlags): ExportFilter {
  const runId = getRun(db, run).id;
  const pick = (flag: string, given: string | undefined, values: () => string[]): string[] | undefined => {
    if (given === undefined) return undefined;
    const want = given
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    if (want.length === 0) throw new UserError(`${flag}: expected a comma-separated list`);
    const have = values();
    for (const w of want)
      if (!have.includes(w))
        throw new UserError(
          `${flag}: '${w}' is not in run ${runId}${didYouMean(w, have)}; it has ${have.join(', ')}`,
        );
    return want;
  };
  const budgets = pick('--budget', f.budget, () => heldBudgets(db, runId).map(budgetLabel));
  return {
    tasks: pick('--task', f.task, () => heldValues(db, runId, 'task_id')),
    models: pick('--model', f.model, () => heldValues(db, runId, 'model')),
    budgets: budgets?.map((b): Budget => (b === 'natural' ? 'natural' : Number(b))),
    outcomes: pick('--outcome', f.outcome, () => [...OUTCOMES]) as Outcome[] | undefined,
  };
}

/**
 * `run --export <file>`: the format its extension asks for. Checked before the run starts, with the
 * folder, so a typo does not surface only after hours of sampling.
 */
export function exportTarget(file: string): ExportTarget {
  const format = FORMAT_OF_EXTENSION[extname(file).toLowerCase()];
  if (!format)
    throw new UserError(`--export ${file}: expected a file ending in .jsonl, .csv, .json or .parquet`);
  checkOutputFile(file, '--export');
  return format;
}

const FORMAT_OF_EXTENSION: Record<string, ExportTarget | undefined> = {
  '.parquet': 'parquet',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.csv': 'csv',
  '.json': 'json',
};

/**
 * `export --inspect <dir>`: the run as Inspect logs (report/export-inspect.ts), loaded only here: it
 * brings Inspect's schema and ajv, which a plain export does not need at start-up.
 */
async function inspectExport(run: string | undefined, f: ExportFlags): Promise<void> {
  const others = [
    'jsonl',
    'csv',
    'json',
    'parquet',
    'out',
    'withText',
    'task',
    'model',
    'budget',
    'outcome',
  ] as const;
  const other = others.find((k) => f[k] !== undefined);
  const flag = (k: string) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  if (other) throw new UserError(`--inspect writes Inspect logs; it does not take --${flag(other)}`);
  const dir = f.inspect as string;
  checkOutputDir(dir, '--inspect');
  const { exportInspect } = await import('../report/export-inspect.js');
  const db = openStore(f.db, { readonly: true });
  try {
    printWritten(exportInspect(db, run, dir));
  } finally {
    db.close();
  }
}
