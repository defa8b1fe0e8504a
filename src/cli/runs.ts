import type { Command } from 'commander';
import { describeOrigin, originOf } from '../run/origin.js';
import { countSamples, listRuns, openStore } from '../store/store.js';
import { say } from './output.js';

export function register(program: Command): void {
  program
    .command('runs')
    .description('List the runs in a store, newest first.')
    .option('--db <file>', 'the results store (SQLite)', 'overthink.db')
    .option('--json', 'print as JSON')
    .action((flags: { db: string; json?: boolean }) => {
      const db = openStore(flags.db, { readonly: true });
      try {
        const runs = listRuns(db).map((r) => ({
          id: r.id,
          name: r.name,
          status: r.status,
          simulated: r.simulated === 1,
          source: describeOrigin(originOf(r.manifest_json)),
          updated: r.updated_at,
          ...countSamples(db, r.id),
        }));
        if (flags.json) return void process.stdout.write(`${JSON.stringify(runs)}\n`);
        if (runs.length === 0) return say('no runs yet');
        for (const r of runs) {
          say(
            `${r.id}${r.name ? ` (${r.name})` : ''}  ${r.status}  ${r.total} samples (${r.errors} errors)  ${r.updated}${r.simulated ? '  [simulated model]' : ''}${r.source === 'made by overthink' ? '' : `  [${r.source}]`}`,
          );
        }
      } finally {
        db.close();
      }
    });
}
