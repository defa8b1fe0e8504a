/**
 * npm run bench — overthink's performance figures on this machine, as one table (see docs/PERFORMANCE.md).
 *
 *   throughput  samples/s, CPU ms per sample, peak RSS on the shared kit (../shared/bench): overthink
 *               (`run --export`, fresh store; at C=64 also run then `export`) and the bare-Node floor at
 *               C=64 and C=256, 0 and 50 ms mock latency; promptfoo (the peer) at C=64, 0 and 50 ms, in
 *               the same session
 *   memory      peak RSS and store size of sim sweeps of 100k and 1M samples
 *   analysis    `overthink report` and `overthink export --jsonl` on the 1M-sample store
 *   resume      a resumed run on the 1M-sample store with the last 1,000 samples missing
 *   view        `overthink view` on the 1M-sample store: run list, filtered sample pages, a 40k-character trace
 *   long        long reasoning traces on the kit (TEXT=varied, REASONING_CHARS=40000): 20,000 samples
 *               at C=64 0 ms with and without --export (peak RSS, store size, store bytes per character
 *               of reasoning + answer); 3,000 and 10,000 at C=64 50 ms against the floor run just
 *               before and just after (their mean), and the gap in wall time split into a fixed part
 *               and a part per sample by a line through the two; 500 streamed in 4-char deltas
 *               (Anthropic, openai-compatible with `stream`) against the streaming floor (`STREAM=1
 *               mock-load.mjs`) run just before and just after both (their mean). BENCH_LONG_N
 *               scales the counts (1 = as above). Then `report` on a store of BENCH_LONG_REPORT_N
 *               (200,000; 0 skips it) such samples, made once by the kit (about 6 minutes and 3 GB):
 *               wall, CPU, peak RSS (target ≤30 s)
 *   zebra       bench/zebra.ts;  local  bench/local.ts (needs the tiny GGUF)
 *
 * Env: BENCH_ONLY=throughput,memory,… (default all), BENCH_RUNS (2; every figure is min–max over
 * these), BENCH_PEER=0 (skip promptfoo), BENCH_NO_BUILD=1 (use dist/ as it is), BENCH_KEEP=1 (keep
 * the work dir). Measured commands run the built CLI (dist/), as users do.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { unpackText } from '../src/store/text-codec.js';
import {
  BIN,
  betweenFloors,
  Figures,
  KIT,
  kit,
  loadAverage,
  needKit,
  ROOT,
  sh,
  storeMb,
  timedNode,
} from './lib.js';

const ALL = ['throughput', 'long', 'memory', 'analysis', 'resume', 'view', 'zebra', 'local'] as const;
type Section = (typeof ALL)[number];
const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean) as Section[];
for (const s of only)
  if (!ALL.includes(s)) throw new Error(`BENCH_ONLY: unknown part '${s}' (${ALL.join(', ')})`);
const want = (s: Section) => only.length === 0 || only.includes(s);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 2));
const PEER = process.env.BENCH_PEER !== '0';
const work = mkdtempSync(join(tmpdir(), 'overthink-bench-'));
const figs = new Figures();
const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

async function main(): Promise<void> {
  const t0 = performance.now();
  if (process.env.BENCH_NO_BUILD !== '1') {
    log('npm run build');
    const b = await sh('npm', ['run', 'build']);
    if (b.code !== 0) throw new Error(`build failed:\n${b.stdout}${b.stderr}`);
  }
  const load = loadAverage();
  log(`load average at start: ${load}; work dir ${work}`);
  if (want('throughput')) needKit('throughput');
  if (want('memory') || want('analysis') || want('resume') || want('view'))
    needKit('memory, analysis, resume and view');
  if (want('long')) needKit('long');
  if (want('throughput')) await throughput();
  if (want('long')) await long();
  const big =
    want('memory') || want('analysis') || want('resume') || want('view') ? await memory() : undefined;
  if (big && want('analysis')) await analysis(big);
  if (big && want('resume')) await resume(big);
  if (big && want('view')) await view(big);
  if (want('zebra')) await zebra();
  if (want('local')) await local();
  const end = loadAverage();
  process.stdout.write(
    `\n${figs.table()}\n\n${RUNS} run(s) each; load average ${load} at start, ${end} at end; ` +
      `${((performance.now() - t0) / 60000).toFixed(1)} min; node ${process.version}\n`,
  );
}

/** The kit: overthink (bench/kit-overthink.sh), the floor and promptfoo, interleaved run by run. */
async function throughput(): Promise<void> {
  const configs = [
    { conc: 64, lat: 0, n: 5000, peer: true },
    { conc: 64, lat: 50, n: 5000, peer: true },
    { conc: 256, lat: 0, n: 20000, peer: false },
    { conc: 256, lat: 50, n: 20000, peer: false },
  ];
  for (let run = 0; run < RUNS; run++) {
    for (const c of configs) {
      const env = { N: String(c.n), CONC: String(c.conc), LATENCY_MS: String(c.lat) };
      const sec = `throughput C=${c.conc} ${c.lat}ms N=${c.n}`;
      log(`${sec}: run ${run + 1}/${RUNS}`);
      const floor = await kit(
        join(KIT, 'run-cmd.sh'),
        ['node-floor', 'exec node "$BENCH_DIR/mock-load.mjs"'],
        env,
      );
      const ours = await kit(join(ROOT, 'bench/kit-overthink.sh'), [], env);
      const target0 = c.conc === 64 && c.lat === 0;
      figs.add(sec, 'samples/s', '/s', ours['req/s'], {
        target: target0 ? '≥10× promptfoo' : c.conc === 64 && c.lat === 50 ? '≥1,000' : undefined,
      });
      figs.add(sec, 'CPU per sample', 'ms', ours.cpu_ms_per_sample, {
        target: target0 ? '≤1 ms' : undefined,
        ratio: '÷',
      });
      figs.add(sec, 'peak RSS', 'MB', ours.rss, { ratio: '÷' });
      figs.add(sec, 'bare-Node floor samples/s', '/s', floor['req/s']);
      figs.add(sec, 'share of the floor', '%', (100 * ours['req/s']) / floor['req/s']);
      if (c.conc === 64) {
        // The same with the export as a second process (`overthink export --jsonl`), for comparison.
        const two = await kit(join(ROOT, 'bench/kit-overthink.sh'), [], { ...env, OT_EXPORT: 'command' });
        figs.add(sec, 'samples/s, export as a second command', '/s', two['req/s']);
      }
      if (PEER && c.peer) {
        const pf = await kit(join(KIT, 'peer-promptfoo.sh'), [], env);
        figs.peer(sec, 'samples/s', pf['req/s']);
        figs.peer(sec, 'CPU per sample', pf.cpu_ms_per_sample);
        figs.peer(sec, 'peak RSS', pf.rss);
      }
    }
  }
}

