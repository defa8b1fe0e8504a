import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { ROOT, tempDir } from '../helpers/cli.js';
import type { BatchCase, BatchResult } from '../reliability/cli-batch.js';
import { zipDirectory } from './zip-directory.js';

/**
 * Foreign files that cannot be imported. Each must exit 2 with one line naming the file and the
 * field (or member, or line), and import nothing: no store is created, and a store that was there
 * holds what it held. The bad files are made from the real fixtures, one defect each.
 */
const FIX = join(ROOT, 'test/fixtures');
const REAL = join(FIX, 'inspect/real');
const LOW = join(FIX, 'inspect/sweep-effort/popularity-o4-mini-low.json');
const CLAUDE = join(FIX, 'inspect/sweep-claude/popularity-claude-1024.eval');
const PROMPTFOO = join(FIX, 'promptfoo/results.json');
const QWEN = join(FIX, 'lm-eval/out/Qwen__Qwen3-8B');

// biome-ignore lint/suspicious/noExplicitAny: each case edits a field of a parsed fixture, whatever its type
type Json = Record<string, any>;

interface Case {
  name: string;
  /** Writes the case's inputs into `dir`; returns the CLI arguments. */
  make(dir: string): string[] | Promise<string[]>;
  expect: RegExp;
  /** An earlier import the store already holds (its rows must be unchanged). */
  before?: string[];
}

const json = (file: string): Json => JSON.parse(readFileSync(file, 'utf8'));
const put = (dir: string, name: string, v: unknown) => {
  writeFileSync(join(dir, name), typeof v === 'string' || Buffer.isBuffer(v) ? v : JSON.stringify(v));
  return name;
};
/** The low-effort log with one edit to its header or first sample. */
const edited = (dir: string, edit: (log: Json) => void) => {
  const log = json(LOW);
  edit(log);
  return put(dir, 'log.json', log);
};
/** A copy of a .eval with one member renamed (same length, so every offset stays right). */
const renamed = (dir: string, from: string, to: string) => {
  const bytes = readFileSync(CLAUDE);
  let at = bytes.indexOf(from);
  while (at >= 0) {
    bytes.write(to, at);
    at = bytes.indexOf(from, at + 1);
  }
  return put(dir, 'log.eval', bytes);
};
const inspect = (...a: string[]) => ['import', 'inspect', ...a, '--db', 'store.db'];

