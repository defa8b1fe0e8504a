import type { Command } from 'commander';
import { budgetsFor } from '../config/resolve.js';
import { type Experiment, modelConfig, taskRef } from '../config/schema.js';
import { defaultReportDir } from '../report/report-dir.js';
import { describeOrigin, originOf } from '../run/origin.js';
import type { DB } from '../store/db.js';
import { failureCounts, failureDigest } from '../store/failures.js';
import { openStore } from '../store/open.js';
import { removeRun } from '../store/remove-run.js';
import { shownStatus } from '../store/run-lock.js';
import { getRun, listRuns, type RunRow } from '../store/runs.js';
import { countSamples, runCost } from '../store/samples.js';
import { UserError } from '../util/errors.js';
import { dbOption } from './db-option.js';
import { say } from './output.js';
import { askOnTerminal, interactiveTerminal } from './spend-guard.js';

export function register(program: Command): void {
  const runs = program
    .command('runs')
    .description('The runs in a store: list them (newest first), show one, or remove one.');

  runs
    .command('list', { isDefault: true })
    .description('List the runs in a store, newest first (the default of `overthink runs`).')
    .addOption(dbOption())
    .option('--json', 'print as JSON (nothing else on stdout)')
    .addHelpText(
      'after',
      `
Examples:
  overthink runs                       the runs in overthink.db, newest first
  overthink runs list --db other.db --json`,
    )
    .action((flags: { db: string; json?: boolean }) => {
      withStore(flags.db, (db) => {
        const rows = listRuns(db).map((r) => ({
          id: r.id,
          name: r.name,
          status: shownStatus(db, r),
          simulated: r.simulated === 1,
          source: describeOrigin(originOf(r.manifest_json)),
          updated: r.updated_at,
          ...countSamples(db, r.id),
        }));
        if (flags.json) return void process.stdout.write(`${JSON.stringify(rows)}\n`);
        if (rows.length === 0) return say('no runs yet');
        for (const r of rows) {
          say(
            `${r.id}${r.name ? ` (${r.name})` : ''}  ${r.status}  ${r.total} samples (${r.errors} errors)  ${r.updated}${r.simulated ? '  [simulated model]' : ''}${r.source === 'made by overthink' ? '' : `  [${r.source}]`}`,
          );
        }
      });
    });

  runs
    .command('show [run]')
    .description(
      'What a run is and holds: its models, tasks, budgets and trials, where its config came from, its samples, failures and spend. Default: the latest run.',
    )
    .addOption(dbOption())
    .option('--json', 'print as JSON (nothing else on stdout)')
    .addHelpText(
      'after',
      `
Examples:
  overthink runs show                  the latest run in overthink.db
  overthink runs show r-9844e986a672   a run by id (or by its name)
  overthink runs show --json | jq .experiment.budgets`,
    )
    .action((ref: string | undefined, flags: { db: string; json?: boolean }) => {
      withStore(flags.db, (db) => {
        const shown = describeRun(db, getRun(db, ref), flags.db);
        if (flags.json) return void process.stdout.write(`${JSON.stringify(shown)}\n`);
        for (const l of runLines(shown)) say(l);
      });
    });

  runs
    .command('rm <run>')
    .description(
      'Remove a run and everything stored for it (samples, items, provider batch records). Other runs are not touched.',
    )
    .addOption(dbOption())
    .option('-y, --yes', 'remove without asking (needed without a terminal)')
    .addHelpText(
      'after',
      `
Examples:
  overthink runs rm r-9844e986a672         asks first, at a terminal
  overthink runs rm sonnet-counting --yes  by name, without asking (scripts, CI)

Refused while the run is running in another process, and while provider batches of it are in
flight (cancel them first: they would be paid for and never collected). Its report folder, if any,
is left as it is.`,
    )
    .action(async (ref: string, flags: { db: string; yes?: boolean }) => {
      const db = openStore(flags.db, { mustExist: true });
      try {
        const run = getRun(db, ref);
        const { total } = countSamples(db, run.id);
        const what = `run ${run.id}${run.name ? ` (${run.name})` : ''} and its ${total.toLocaleString('en-US')} samples from ${flags.db}`;
        if (!flags.yes) {
          if (!interactiveTerminal())
            throw new UserError(`not removed: give --yes to remove ${what} (nothing was changed)`);
          const answer = (await askOnTerminal(`Remove ${what}? [y/N] `)).trim().toLowerCase();
          if (answer !== 'y' && answer !== 'yes') throw new UserError('not removed: nothing was changed');
        }
        const removed = removeRun(db, run.id);
        say(
          `removed run ${run.id}: ${removed.samples.toLocaleString('en-US')} samples, ${removed.items.toLocaleString('en-US')} items`,
        );
      } finally {
        db.close();
      }
    });
}