/** The long-trace workloads of issue 22 (docs/PERFORMANCE.md, "Long traces"). */
async function long(): Promise<void> {
  const scale = Number(process.env.BENCH_LONG_N ?? 1);
  if (!(scale > 0)) throw new Error(`BENCH_LONG_N: a number above 0, got '${process.env.BENCH_LONG_N}'`);
  const n = (x: number) => String(Math.max(64, Math.round(x * scale)));
  const text = { TEXT: 'varied', REASONING_CHARS: '40000' };
  const ot = join(ROOT, 'bench/kit-overthink.sh');
  const floorCmd = ['node-floor', 'exec node "$BENCH_DIR/mock-load.mjs"'];
  for (let run = 0; run < RUNS; run++) {
    // 20,000 × 40k chars, C=64, 0 ms: memory and store size, with and without the export.
    const big = { ...text, N: n(20_000), CONC: '64', LATENCY_MS: '0' };
    for (const exp of ['run', 'none'] as const) {
      const sec = `long: ${big.N} × 40k chars C=64 0ms${exp === 'run' ? ' --export' : ''}`;
      log(`${sec}: run ${run + 1}/${RUNS}`);
      const db = join(work, 'long.db');
      rmSync(db, { force: true });
      const r = await kit(ot, [], { ...big, OT_EXPORT: exp, OT_KEEP_DB: db });
      figs.add(sec, 'peak RSS', 'MB', r.rss, { target: '≤300 MB, flat in N' });
      figs.add(sec, 'samples/s', '/s', r['req/s']);
      figs.add(sec, 'CPU per sample', 'ms', r.cpu_ms_per_sample);
      const store = storeMb(db);
      // Characters as stored before packing (text-codec.js unpacks the deflated ones).
      const s = new Database(db, { readonly: true });
      let chars = 0;
      for (const [t, r] of s.prepare('SELECT text, reasoning_text FROM samples').raw().iterate() as Iterable<
        [unknown, unknown]
      >)
        chars += (unpackText(t)?.length ?? 0) + (unpackText(r)?.length ?? 0); // ASCII: = SQLite's length()
      s.close();
      if (exp === 'run') {
        // report on the same store: every trace read for the failure tags (and the excerpts).
        const out = join(work, 'long-report');
        const rep = await timedNode([BIN, 'report', '--db', db, '-o', out]);
        const rsec = `long: report of ${big.N} stored 40k-char samples, failure tags included`;
        figs.add(rsec, 'analyse + report (overthink report)', 's', rep.wallS, { target: '≤30 s' });
        figs.add(rsec, 'report CPU', 's', rep.cpuS);
        figs.add(rsec, 'report peak RSS', 'MB', rep.rssMb);
        rmSync(out, { recursive: true, force: true });
      }
      rmSync(db, { force: true });
      figs.add(sec, 'store size', 'MB', store);
      figs.add(sec, 'store bytes ÷ characters of reasoning + answer', '', (store * 1e6) / chars, {
        target: '≤0.4',
      });
    }
    // 3,000 and 10,000 × 40k chars, C=64, 50 ms: throughput against the floor run just before and just
    // after. The target is set on 3,000 (a 3 s run); the longer run shows how much of the gap is fixed
    // (start-up, the JIT's warm-up, the end) and how much grows with N (docs/PERFORMANCE.md part K).
    const gaps: [n: number, seconds: number][] = [];
    for (const count of [3000, 10_000]) {
      const mid = { ...text, N: n(count), CONC: '64', LATENCY_MS: '50' };
      const sec = `long: ${mid.N} × 40k chars C=64 50ms --export`;
      log(`${sec}: run ${run + 1}/${RUNS}`);
      const { floor: floorRate, result: ours } = await betweenFloors(
        () => kit(join(KIT, 'run-cmd.sh'), floorCmd, mid),
        'req/s',
        () => kit(ot, [], mid),
      );
      // Each run's pair in the log too: the table keeps only the min and max of each figure.
      log(`${sec}: ${Math.round(ours['req/s'])} /s against the floor's ${Math.round(floorRate)} /s`);
      figs.add(sec, 'samples/s', '/s', ours['req/s']);
      figs.add(sec, 'floor samples/s (before and after)', '/s', floorRate);
      figs.add(sec, 'share of the floor', '%', (100 * ours['req/s']) / floorRate, {
        target: count === 3000 ? '≥90%' : undefined,
      });
      figs.add(sec, 'peak RSS', 'MB', ours.rss);
      // The kit's samples/s is N ÷ the command's wall time: the gap in seconds, start to exit.
      const N = Number(mid.N);
      gaps.push([N, N / ours['req/s'] - N / floorRate]);
    }
    // A straight line through the two gaps: what every run pays once, and what each sample adds.
    const [[n1, g1], [n2, g2]] = gaps;
    const perSample = (g2 - g1) / (n2 - n1);
    const gsec = "long: C=64 50ms, overthink's extra wall time over the floor (line through both sizes)";
    figs.add(gsec, 'fixed (start-up, warm-up, end)', 's', g1 - perSample * n1);
    figs.add(gsec, 'per sample', 'µs', perSample * 1e6);
    // 500 × 40k chars streamed in 4-character deltas: CPU per sample against the streaming floor.
    const sse = { ...text, N: n(500), CONC: '64', LATENCY_MS: '0', DELTA_CHARS: '4' };
    const ssec = `long: ${sse.N} × 40k chars streamed in 4-char deltas, C=64`;
    log(`${ssec}: run ${run + 1}/${RUNS}`);
    // Both providers between two runs of the streaming floor.
    const { floor: floorCpu, result: runs } = await betweenFloors(
      () => kit(join(KIT, 'run-cmd.sh'), ['node-floor-sse', floorCmd[1]], { ...sse, STREAM: '1' }),
      'cpu_ms_per_sample',
      async () => {
        const out = [];
        for (const provider of ['anthropic', 'compat'] as const)
          out.push({ provider, r: await kit(ot, [], { ...sse, OT_PROVIDER: provider, OT_STREAM: '1' }) });
        return out;
      },
    );
    figs.add(ssec, 'streaming floor CPU per sample (before and after)', 'ms', floorCpu);
    for (const { provider, r } of runs) {
      const who = provider === 'anthropic' ? 'anthropic' : 'openai-compatible stream';
      figs.add(ssec, `${who}: CPU per sample`, 'ms', r.cpu_ms_per_sample);
      figs.add(ssec, `${who}: CPU ÷ the floor's`, '×', r.cpu_ms_per_sample / floorCpu, { target: '≤1.3' });
      figs.add(ssec, `${who}: peak RSS`, 'MB', r.rss);
    }
  }
  await longReport();
}

