import type { Command } from 'commander';
import { type RunAndReportResult, runAndReport as runPipeline } from '../pipelines/run-and-report.js';
import { failureBlock } from '../report/failures-format.js';
import type { ExportTarget } from '../report/write-export.js';
import { batchSummaryLines } from '../run/batch/summary.js';
import { FAIL_FAST_SAMPLES } from '../run/executor.js';
import type { LoadedExperiment } from '../run/load.js';
import type { RunResult } from '../run/run.js';
import { type FailureDigest, mostlyFailed } from '../store/failures.js';
import { checkOutputDir } from '../util/atomic-write.js';
import { UserError } from '../util/errors.js';
import { addExperimentFlags, type ExperimentFlags, experimentFromFlags, int } from './experiment-flags.js';
import { exportTarget } from './export.js';
import { interruptSignal, printReportFiles, printWritten, say } from './output.js';
import { askOnTerminal, confirmSpend, interactiveTerminal, type SpendCheck } from './spend-guard.js';

export function register(program: Command): void {
  addExperimentFlags(
    program
      .command('run')
      .description(
        'Run a budget sweep: every item at every budget and trial, stored as it finishes; rerun to resume.',
      )
      .option(
        '--db <file>',
        "the results store (SQLite) (default: the config's output.db, else overthink.db)",
      )
      .option(
        '-o, --out <dir>',
        "report folder (default: the config's output.dir, else overthink-report/<store>-<run id>)",
      )
      .option('-v, --verbose', 'list every file the report wrote, not only report.html')
      .option('--no-report', 'store results only; make the report later with `overthink report`')
      .option(
        '--export <file>',
        'when the run ends, also write its scored samples to <file> (.jsonl, .csv, .json or .parquet), as `overthink export` does',
      )
      .option('-y, --yes', 'accept the estimated spend without asking (see --confirm-above)')
      .option('--json', 'print the run summary as JSON on stdout')
      .option('-q, --quiet', 'no progress display')
      .option('--retry-base-ms <ms>', 'base of the exponential retry backoff in milliseconds', '500')
      .option(
        '--force-unlock',
        "take over the run's lock even if the process holding it looks alive (if it is, both write the run)",
      ),
  )
    .addHelpText(
      'after',
      `
Examples:
  overthink run --model sim:inverse --tasks misleading-math --budgets 0,1024,4096,16384 --trials 3
  overthink run --config sweep.yaml
  overthink run --preset paper-main --model anthropic:claude-sonnet-4-6 --limit 50
  overthink run --model openai-compatible:qwen3 --base-url http://127.0.0.1:8000/v1 --budget-mode vllm -t misleading-math
  overthink run --preset paper-main --model anthropic:claude-sonnet-4-6 --batch

A run's id is a hash of its experiment (models, tasks, budgets, trials, seed, prompts), so running the
same command again resumes it: finished samples are skipped and never counted twice. Ctrl-C stops
cleanly. A model whose first ${FAIL_FAST_SAMPLES} samples all fail (a wrong URL, key or model name; a server that is
down) stops the run rather than sending the whole plan. Exit codes: 0 done, 1 incomplete (samples
failed after retries, or that stop: rerun to retry them), 2 bad input or a refused spend (nothing
written), 130 interrupted.

Spend: a plan whose priced models could cost more than confirmAboveUsd ($5 unless set) is shown and
asked about at a terminal; without one it is refused (exit 2, nothing written) unless --yes.
\`overthink plan\` with the same flags prints the estimate. sim: and local: models are free.

--batch (anthropic:, openai:) sends the samples through the provider's batch API at the batch price
and waits for the results (up to 24 h). Each batch is recorded before it is polled: after Ctrl-C or a
crash, the same command reattaches to the batches in flight and never sends their samples again.
See 'overthink batches list'.`,
    )
    .action(
      async (
        flags: ExperimentFlags & {
          db?: string;
          out?: string;
          report: boolean;
          export?: string;
          json?: boolean;
          quiet?: boolean;
          verbose?: boolean;
          yes?: boolean;
          retryBaseMs: string;
          forceUnlock?: boolean;
        },
      ) => {
        const loaded = experimentFromFlags(flags);
        const exportTo = flags.export
          ? { file: flags.export, format: exportTarget(flags.export) }
          : undefined;
        const out = flags.out ?? loaded.experiment.output.dir;
        // Checked before the run, so that a path mistake does not surface only after hours of sampling
        // (without a folder given, the default's parent: overthink-report/<store>-<run id>).
        if (flags.report)
          checkOutputDir(
            out ?? 'overthink-report',
            flags.out ? '--out' : out ? 'output.dir' : 'the report folder',
          );
        // Flags win over the config's output block; both are relative to the working directory.
        process.exitCode = await runAndReport(loaded, {
          db: flags.db ?? loaded.experiment.output.db,
          out,
          report: flags.report,
          exportTo,
          json: flags.json,
          quiet: flags.quiet,
          verbose: flags.verbose,
          retryBaseMs: nonNegative(flags.retryBaseMs, '--retry-base-ms'),
          spend: { yes: flags.yes ?? false, interactive: interactiveTerminal(), ask: askOnTerminal },
          forceUnlock: flags.forceUnlock,
        });
      },
    );
}

