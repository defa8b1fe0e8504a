import type { Command } from 'commander';
import { DATASETS } from '../data/catalog.js';
import { DownloadError } from '../data/download.js';
import { formatBytes } from '../data/progress.js';
import { listDatasets, pullDataset } from '../data/pull.js';
import { interruptSignal, say, showPath } from './output.js';

const FETCH_HINT =
  'hint: check the network, then run the same command again: verified files are kept ' +
  'and a partial one resumes. --base-url <url> fetches from a mirror. Without the pulled files, the paper tasks run on ' +
  'generated stand-ins and say so.';

interface PullFlags {
  baseUrl?: string;
  cacheDir?: string;
  force?: boolean;
}

export function register(program: Command): void {
  const data = program
    .command('data')
    .description(
      "Fetch the paper's released datasets into a local cache ($OVERTHINK_CACHE/data, default ~/.cache/overthink/data).",
    );

  data
    .command('pull')
    .description(
      `Download a dataset with checksums and resume (${DATASETS.map((d) => d.name).join(', ')}, or all).`,
    )
    .argument('<name>', 'dataset name, or "all"')
    .option(
      '--base-url <url>',
      'fetch from this scheme://host instead of the original one (mirror or test server)',
    )
    .option('--cache-dir <dir>', 'cache root instead of $OVERTHINK_CACHE/data')
    .option('--force', 'download again even if a verified copy is cached')
    .addHelpText(
      'after',
      `
Examples:
  overthink data pull inverse-scaling-ttc-main    the paper's released task files (then pulled: true)
  overthink data pull all
  overthink data pull bbeh-zebra --base-url https://mirror.example.org

A pull resumes an interrupted download and verifies every file's sha256. Exit 2 when a file cannot
be fetched (rerun when the network is back), 1 when one fails its checksum.`,
    )
    .action(async (name: string, flags: PullFlags) => {
      const names = name === 'all' ? DATASETS.map((d) => d.name) : [name];
      const interrupt = interruptSignal();
      try {
        for (const n of names) {
          const res = await pullDataset(n, {
            baseUrl: flags.baseUrl,
            cacheRoot: flags.cacheDir,
            force: flags.force,
            signal: interrupt.signal,
          });
          const fresh = res.files.filter((f) => f.status === 'downloaded').length;
          say(
            `${res.dataset}: ${res.files.length} files in ${showPath(res.dir)} (${fresh} downloaded, ${res.files.length - fresh} cached)`,
          );
        }
      } catch (err) {
        if (!(err instanceof DownloadError)) throw err;
        process.stderr.write(`overthink: ${err.message}\n`);
        if (err.kind === 'fetch') process.stderr.write(`${FETCH_HINT}\n`);
        // A file that failed its checksum is a check that failed (1); one that could not be fetched
        // is like a missing input (2): nothing was changed, try again when the network is there.
        process.exitCode = interrupt.signal.aborted ? 130 : err.kind === 'checksum' ? 1 : 2;
      } finally {
        interrupt.dispose();
      }
    });

  data
    .command('list')
    .description('Show the known datasets and what the cache holds.')
    .option('--cache-dir <dir>', 'cache root instead of $OVERTHINK_CACHE/data')
    .option('--json', 'print as JSON')
    .addHelpText(
      'after',
      `
Examples:
  overthink data list
  overthink data list --json`,
    )
    .action((flags: { cacheDir?: string; json?: boolean }) => {
      const rows = listDatasets({ cacheRoot: flags.cacheDir });
      if (flags.json) return void process.stdout.write(`${JSON.stringify(rows)}\n`);
      for (const r of rows) {
        const state =
          r.cached === r.files
            ? `cached (${formatBytes(r.bytes)})`
            : r.cached > 0 || r.partial > 0
              ? `partly cached: ${r.cached}/${r.files} files${r.partial ? `, ${r.partial} interrupted` : ''}`
              : 'not cached';
        say(`${r.name}  ${state}  [${r.licence}]`);
        say(`  ${r.description}`);
        if (r.cached > 0 || r.partial > 0) say(`  ${showPath(r.dir)}`);
      }
    });
}