/**
 * `report` on 200,000 stored long traces (issue 22, part E; docs/PERFORMANCE.md): the store made once
 * by the kit as above (no export), then reported RUNS times, failure tags included.
 */
async function longReport(): Promise<void> {
  const n = Number(process.env.BENCH_LONG_REPORT_N ?? 200_000);
  if (!(n >= 0)) throw new Error(`BENCH_LONG_REPORT_N: a number, got '${process.env.BENCH_LONG_REPORT_N}'`);
  if (n === 0) return;
  const db = join(work, 'long-report.db');
  const env = { TEXT: 'varied', REASONING_CHARS: '40000', N: String(n), CONC: '64', LATENCY_MS: '0' };
  log(`long: a ${n}-sample store for report`);
  await kit(join(ROOT, 'bench/kit-overthink.sh'), [], { ...env, OT_EXPORT: 'none', OT_KEEP_DB: db });
  const sec = `long: report of ${n} stored 40k-char samples, failure tags included`;
  for (let run = 0; run < RUNS; run++) {
    log(`${sec}: run ${run + 1}/${RUNS}`);
    const out = join(work, 'long-report-big');
    const rep = await timedNode([BIN, 'report', '--db', db, '-o', out]);
    figs.add(sec, 'analyse + report (overthink report)', 's', rep.wallS, { target: '≤30 s' });
    figs.add(sec, 'report CPU', 's', rep.cpuS);
    figs.add(sec, 'report peak RSS', 'MB', rep.rssMb);
    rmSync(out, { recursive: true, force: true });
  }
  rmSync(db, { force: true });
}