/** Runs, reports and prints: what `run` and `demo` do. Returns the exit code. */
export async function runAndReport(
  loaded: LoadedExperiment,
  o: {
    db: string;
    /** The report folder; default: one per store and run (`defaultReportDir`). */
    out?: string;
    report: boolean;
    /** Also export the run's scored samples here when it ends. */
    exportTo?: { file: string; format: ExportTarget };
    json?: boolean;
    quiet?: boolean;
    /** List every file the report wrote. */
    verbose?: boolean;
    retryBaseMs?: number;
    /** The guard against accidental spend (`demo` runs a free simulator and has none). */
    spend?: SpendCheck;
    forceUnlock?: boolean;
  },
): Promise<number> {
  const stop = interruptSignal();
  let done: RunAndReportResult;
  try {
    done = await runPipeline(loaded, {
      db: o.db,
      out: o.out,
      report: o.report,
      exportTo: o.exportTo,
      signal: stop.signal,
      progress: !o.quiet,
      retryBaseMs: o.retryBaseMs,
      forceUnlock: o.forceUnlock,
      onForcedUnlock: (h) =>
        process.stderr.write(
          `overthink: warning: took over the lock of process ${h.pid} on ${h.host} (held since ${h.started_at}) with --force-unlock; if that process is still running, stop it: two processes writing one run waste requests\n`,
        ),
      onPlan: async (tasks) => {
        if (o.spend) await confirmSpend(loaded.experiment, tasks, o.spend);
      },
      onStart: ({ runId, total, done }) => {
        if (!o.json)
          say(`run ${runId}: ${total} samples${done ? `, ${done} already stored (resuming)` : ''} → ${o.db}`);
      },
      onRunEnd: (result, failures) => {
        stop.dispose();
        if (!o.json) printRunEnd(result, failures);
      },
    });
  } finally {
    stop.dispose();
  }
  const { run: result, failures, report: built, files } = done;
  if (result.status === 'interrupted') return 130;
  const exported = o.exportTo ? [o.exportTo.file] : [];
  if (o.json)
    process.stdout.write(
      `${JSON.stringify({ run: result, failures: failures ?? null, report: built?.summary, files })}\n`,
    );
  else {
    // Terminal summaries are report code: loaded only when there is a report to print.
    const reporting = built ? await import('./run-report.js') : undefined;
    if (built) reporting?.printSummary(built);
    if (built) reporting?.printVerdicts(built);
    printWritten(exported);
    if (built) printReportFiles(built.files, o.verbose ?? false);
  }
  // A run with final errors is reported, but exits 1 as a failed check does: CI must not take it as done.
  if (result.status !== 'incomplete') return 0;
  const missing = result.total - result.stored.total;
  process.stderr.write(
    `overthink: run ${result.runId} is incomplete: ${[
      result.stored.errors ? `${result.stored.errors} samples failed after retries` : '',
      missing > 0 ? `${missing} samples are not stored` : '',
    ]
      .filter(Boolean)
      .join(', ')}; run the same command again to retry them (finished samples are kept)\n`,
  );
  return 1;
}

/** How the run ended: counts, batches, failures, and what to do after a stop. */
function printRunEnd(result: RunResult, failures: FailureDigest | undefined): void {
  const s = result.summary;
  // Most samples failed: that comes first, before any count or score.
  const block = failures ? failureBlock(failures) : [];
  if (failures && mostlyFailed(failures)) for (const l of block) say(l);
  say(
    `stored ${result.stored.total}/${result.total} samples · ${s.succeeded} new · ${s.failed} failed after retries · ${s.retries} retries`,
  );
  if (result.batch) for (const l of batchSummaryLines(result.batch)) say(l);
  if (failures && !mostlyFailed(failures)) for (const l of block) say(l);
  if (s.stoppedFailing)
    say(
      `stopped: the first ${s.stoppedFailing.samples} samples of ${s.stoppedFailing.model} all failed and none succeeded, so the rest of the plan was not sent. Check the model's base URL, key and name (overthink models check), then run the same command again to resume.`,
    );
  if (result.status === 'stopped-at-cost-ceiling')
    say('stopped: the cost ceiling would have been passed. Rerun (with a higher --max-cost) to resume.');
  if (result.status === 'interrupted')
    say(
      result.batch?.leftOpen
        ? 'interrupted: finished samples are stored and batches keep running at the provider. Run the same command again to collect them.'
        : 'interrupted: finished samples are stored. Run the same command again to resume.',
    );
}

function nonNegative(s: string, flag: string): number {
  const n = int(s, flag);
  if (n < 0) throw new UserError(`${flag}: expected 0 or more, found ${n}`);
  return n;
}
