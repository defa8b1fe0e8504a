/**
 * Helpers for bench/run.ts: running commands under GNU time, reading the shared kit's summary lines,
 * collecting figures over repeated runs and printing them as one table.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const KIT = process.env.BENCH_KIT ?? resolve(ROOT, '../shared/bench');
export const BIN = resolve(ROOT, 'bin/overthink.js');

/**
 * The throughput and memory parts need the shared benchmark kit (mock server, workload, peer runner),
 * which is not part of the repository: say so plainly rather than fail on a missing file.
 */
export function needKit(part: string): void {
  if (existsSync(resolve(KIT, 'run-cmd.sh'))) return;
  throw new Error(
    `${part} needs the benchmark kit at ${KIT} (the shared bench folder beside the repository, or set BENCH_KIT); ` +
      'run BENCH_ONLY=zebra,local for the parts that need nothing outside the repository',
  );
}

export interface Done {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion, output captured (stdin closed). */
export function sh(cmd: string, args: string[], env: Record<string, string> = {}, cwd = ROOT): Promise<Done> {
  return new Promise((done, fail) => {
    const p = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => {
      stdout += d;
    });
    p.stderr.on('data', (d) => {
      stderr += d;
    });
    p.on('error', fail);
    p.on('close', (code) => done({ code: code ?? 1, stdout, stderr }));
  });
}

export interface Timed extends Done {
  wallS: number;
  cpuS: number;
  rssMb: number;
}

/** Runs `node <args>` under GNU time: wall, user+sys CPU and peak RSS of the process. */
export async function timedNode(args: string[], cwd = ROOT): Promise<Timed> {
  const out = resolve(cwd, `.time-${process.pid}.txt`);
  const r = await sh('/usr/bin/time', ['-f', '%e %U %S %M', '-o', out, process.execPath, ...args], {}, cwd);
  const last = readFileSync(out, 'utf8').trim().split('\n').at(-1) ?? '0 0 0 0';
  rmSync(out, { force: true });
  const [wall, user, sys, rss] = last.split(' ').map(Number);
  if (r.code !== 0) throw new Error(`node ${args.join(' ')} failed (${r.code}): ${r.stderr.slice(-800)}`);
  return { ...r, wallS: wall, cpuS: user + sys, rssMb: rss / 1024 };
}

/** The kit's summary line as numbers: wall, cpu, rss, req/s, cpu_ms_per_sample, pass… */
function parseKitLine(line: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of line.matchAll(/(\S+)=([0-9.]+)(?:s|MB|ms)?(?=\s|$)/g)) out[m[1]] = Number(m[2]);
  return out;
}

/** One kit run (`bash <script> [args]`); throws with the kit's complaint when the run failed. */
export async function kit(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<Record<string, number>> {
  const r = await sh('bash', [script, ...args], env);
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  if (r.code !== 0 || !/req\/s=/.test(line)) {
    throw new Error(`${script} failed (${r.code}): ${line}\n${r.stderr.slice(-1500)}`);
  }
  return parseKitLine(line);
}

/**
 * `runs` between two runs of `floor`, and the floor's `figure` as the mean of both: the machine's
 * drift over a few seconds then falls on both sides alike (one floor run drifts ±10% on ours).
 */
export async function betweenFloors<T>(
  floor: () => Promise<Record<string, number>>,
  figure: string,
  runs: () => Promise<T>,
): Promise<{ floor: number; result: T }> {
  const before = await floor();
  const result = await runs();
  const after = await floor();
  return { floor: (before[figure] + after[figure]) / 2, result };
}

/** The 1-, 5- and 15-minute load averages. */
export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

/** Size in MB of a SQLite store with its -wal and -shm files. */
export function storeMb(file: string): number {
  let bytes = 0;
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) bytes += statSync(f).size;
  return bytes / 1e6;
}

export interface Figure {
  section: string;
  name: string;
  unit: string;
  values: number[];
  target?: string;
  /** Peer (promptfoo) values, same session, for a ratio. */
  peer?: number[];
  /** How the ratio reads: ours/peer ('x', more is better) or peer/ours ('÷', less is better). */
  ratio?: 'x' | '÷';
}

export class Figures {
  readonly all: Figure[] = [];

  add(section: string, name: string, unit: string, value: number, extra: Partial<Figure> = {}): void {
    let f = this.all.find((x) => x.section === section && x.name === name);
    if (!f) {
      f = { section, name, unit, values: [], ...extra };
      this.all.push(f);
    } else Object.assign(f, { ...extra, values: f.values });
    f.values.push(value);
  }

  peer(section: string, name: string, value: number): void {
    const f = this.all.find((x) => x.section === section && x.name === name);
    if (!f) return;
    f.peer = [...(f.peer ?? []), value];
  }

  table(): string {
    const rows = [
      '| section | figure | min | max | runs | target | peer (min–max) | ratio to peer |',
      '|---|---|---|---|---|---|---|---|',
    ];
    for (const f of this.all) {
      const lo = Math.min(...f.values);
      const hi = Math.max(...f.values);
      let peer = '';
      let ratio = '';
      if (f.peer?.length) {
        const plo = Math.min(...f.peer);
        const phi = Math.max(...f.peer);
        peer = `${fmt(plo)}–${fmt(phi)} ${f.unit}`;
        // Worst case for us first: our worst over the peer's best, then the best case.
        const r = f.ratio === '÷' ? [plo / hi, phi / lo] : [lo / phi, hi / plo];
        ratio = `${r[0].toFixed(1)}–${r[1].toFixed(1)}×${f.ratio === '÷' ? ' less' : ''}`;
      }
      rows.push(
        `| ${f.section} | ${f.name} | ${fmt(lo)} ${f.unit} | ${fmt(hi)} ${f.unit} | ${f.values.length} | ${f.target ?? ''} | ${peer} | ${ratio} |`,
      );
    }
    return rows.join('\n');
  }
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : a >= 1 ? x.toFixed(2) : x.toFixed(3);
}
