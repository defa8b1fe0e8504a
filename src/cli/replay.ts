import type { Command } from 'commander';
import { computeCurves } from '../analysis/curves.js';
import { analyseReplay } from '../analysis/replay.js';
import { loadRunData } from '../analysis/samples.js';
import { analyseScheduler } from '../analysis/scheduler.js';
import { replayLine } from '../report/replay-format.js';
import { type Checkpoints, parseAt, parseEvery } from '../run/checkpoints.js';
import { replayRun } from '../run/replay.js';
import { openStore } from '../store/open.js';
import { UserError } from '../util/errors.js';
import { dbOption } from './db-option.js';
import { int } from './experiment-flags.js';
import { interruptSignal, say } from './output.js';

interface ReplayFlags {
  db: string;
  at?: string;
  every?: string;
  probeTokens: string;
  budget?: string;
  concurrency?: string;
  json?: boolean;
  quiet?: boolean;
}

export function register(program: Command): void {
  program
    .command('replay [run]')
    .description(
      'Early-exit replay: re-enter each stored trace at the largest budget and read the answer at checkpoints (local:, forcing and sim: models). Default: the latest run.',
    )
    .addOption(dbOption())
    .option('--at <tokens>', 'probe at these reasoning-token positions, e.g. 256,512,1024,2048')
    .option('--every <share>', "probe at every share of each trace's length, e.g. 10%")
    .option('--probe-tokens <n>', 'answer tokens each probe may decode', '32')
    .option('--budget <n>', "replay this budget's traces instead of each model's largest")
    .option('-j, --concurrency <n>', "traces replayed at once (default: the run's concurrency)")
    .option('--json', 'print the result as JSON on stdout')
    .option('-q, --quiet', 'no progress display')
    .addHelpText(
      'after',
      `
Each stored sample at the largest budget is re-entered with its own prompt and trace; at each
checkpoint the end of thinking and the answer prefix are forced and the answer is read, as the
reasoning scheduler's probes are. Probes are not reasoning: they are stored apart (the run's replay
arm) and never counted as reasoning tokens. Rerunning resumes: probes already stored are not made
again. The report then shows where in the trace answers were right, the oracle stopper, and the
items that had the right answer and lost it.

Only models whose trace overthink can continue can be replayed: local:, openai-compatible with
forcing, and sim:. An API model (anthropic:, openai:, google:, openai-compatible without forcing)
cannot be handed a trace to go on from; it is named and left out.

Examples:
  overthink replay --at 256,512,1024,2048,4096,8192
  overthink replay r-1a2b3c4d5e6f --every 10%`,
    )
    .action(async (run: string | undefined, f: ReplayFlags) => {
      const checkpoints = checkpointsFlag(f);
      const probeTokens = int(f.probeTokens, '--probe-tokens');
      if (probeTokens < 1) throw new UserError(`--probe-tokens: expected 1 or more, got ${probeTokens}`);
      const budget = f.budget === undefined ? undefined : int(f.budget, '--budget');
      if (budget !== undefined && budget < 1)
        throw new UserError(`--budget: expected 1 or more, got ${budget}`);
      const concurrency = f.concurrency === undefined ? undefined : int(f.concurrency, '--concurrency');
      if (concurrency !== undefined && concurrency < 1)
        throw new UserError(`--concurrency: expected 1 or more, got ${concurrency}`);
      const stop = interruptSignal();
      let result: Awaited<ReturnType<typeof replayRun>>;
      try {
        result = await replayRun({
          db: f.db,
          run,
          checkpoints,
          probeTokens,
          budget,
          concurrency,
          signal: stop.signal,
          progress: !f.quiet,
          onStart: ({ runId, traces, probes, done }) => {
            if (!f.json)
              say(
                `replay ${runId}: ${probes} probes of ${traces} traces to make${done ? `, ${done} already stored (resuming)` : ''} → ${f.db}`,
              );
          },
        });
      } finally {
        stop.dispose();
      }
      const groups = readBack(f.db, result.runId);
      if (f.json) {
        process.stdout.write(`${JSON.stringify({ ...result, groups })}\n`);
      } else {
        const sim = result.simulated ? '[simulated model] ' : '';
        for (const m of result.replayed)
          say(
            `${sim}${m.model} at budget ${m.budget}: ${m.traces} traces, ${m.probes} probes made now, ${m.already} already stored${m.failed ? `, ${m.failed} failed (rerun to retry)` : ''}`,
          );
        for (const s of result.skipped) say(`not replayed: ${s.model}: ${s.reason}`);
        for (const n of result.notes) say(`note (${n.traces} trace${n.traces === 1 ? '' : 's'}): ${n.note}`);
        for (const g of groups) say(replayLine(g, result.simulated));
        if (result.status === 'interrupted')
          say('interrupted: the probes made are stored. Run the same command again to resume.');
        else
          say(
            `next: overthink report ${result.runId} --db ${f.db}  (the answer over the trace, per item and per model)`,
          );
      }
      process.exitCode = result.status === 'interrupted' ? 130 : 0;
    });
}

function checkpointsFlag(f: ReplayFlags): Checkpoints {
  if (f.at !== undefined && f.every !== undefined)
    throw new UserError('--at and --every: give one of them, not both');
  if (f.at !== undefined) return parseAt(f.at);
  if (f.every !== undefined) return parseEvery(f.every);
  throw new UserError(
    'replay: say where to probe: --at 256,512,1024 (token positions) or --every 10% (shares of each trace)',
  );
}

/** The replay's findings as the report computes them (no tags, no excerpts: only what is needed). */
function readBack(db: string, runId: string) {
  const store = openStore(db, { mustExist: true });
  try {
    const data = loadRunData(store, runId, { tags: false, excerptChars: 0 });
    const curves = computeCurves(data);
    return analyseReplay(data, curves, analyseScheduler(data, curves));
  } finally {
    store.close();
  }
}