/** Reading commands open the store read-only: they never change it, and run beside a writer. */
function withStore(file: string, fn: (db: DB) => void): void {
  const db = openStore(file, { readonly: true });
  try {
    fn(db);
  } finally {
    db.close();
  }
}

interface RunDescription {
  id: string;
  name: string | null;
  status: string;
  simulated: boolean;
  created: string;
  updated: string;
  toolVersion: string;
  source: string;
  experiment: {
    models: { id: string; budgets: number[] | 'natural' }[];
    tasks: { id: string; options: Record<string, unknown>; items?: number; notice?: string }[];
    regime: string;
    trials: number;
    seed: number;
    limit: number | null;
    prompt: string;
    extractor: string;
    anchoring: number[];
  };
  samples: number;
  failures: ReturnType<typeof failureDigest>;
  costUsd: number;
  /** The command that writes its report, and where the report goes. */
  report: { command: string; dir: string };
}

/** A run as `runs show` prints it, from its stored config, manifest and samples. */
function describeRun(db: DB, run: RunRow, store: string): RunDescription {
  const exp = JSON.parse(run.config_json) as Experiment;
  const manifest = JSON.parse(run.manifest_json) as {
    source?: string;
    tasks?: { id: string; items: number; notice?: string }[];
  };
  const cost = runCost(db, run.id);
  const failures = failureDigest(db, run.id);
  return {
    id: run.id,
    name: run.name,
    status: shownStatus(db, run),
    simulated: run.simulated === 1,
    created: run.created_at,
    updated: run.updated_at,
    toolVersion: run.tool_version,
    source: (() => {
      const origin = originOf(run.manifest_json);
      return origin ? describeOrigin(origin) : (manifest.source ?? 'unknown');
    })(),
    experiment: {
      models: exp.models.map(modelConfig).map((m) => ({
        id: m.id,
        budgets: exp.regime === 'natural' ? 'natural' : budgetsFor(exp, m),
      })),
      tasks: exp.tasks.map(taskRef).map((t, i) => {
        const m = manifest.tasks?.[i];
        return {
          id: t.id,
          options: t.options,
          ...(m ? { items: m.items } : {}),
          ...(m?.notice ? { notice: m.notice } : {}),
        };
      }),
      regime: exp.regime,
      trials: exp.trials,
      seed: exp.seed,
      limit: exp.limit ?? null,
      prompt: exp.prompt,
      extractor: exp.extractor ?? 'overthink',
      anchoring: exp.anchoring,
    },
    samples: failures.samples,
    failures,
    costUsd: cost,
    report: {
      command: `overthink report ${run.id}${store === 'overthink.db' ? '' : ` --db ${store}`}`,
      dir: defaultReportDir(store, run.id),
    },
  };
}

function runLines(r: RunDescription): string[] {
  const e = r.experiment;
  const lines = [
    `run ${r.id}${r.name ? ` (${r.name})` : ''} · status ${r.status}${r.status === 'crashed' ? ' (its process is gone: run it again to resume)' : ''}${r.simulated ? ' · SIMULATED MODEL' : ''}`,
    `  created ${r.created}, updated ${r.updated}, overthink ${r.toolVersion}; ${r.source.startsWith('imported ') ? r.source : `from ${r.source}`}`,
    `  ${e.regime} regime · ${e.trials} ${e.regime === 'natural' ? 'sample(s) per item' : 'trial(s)'} · seed ${e.seed}${e.limit !== null ? ` · limit ${e.limit} items per task` : ''} · prompt ${e.prompt} · extractor ${e.extractor}${e.anchoring.some((k) => k > 0) ? ` · anchoring ${e.anchoring.join(', ')}` : ''}`,
    ...e.models.map(
      (m) => `  model ${m.id}: budgets ${Array.isArray(m.budgets) ? m.budgets.join(', ') : m.budgets}`,
    ),
    ...e.tasks.map(
      (t) =>
        `  task ${t.id}${t.items !== undefined ? `: ${t.items} items` : ''}${Object.keys(t.options).length ? ` · options ${JSON.stringify(t.options)}` : ''}${t.notice ? ' · stand-in items (see the report)' : ''}`,
    ),
    `  ${r.samples.toLocaleString('en-US')} samples stored, ${r.failures.failed.toLocaleString('en-US')} failed${r.failures.failed ? ` (${failureCounts(r.failures)})` : ''} · spent $${r.costUsd.toFixed(2)}`,
  ];
  for (const m of r.failures.messages) lines.push(`    ${m.count}× ${m.errorClass}: ${m.message}`);
  lines.push(`  report: ${r.report.command} (writes ${r.report.dir}/report.html)`);
  return lines;
}