const CASES: Case[] = [
  {
    name: 'not a ZIP at all',
    make: (d) => inspect(put(d, 'log.eval', 'PK\u0003\u0004 this is not an archive')),
    expect: /log\.eval: not a readable \.eval \(ZIP\) file/,
  },
  {
    name: 'a truncated .eval',
    make: (d) => inspect(put(d, 'log.eval', readFileSync(CLAUDE).subarray(0, 20000))),
    expect: /log\.eval: not a readable \.eval \(ZIP\) file: .*truncated/,
  },
  {
    name: 'a damaged member in a .eval',
    make: (d) => {
      const bytes = Buffer.from(readFileSync(CLAUDE));
      const e = zipDirectory(CLAUDE).find((x) => x.name === 'samples/3_epoch_1.json');
      assert.ok(e);
      const start = e.offset + 30 + e.name.length + 40;
      for (let i = 0; i < 16; i++) bytes[start + i] ^= 0x5a;
      return inspect(put(d, 'log.eval', bytes));
    },
    expect:
      /log\.eval: samples\/3_epoch_1\.json: (cannot be decompressed|its CRC-32 does not match|holds \d+ bytes)/,
  },
  {
    name: 'a .eval without header.json (cut short while running)',
    make: (d) => inspect(renamed(d, 'header.json', 'headxr.json')),
    expect: /log\.eval: header\.json: missing: the eval was still running/,
  },
  {
    name: "a .eval in Inspect's chunked sample layout",
    make: (d) => inspect(renamed(d, 'samples/2_epoch_1.json', 'samples/xy/sample.json')),
    expect: /log\.eval: samples\/xy\/sample\.json: a chunked sample/,
  },
  {
    name: 'a truncated .json log',
    make: (d) => inspect(put(d, 'log.json', readFileSync(LOW, 'utf8').slice(0, 30000))),
    expect: /log\.json: line \d+: the JSON ends early/,
  },
  {
    name: 'malformed JSON inside a sample',
    make: (d) =>
      inspect(put(d, 'log.json', readFileSync(LOW, 'utf8').replace('"epoch": 1,', '"epoch": 1,,'))),
    expect: /log\.json: samples\[0\]: line \d+:\d+: malformed JSON/,
  },
  {
    name: 'an unknown log format version',
    make: (d) => inspect(edited(d, (l) => (l.version = 99))),
    expect: /log\.json: version: log format version 99 is not one overthink reads/,
  },
  {
    name: 'JSON that is not an Inspect log',
    make: (d) => inspect(put(d, 'log.json', { results: [] })),
    expect: /log\.json: not an Inspect log: it has neither "version" nor "eval"/,
  },
  {
    name: 'no model in the eval',
    make: (d) => inspect(edited(d, (l) => delete l.eval.model)),
    expect: /log\.json: eval\.model: expected a name, found undefined/,
  },
  {
    name: 'a real log whose samples were never scored',
    make: (d) => {
      copyFileSync(
        join(REAL, '2025-02-11T15-17-00-05-00_popularity_dPiJifoWeEQBrfWsAopzWr.eval'),
        join(d, 'log.eval'),
      );
      return inspect('log.eval');
    },
    expect: /log\.eval: samples\/1_epoch_1\.json: scores: missing: the sample was not scored/,
  },
  {
    name: 'several scorers and no --scorer',
    make: (d) => inspect(edited(d, (l) => (l.samples[0].scores.judge = { value: 'C', history: [] }))),
    expect: /log\.json: samples\[0\]: scores: several scorers \(match, judge\): choose one with --scorer/,
  },
  {
    name: '--scorer names a scorer the log does not have',
    make: (d) => [...inspect(edited(d, () => {})), '--scorer', 'judge'],
    expect: /log\.json: samples\[0\]: scores\.judge: no such scorer here \(found match\)/,
  },
  {
    name: 'a score outside 0 to 1',
    make: (d) => inspect(edited(d, (l) => (l.samples[0].scores.match.value = 2.5))),
    expect: /log\.json: samples\[0\]: scores\.match\.value: 2\.5 is not a share from 0 to 1/,
  },
  {
    name: 'a reasoning budget that is not a number',
    make: (d) => inspect(edited(d, (l) => (l.eval.model_generate_config = { reasoning_tokens: 'lots' }))),
    expect:
      /log\.json: eval\.model_generate_config\.reasoning_tokens: expected a whole number of tokens, found "lots"/,
  },
  {
    name: 'an epoch of 0',
    make: (d) => inspect(edited(d, (l) => (l.samples[0].epoch = 0))),
    expect: /log\.json: samples\[0\]: epoch: expected an epoch from 1, found 0/,
  },
  {
    name: 'two logs holding the same sample',
    make: (d) => {
      const a = edited(d, () => {});
      const log = json(LOW);
      log.eval.run_id = 'another-run';
      return inspect(a, put(d, 'again.json', log));
    },
    expect:
      /again\.json: samples\[0\]: the same sample \(openai\/o4-mini · popularity · item 1 · budget 1024 · epoch 1\) as log\.json: samples\[0\]/,
  },
  {
    name: 'a sample the store already holds with other content',
    before: ['import', 'inspect', 'first.json', '--db', 'store.db'],
    make: (d) => {
      put(d, 'first.json', json(LOW));
      return inspect(edited(d, (l) => (l.samples[4].output.completion = 'Maybe')));
    },
    expect:
      /log\.json: samples\[4\]: this run already holds another sample for openai\/o4-mini · popularity · item 5 · budget 1024 · epoch 1/,
  },
  {
    name: 'a path that does not exist',
    make: () => inspect('nowhere.eval'),
    expect: /nowhere\.eval: no such file or folder/,
  },
  {
    name: 'a folder with no logs',
    make: (d) => {
      mkdirSync(join(d, 'empty'));
      put(d, 'empty/notes.txt', 'hello');
      return inspect('empty');
    },
    expect: /empty: a folder with no Inspect logs/,
  },
  {
    name: "another tool's SQLite database as the store",
    make: (d) => {
      const db = new Database(join(d, 'store.db'));
      db.exec(
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users (name) VALUES ('ada')",
      );
      db.close();
      return inspect(edited(d, () => {}));
    },
    expect: /store\.db: not an overthink store/,
  },
  {
    name: 'promptfoo: results format version 2',
    make: (d) => {
      const doc = json(PROMPTFOO);
      doc.results.version = 2;
      return ['import', 'promptfoo', put(d, 'results.json', doc), '--db', 'store.db'];
    },
    expect: /results\.json: results\.version: 2 is not a results format overthink reads/,
  },
  {
    name: 'promptfoo: a file that is not promptfoo results',
    make: (d) => ['import', 'promptfoo', put(d, 'results.json', { evalId: 'x' }), '--db', 'store.db'],
    expect: /results\.json: results: missing: not a promptfoo results file/,
  },
  {
    name: 'promptfoo: a row without its pass or fail',
    make: (d) => {
      const doc = json(PROMPTFOO);
      delete doc.results.results[5].success;
      return ['import', 'promptfoo', put(d, 'results.json', doc), '--db', 'store.db'];
    },
    expect: /results\.json: results\.results\[5\]\.success: expected true or false, found undefined/,
  },
  {
    name: 'lm-eval: results without their samples (no --log_samples)',
    make: (d) => {
      mkdirSync(join(d, 'out'));
      const f = readdirSync(QWEN).find((x) => x.startsWith('results_')) as string;
      copyFileSync(join(QWEN, f), join(d, 'out', f));
      return ['import', 'lm-eval', 'out', '--db', 'store.db'];
    },
    expect:
      /results_.+\.json: configs\.gsm8k: no samples_gsm8k_.+\.jsonl beside it: run lm-eval with --log_samples/,
  },
  {
    name: 'lm-eval: two filters and no --filter',
    make: (d) => {
      copyDir(QWEN, join(d, 'out'));
      return ['import', 'lm-eval', 'out', '--db', 'store.db'];
    },
    expect:
      /samples_gsm8k_.+\.jsonl: several filters \(strict-match, flexible-extract\): choose one with --filter/,
  },
  {
    name: 'lm-eval: a malformed samples line',
    make: (d) => {
      copyDir(QWEN, join(d, 'out'));
      const f = readdirSync(join(d, 'out')).find((x) => x.startsWith('samples_')) as string;
      const text = readFileSync(join(d, 'out', f), 'utf8').split('\n');
      text[2] = text[2].slice(0, 40);
      writeFileSync(join(d, 'out', f), text.join('\n'));
      return ['import', 'lm-eval', 'out', '--db', 'store.db', '--filter', 'strict-match'];
    },
    expect: /samples_gsm8k_.+\.jsonl: line 3:\d+: (malformed JSON|the JSON ends early)/,
  },
  {
    name: 'lm-eval: a sample without the value of its metric',
    make: (d) => {
      copyDir(QWEN, join(d, 'out'));
      const f = readdirSync(join(d, 'out')).find((x) => x.startsWith('samples_')) as string;
      const text = readFileSync(join(d, 'out', f), 'utf8').split('\n');
      const line = JSON.parse(text[1]);
      delete line.exact_match;
      text[1] = JSON.stringify(line);
      writeFileSync(join(d, 'out', f), text.join('\n'));
      return [
        'import',
        'lm-eval',
        'out',
        '--db',
        'store.db',
        '--filter',
        'strict-match',
        '--budget-key',
        'max_gen_toks',
      ];
    },
    expect: /samples_gsm8k_.+\.jsonl: line 2: exact_match: missing: the sample has no value for its metric/,
  },
];

