/**
 * The fixed runs whose outputs are pinned byte for byte in test/fixtures/goldens/ (issue 20: a
 * refactor must not change a byte of what users read). Seeded sim runs, made through the CLI as a
 * user makes them; `scripts/goldens.ts` writes the goldens, `goldens.test.ts` remakes and compares.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { runCli } from '../helpers/cli.js';

/** Run B's experiment: a scheduler arm and an anchoring arm on a second simulator. */
const RUN_B = `name: b
models: [sim:flat]
tasks: [misleading-math]
budgets: [0, 1024, 4096]
trials: 2
limit: 8
seed: 3
anchoring: [0, 2]
scheduler:
  chunk: 256
  agree: 2
`;

const GATE_RULES = `rules:
  - rule: no-decline
  - rule: max-drop
    epsilon: 0.02
  - rule: no-decline-from-best
    epsilon: 0.02
  - rule: min-slope
    delta: 0.01
  - rule: max-unparsable
    rate: 0.05
  - rule: max-mean-tokens
    budget: 1024
    tokens: 1500
`;

/**
 * Each step: the CLI arguments, and the name its stdout is kept under (undefined: not kept). The two
 * runs come first; after them the store's latencies (wall clock) are set to 0, so what reads the store
 * is the same on every machine.
 */
const RUNS = 2;
const STEPS: { args: string[]; stdout?: string }[] = [
  {
    args: [
      'run',
      '--model',
      'sim:inverse,sim:peaked',
      '--tasks',
      'misleading-math,grades-regression',
      '--budgets',
      '0,1024,4096',
      '--trials',
      '2',
      '--limit',
      '10',
      '--seed',
      '7',
      '--name',
      'a',
      '--db',
      'runs.db',
      '--out',
      'run-a-report',
      '--export',
      'run-a-export.jsonl',
      '-q',
      '--yes',
    ],
  },
  { args: ['run', '--config', 'b.yaml', '--db', 'runs.db', '--out', 'run-b-report', '-q', '--yes'] },
  { args: ['report', 'a', '--db', 'runs.db', '--out', 'report-a', '--no-png'] },
  {
    args: ['report', 'b', '--db', 'runs.db', '--json', '--out', 'report-b', '--no-png'],
    stdout: 'report-b.json',
  },
  { args: ['export', 'a', '--db', 'runs.db', '--jsonl', '--out', 'export/a.jsonl'] },
  { args: ['export', 'a', '--db', 'runs.db', '--csv', '--out', 'export/a.csv'] },
  { args: ['export', 'b', '--db', 'runs.db', '--json', '--with-text', '--out', 'export/b.json'] },
  { args: ['export', 'a', '--db', 'runs.db', '--parquet', '--out', 'export/a.parquet'] },
  {
    args: ['export', 'a', '--db', 'runs.db', '--csv', '--budget', '0,4096', '--outcome', 'wrong,unparsable'],
    stdout: 'export/a-filtered.csv',
  },
  { args: ['compare', 'a', 'b', '--db', 'runs.db', '--out', 'compare'] },
  {
    args: ['compare', 'a', 'b', '--db', 'runs.db', '--json', '--out', 'compare'],
    stdout: 'compare-stdout.json',
  },
  {
    args: [
      'gate',
      'a',
      '--db',
      'runs.db',
      '--rules',
      'gate.yaml',
      '--junit',
      'gate/a.xml',
      '--markdown',
      'gate/a.md',
    ],
    stdout: 'gate/a.txt',
  },
  {
    args: ['gate', 'b', '--db', 'runs.db', '--json', '--junit', 'gate/b.xml', '--markdown', 'gate/b.md'],
    stdout: 'gate/b.json',
  },
  {
    args: ['recommend', 'a', '--db', 'runs.db', '--model', 'sim:inverse', '--out', 'policy/a.json'],
    stdout: 'policy/a.txt',
  },
  {
    args: ['recommend', 'b', '--db', 'runs.db', '--epsilon', '0.05', '--json', '--out', 'policy/b.json'],
    stdout: 'policy/b.json-stdout',
  },
];

/** Runs every step in `dir` (empty), failing on an unexpected exit code; returns nothing: the files are the result. */
export async function makeGoldenRuns(dir: string): Promise<void> {
  writeFileSync(join(dir, 'b.yaml'), RUN_B);
  writeFileSync(join(dir, 'gate.yaml'), GATE_RULES);
  for (const d of ['export', 'gate', 'policy']) mkdirSync(join(dir, d), { recursive: true });
  const codes: string[] = [];
  for (const [i, step] of STEPS.entries()) {
    if (i === RUNS) zeroLatencies(join(dir, 'runs.db'));
    const r = await runCli(step.args, dir);
    // 1 is a verdict (a gate that fails) and pinned like the rest; anything else is a broken step.
    if (r.code !== 0 && r.code !== 1)
      throw new Error(`overthink ${step.args.join(' ')} exited ${r.code}: ${r.stderr}`);
    codes.push(`${r.code}  overthink ${step.args.join(' ')}\n`);
    if (step.stdout) writeFileSync(join(dir, step.stdout), r.stdout);
  }
  writeFileSync(join(dir, 'exit-codes.txt'), codes.join(''));
}

function zeroLatencies(db: string): void {
  const conn = new Database(db);
  try {
    conn.prepare('UPDATE samples SET latency_ms = 0').run();
  } finally {
    conn.close();
  }
}

/**
 * The report folders `run` wrote, paired with the ones `report` wrote from the store for the same
 * run: the test holds them equal, so the goldens keep one copy.
 */
export const RUN_REPORTS = [
  ['run-a-report', 'report-a'],
  ['run-b-report', 'report-b'],
] as const;

/**
 * Every file under `dir` but the store, the inputs, the reports `run` wrote (RUN_REPORTS) and the PNG
 * charts (each is resvg's rendering of the SVG beside it, which is kept: 3.7 MB of pictures would pin
 * resvg, not overthink), as relative paths, sorted.
 */
export function goldenFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.filter((f) => kept(f)).sort();
}

function kept(file: string): boolean {
  if (file.startsWith('runs.db') || file === 'b.yaml' || file === 'gate.yaml' || file.endsWith('.png'))
    return false;
  return !RUN_REPORTS.some(([made]) => file.startsWith(`${made}/`));
}

/**
 * A golden's bytes with what depends on the clock blanked: a policy's `createdAt`, and the latencies
 * of the export `run --export` wrote while the run went (the store's are zeroed before anything reads
 * it). Nothing else varies between two makings (checked by making them twice and comparing).
 */
export function normalised(dir: string, file: string): Buffer {
  const bytes = readFileSync(join(dir, file));
  if (file.startsWith('policy/'))
    return Buffer.from(bytes.toString('utf8').replace(/"createdAt": ?"[^"]*"/g, '"createdAt":"<time>"'));
  if (file === 'run-a-export.jsonl')
    return Buffer.from(bytes.toString('utf8').replace(/"latency_ms":[0-9.]+/g, '"latency_ms":0'));
  return bytes;
}