interface BigStore {
  db: string;
  config: string;
}

/** Sim sweeps (sim:flat, short texts) of 100k and 1M samples: peak RSS, time and store size. */
async function memory(): Promise<BigStore> {
  const dir = join(work, 'sweep');
  const w = await sh('node', [join(KIT, 'workload.mjs'), '--n', '25000', '--out', dir]);
  if (w.code !== 0) throw new Error(w.stderr);
  const config = (name: string, budgets: number[], trials: number) => {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(
      file,
      `models: [{ id: 'sim:flat', options: { reasoningText: 'none' } }]
tasks: [{ id: custom, options: { path: workload.jsonl } }]
budgets: [${budgets.join(', ')}]
trials: ${trials}
concurrency: 64
`,
    );
    return file;
  };
  // 25,000 items × 4 budgets × 1 trial, and × 8 budgets × 5 trials. Without the memory figures
  // (analysis or resume alone), just the 1M store, once.
  const s1m = {
    label: '1M',
    n: 1_000_000,
    config: config('s1m', [0, 256, 512, 1024, 2048, 4096, 8192, 16384], 5),
  };
  const sweeps = want('memory')
    ? [{ label: '100k', n: 100_000, config: config('s100k', [0, 256, 512, 1024], 1) }, s1m]
    : [s1m];
  const runs = want('memory') ? RUNS : 1;
  let big: BigStore | undefined;
  for (let run = 0; run < runs; run++) {
    for (const s of sweeps) {
      const db = join(dir, `${s.label}-${run}.db`);
      log(`memory: sim sweep ${s.label} run ${run + 1}/${runs}`);
      const t = await timedNode([BIN, 'run', '-c', s.config, '--db', db, '--no-report', '-q'], dir);
      const sec = `memory: sim sweep ${s.label}`;
      figs.add(sec, 'peak RSS', 'MB', t.rssMb, { target: '≤250 MB, flat in N' });
      figs.add(sec, 'store size', 'MB', storeMb(db));
      figs.add(sec, 'samples/s', '/s', s.n / t.wallS);
      figs.add(sec, 'CPU per sample', 'ms', (1000 * t.cpuS) / s.n);
      if (s.label === '1M' && !big) big = { db, config: s.config };
      else rmSync(db, { force: true });
    }
  }
  if (!big) throw new Error('no 1M store');
  return big;
}

/** `overthink report` and `overthink export --jsonl` on the 1M-sample store. */
async function analysis(big: BigStore): Promise<void> {
  for (let run = 0; run < RUNS; run++) {
    log(`analysis: report + export of 1M samples, run ${run + 1}/${RUNS}`);
    const out = join(work, `report-${run}`);
    const r = await timedNode([BIN, 'report', '--db', big.db, '-o', out]);
    figs.add('analysis: 1M stored samples', 'analyse + report (overthink report)', 's', r.wallS, {
      target: '≤20 s',
    });
    figs.add('analysis: 1M stored samples', 'report CPU', 's', r.cpuS);
    figs.add('analysis: 1M stored samples', 'report peak RSS', 'MB', r.rssMb);
    rmSync(out, { recursive: true, force: true });
    const jsonl = join(work, 'export.jsonl');
    const e = await timedNode([BIN, 'export', '--jsonl', '--db', big.db, '--out', jsonl]);
    figs.add('analysis: 1M stored samples', 'export --jsonl', 's', e.wallS);
    figs.add('analysis: 1M stored samples', 'export peak RSS', 'MB', e.rssMb);
    rmSync(jsonl, { force: true });
  }
}

