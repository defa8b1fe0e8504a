/**
 * `overthink view` on the 1M-sample store (bench/run.ts, part `view`): the built CLI serves it, and
 * each request is timed from this process over loopback, as a browser would wait for it. One sample
 * gets a 40,000-character trace first (the sim sweep stores short texts).
 */
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { BIN } from './lib.js';

export interface ViewFigures {
  [name: string]: number;
}

function startViewer(db: string): Promise<{ url: string; stop(): void }> {
  return new Promise((done, fail) => {
    const p = spawn(process.execPath, [BIN, 'view', '--db', db, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) done({ url: m[0], stop: () => p.kill('SIGTERM') });
    });
    p.stderr.on('data', (d) => {
      err += d;
    });
    p.on('exit', (code) => fail(new Error(`overthink view exited (${code}): ${err.slice(-800)}`)));
  });
}

async function timed(url: string): Promise<{ ms: number; body: string }> {
  const t0 = performance.now();
  const r = await fetch(url);
  const body = await r.text();
  const ms = performance.now() - t0;
  if (!r.ok) throw new Error(`${url}: ${r.status} ${body.slice(0, 300)}`);
  return { ms, body };
}

/** The best of `n` tries after the first (the first is reported apart: it warms SQLite's page cache). */
async function best(url: string, n = 5): Promise<number> {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) min = Math.min(min, (await timed(url)).ms);
  return min;
}

export async function benchView(db: string): Promise<ViewFigures> {
  const d = new Database(db);
  const run = d.prepare('SELECT id FROM runs ORDER BY updated_at DESC LIMIT 1').pluck().get() as string;
  const key = d
    .prepare('SELECT key FROM samples WHERE run_id = ? AND budget = 4096 ORDER BY key LIMIT 1')
    .pluck()
    .get(run) as string;
  const line = 'Let me reconsider the problem once more, step by step, before answering. ';
  d.prepare('UPDATE samples SET reasoning_text = ? WHERE key = ?').run(
    line.repeat(Math.ceil(40_000 / line.length)).slice(0, 40_000),
    key,
  );
  const model = d.prepare('SELECT model FROM samples WHERE run_id = ? LIMIT 1').pluck().get(run) as string;
  d.close();
  const v = await startViewer(db);
  try {
    const api = `${v.url}api/run/0/${encodeURIComponent(run)}`;
    const out: ViewFigures = {};
    out['run list, first request (ms)'] = (await timed(`${v.url}api/runs`)).ms;
    out['run list (ms)'] = await best(`${v.url}api/runs`);
    out['run list page, HTML (ms)'] = await best(v.url);
    out['run page, HTML (ms)'] = await best(`${v.url}run/0/${encodeURIComponent(run)}`);
    const filtered = `${api}/samples?model=${encodeURIComponent(model)}&budget=4096&page=40`;
    out['sample page, model + budget filter, page 41 (ms)'] = await best(filtered);
    out['sample page, no filter, page 10,000 (ms)'] = await best(`${api}/samples?page=9999`);
    out['sample page, item filter (ms)'] = await best(`${api}/samples?item=_1234`);
    const wrong = `${api}/samples?budget=4096&outcome=wrong`;
    out['sample page, outcome filter, first (scores the run) (ms)'] = (await timed(wrong)).ms;
    out['sample page, outcome + budget filter (ms)'] = await best(wrong);
    const trace = await timed(`${api}/sample/${key}`);
    const got = (JSON.parse(trace.body) as { reasoning: string }).reasoning.length;
    if (got !== 40_000) throw new Error(`the trace came back with ${got} characters, not 40,000`);
    out['open a 40k-character trace (ms)'] = await best(`${api}/sample/${key}`);
    return out;
  } finally {
    v.stop();
  }
}