function copyDir(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const f of readdirSync(from)) copyFileSync(join(from, f), join(to, f));
}

/** Every file under `dir` with its size and sha256: what must not change. */
function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(`${relative(dir, p)}:${createHash('sha256').update(readFileSync(p)).digest('hex')}`);
    }
  };
  walk(dir);
  return out.sort();
}

/** What a store holds, table by table. */
function rows(db: string): unknown[] {
  const d = new Database(db, { readonly: true });
  try {
    return ['runs', 'items', 'samples', 'imported_scores'].map((t) =>
      d.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all(),
    );
  } finally {
    d.close();
  }
}

/** CLI invocations in one process (test/reliability/cli-batch.ts: start-up once), in order. */
function batch(cases: BatchCase[]): BatchResult[] {
  const dir = tempDir('ovt-import-batch-');
  writeFileSync(join(dir, 'cases.json'), JSON.stringify(cases));
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'test/reliability/cli-batch.ts'),
      join(dir, 'cases.json'),
      join(dir, 'results.json'),
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
}

test(`${CASES.length} bad inputs: exit 2, one line naming the file and the field, nothing imported`, async () => {
  assert.ok(CASES.length >= 15);
  const dirs = CASES.map(() => tempDir('ovt-import-bad-'));
  const args = await Promise.all(CASES.map((c, i) => c.make(dirs[i])));
  // The imports some cases start from, then what every folder holds, then the bad imports.
  const earlier = CASES.flatMap((c, i) => (c.before ? [{ cwd: dirs[i], args: c.before }] : []));
  for (const [k, r] of batch(earlier).entries()) assert.equal(r.code, 0, `${earlier[k].cwd}: ${r.stderr}`);
  const held = CASES.map((c, i) => (c.before ? rows(join(dirs[i], 'store.db')) : undefined));
  const before = dirs.map(files);
  const results = batch(CASES.map((_, i) => ({ cwd: dirs[i], args: args[i] })));
  CASES.forEach((c, i) => {
    const r = results[i];
    assert.equal(r.code, 2, `${c.name}: exit ${r.code}\n${r.stderr}${r.stdout}`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `${c.name}: one line, got:\n${r.stderr}`);
    assert.match(lines[0], /^overthink: /, c.name);
    assert.match(lines[0], c.expect, c.name);
    assert.equal(r.stdout, '', `${c.name}: nothing reported as imported`);
    const kept = held[i];
    if (kept)
      assert.deepEqual(rows(join(dirs[i], 'store.db')), kept, `${c.name}: the store holds what it held`);
    else assert.deepEqual(files(dirs[i]), before[i], `${c.name}: no file created or changed`);
  });
});