/**
 * A resumed run on the 1M-sample store, its last 1,000 samples (by insertion) deleted as if the run
 * had been killed: the rerun must find what is stored, pass over 999,000 planned samples and redo
 * the 1,000. Its whole wall time is an upper bound on the time to its first request.
 */
async function resume(big: BigStore): Promise<void> {
  for (let run = 0; run < RUNS; run++) {
    const db = new Database(big.db);
    db.prepare(
      'DELETE FROM samples WHERE rowid IN (SELECT rowid FROM samples ORDER BY rowid DESC LIMIT 1000)',
    ).run();
    db.close();
    log(`resume: 1M store, 1,000 missing, run ${run + 1}/${RUNS}`);
    const t = await timedNode(
      [BIN, 'run', '-c', big.config, '--db', big.db, '--no-report', '--json', '-q'],
      resolve(big.config, '..'),
    );
    const res = JSON.parse(t.stdout.trim().split('\n').at(-1) ?? '{}') as {
      run?: { alreadyDone?: number; summary?: { succeeded?: number } };
    };
    if (res.run?.alreadyDone !== 999_000 || res.run.summary?.succeeded !== 1000) {
      throw new Error(`resume did not redo exactly the 1,000 missing samples: ${t.stdout.slice(-400)}`);
    }
    figs.add('resume: 1M stored rows', 'resumed run, start to finish (1,000 redone)', 's', t.wallS, {
      target: 'start ≤3 s',
    });
    figs.add('resume: 1M stored rows', 'resumed run CPU', 's', t.cpuS);
    figs.add('resume: 1M stored rows', 'resumed run peak RSS', 'MB', t.rssMb, { target: '≤250 MB' });
  }
}

/** `overthink view` on the 1M-sample store (bench/view.ts): each request timed over loopback. */
async function view(big: BigStore): Promise<void> {
  const { benchView } = await import('./view.js');
  for (let run = 0; run < RUNS; run++) {
    log(`view: 1M store, run ${run + 1}/${RUNS}`);
    for (const [name, ms] of Object.entries(await benchView(big.db))) {
      const target =
        name === 'run list (ms)' || name.startsWith('sample page, model + budget')
          ? '<300 ms'
          : name.startsWith('open a 40k')
            ? '<100 ms'
            : undefined;
      figs.add('view: 1M stored samples', name.replace(/ \(ms\)$/, ''), 'ms', ms, { target });
    }
  }
}

async function zebra(): Promise<void> {
  const { benchZebra } = await import('./zebra.js');
  for (let run = 0; run < RUNS; run++) {
    log(`zebra: run ${run + 1}/${RUNS}`);
    for (const [k, v] of Object.entries(await benchZebra())) {
      const unit = k.endsWith('_ms') ? 'ms' : k.endsWith('_s') ? 's' : '';
      figs.add('zebra', k.replace(/^zebra\./, ''), unit, v, {
        target:
          k === 'zebra.generate_8x8_median_ms' ? '<200 ms' : k.startsWith('zebra.solve') ? '<5 s' : undefined,
      });
    }
  }
}

async function local(): Promise<void> {
  let mod: { benchLocal(): Promise<Record<string, number>> };
  try {
    mod = await import('./local.js');
  } catch (err) {
    log(`local: skipped (${(err as Error).message.split('\n')[0]})`);
    return;
  }
  for (let run = 0; run < RUNS; run++) {
    log(`local: run ${run + 1}/${RUNS}`);
    let r: Record<string, number>;
    try {
      r = await mod.benchLocal();
    } catch (err) {
      log(`local: skipped (${(err as Error).message.split('\n')[0]})`);
      return;
    }
    for (const [k, v] of Object.entries(r)) {
      if (k === 'local.threads') continue;
      const unit = k.endsWith('_pct') ? '%' : k.includes('_per_') ? 'tok/s' : k.endsWith('_s') ? 's' : '';
      figs.add('local (tiny GGUF)', k.replace(/^local\./, ''), unit, v, {
        target: k === 'local.overhead_pct' ? '<5%' : undefined,
      });
    }
  }
}

main()
  .catch((err) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    if (figs.all.length) process.stdout.write(`\n(partial)\n${figs.table()}\n`);
    process.exitCode = 1;
  })
  .finally(() => {
    if (process.env.BENCH_KEEP === '1') log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  });
