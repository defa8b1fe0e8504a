import type { Command } from 'commander';
import { type ModelConfig, modelConfig } from '../config/schema.js';
import { createBatchAdapter } from '../providers/batch/registry.js';
import { formatDuration } from '../run/progress.js';
import { type BatchRow, getBatch, listBatches, recordRemote, setBatchStatus } from '../store/batches.js';
import { closeStore, openStore } from '../store/open.js';
import { getRun } from '../store/runs.js';
import { UserError } from '../util/errors.js';
import { alignColumns } from '../util/terminal.js';
import { dbOption } from './db-option.js';
import { say } from './output.js';

export function register(program: Command): void {
  const cmd = program
    .command('batches')
    .description('Provider batches of runs made with --batch: list them, or cancel one.');
  cmd
    .command('list')
    .description(
      'List the batches in a store, newest first (as `runs` lists runs): status, counts by outcome, age.',
    )
    .addOption(dbOption())
    .option('--run <id>', 'only this run (id or name)')
    .option('--json', 'print as JSON')
    .addHelpText(
      'after',
      `
Examples:
  overthink batches list
  overthink batches list --run sonnet-counting --json`,
    )
    .action((flags: { db: string; run?: string; json?: boolean }) => {
      const db = openStore(flags.db, { readonly: true });
      try {
        const runId = flags.run ? getRun(db, flags.run).id : undefined;
        // Newest first, the order of every time-ordered list overthink prints.
        const rows = listBatches(db, runId).reverse();
        if (flags.json) return void process.stdout.write(`${JSON.stringify(rows)}\n`);
        if (rows.length === 0) return say('no batches in this store (runs use them with --batch)');
        printTable(rows);
      } finally {
        db.close();
      }
    });
  cmd
    .command('cancel <id>')
    .description(
      "Cancel a batch at the provider (local id or the provider's id). A rerun of its run collects what finished and sends the rest again.",
    )
    .addOption(dbOption())
    .option(
      '--forget',
      'stop tracking it without asking the provider (say, the provider no longer has it): a rerun sends its samples again, so if it still runs there you pay twice',
    )
    .addHelpText(
      'after',
      `
Examples:
  overthink batches cancel b-1a2b3c4d5e      by its local id (see batches list)
  overthink batches cancel b-1a2b3c4d5e --forget`,
    )
    .action(async (id: string, flags: { db: string; forget?: boolean }) => {
      const db = openStore(flags.db, { mustExist: true });
      try {
        const b = getBatch(db, id);
        if (!b) throw new UserError(`no batch '${id}' in ${flags.db} (see 'overthink batches list')`);
        if (b.status === 'settled' || b.status === 'abandoned')
          throw new UserError(`batch ${b.id} is already ${b.status}: nothing to cancel`);
        if (!b.provider_batch_id || b.status === 'orphaned' || flags.forget) {
          // Never confirmed at the provider: release its samples so that a rerun sends them again.
          setBatchStatus(db, b.id, 'abandoned', 'released by overthink batches cancel');
          say(`batch ${b.id}: released its ${b.requests} samples; a rerun sends them again`);
          return;
        }
        const adapter = await createBatchAdapter(modelOf(db, b));
        const signal = new AbortController().signal;
        const remote = await adapter.cancel(b.provider_batch_id, signal).catch((err: unknown) => {
          throw new UserError(`batch ${b.id}: cancel failed: ${(err as Error).message}`);
        });
        recordRemote(db, b.id, remote);
        say(
          `batch ${b.id} (${b.provider_batch_id}): ${remote.providerStatus}. Rerun its run to store what finished and send the rest again.`,
        );
      } finally {
        closeStore(db);
      }
    });
}

/** The model entry (base URL, key variable) the batch's run was made with. */
function modelOf(db: ReturnType<typeof openStore>, b: BatchRow): ModelConfig {
  const config = JSON.parse(getRun(db, b.run_id).config_json) as { models?: unknown[] };
  const m = (config.models ?? [])
    .map((x) => modelConfig(x as Parameters<typeof modelConfig>[0]))
    .find((x) => x.id === b.model);
  if (!m) throw new UserError(`batch ${b.id}: its run has no model '${b.model}'`);
  return m;
}

function printTable(rows: BatchRow[]): void {
  const now = Date.now();
  const table = [
    [
      'batch',
      'provider id',
      'model',
      'run',
      'status',
      'requests',
      'ok',
      'errored',
      'expired',
      'canceled',
      'processing',
      'age',
    ],
    ...rows.map((b) => [
      b.id,
      b.provider_batch_id ?? '-',
      b.model,
      b.run_id,
      b.provider_status ? `${b.status} (${b.provider_status})` : b.status,
      String(b.requests),
      String(b.succeeded),
      String(b.errored),
      String(b.expired),
      String(b.canceled),
      String(b.processing),
      formatDuration((now - Date.parse(b.created_at)) / 1000),
    ]),
  ];
  for (const line of alignColumns(table, (i) => i >= 5 && i <= 10)) say(line.trimEnd());
}
