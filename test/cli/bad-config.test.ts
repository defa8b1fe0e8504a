import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, tempDir } from '../helpers/cli.js';

/** Each case: a bad experiment; the CLI must exit 2 with one line naming the problem, writing nothing. */
const CASES: { name: string; file?: string; args: string[]; expect: RegExp }[] = [
  {
    name: 'unknown task',
    args: ['run', '--model', 'sim:inverse', '--tasks', 'no-such-task'],
    expect: /tasks\[0\]: unknown task 'no-such-task'; `overthink tasks list` shows all \d+$/,
  },
  {
    name: 'misspelt task',
    args: ['run', '--model', 'sim:inverse', '--tasks', 'misleading-mth'],
    expect: /tasks\[0\]: unknown task 'misleading-mth' \(did you mean 'misleading-math'\?\)/,
  },
  {
    name: 'misspelt simulated model',
    args: ['run', '--model', 'sim:invrse', '--tasks', 'misleading-math'],
    expect: /models\[0\]: unknown simulated model 'sim:invrse' \(did you mean 'sim:inverse'\?\)/,
  },
  {
    name: 'misspelt field',
    file: 'models: [sim:inverse]\ntask: [misleading-math]\n',
    args: ['run', '--config', 'exp.yaml'],
    expect: /exp\.yaml: \(top level\): unknown field 'task' \(did you mean 'tasks'\?\)/,
  },
  {
    name: 'prices at the top level',
    file: 'models: [anthropic:claude-sonnet-4-6]\ntasks: [misleading-math]\nprices: {input: 3, output: 15}\n',
    args: ['run', '--config', 'exp.yaml'],
    expect: /unknown field 'prices': prices belong to a model entry: models: \[\{ id: anthropic:…, prices:/,
  },
  {
    name: 'a field of a model entry, misspelt',
    file: 'models: [{id: sim:inverse, temprature: 0.5}]\ntasks: [misleading-math]\n',
    args: ['run', '--config', 'exp.yaml'],
    expect: /exp\.yaml: models\[0\]: unknown field 'temprature' \(did you mean 'temperature'\?\)$/,
  },
  {
    name: 'a value out of range, said in words',
    file: 'models: [sim:inverse]\ntasks: [misleading-math]\nconcurrency: 0\n',
    args: ['run', '--config', 'exp.yaml'],
    expect: /exp\.yaml: concurrency: expected 1 or more, found 0$/,
  },
  {
    name: 'negative budget',
    args: ['run', '--model', 'sim:inverse', '--tasks', 'misleading-math', '--budgets', '0,-5'],
    expect: /budgets\[1\]: expected a budget of 0 or more tokens, found -5$/,
  },
  {
    name: 'malformed YAML',
    file: 'models: [sim:inverse\ntasks: misleading-math\n',
    args: ['run', '--config', 'exp.yaml'],
    expect: /exp\.yaml:\d+:\d+: malformed YAML/,
  },
  {
    name: 'unknown field',
    file: 'models: [sim:inverse]\ntasks: [misleading-math]\nbudgetz: [0]\n',
    args: ['run', '--config', 'exp.yaml'],
    expect: /exp\.yaml: \(top level\): unknown field 'budgetz'/,
  },
  {
    name: 'wrong type',
    file: 'models: [sim:inverse]\ntasks: [misleading-math]\ntrials: three\n',
    args: ['run', '--config', 'exp.yaml'],
    expect: /exp\.yaml: trials: expected a number, found 'three'$/,
  },
  {
    name: 'unknown model prefix',
    args: ['run', '--model', 'acme:big', '--tasks', 'misleading-math'],
    expect: /models\[0\]: unknown model prefix 'acme' in 'acme:big': expected one of sim:, anthropic:/,
  },
  {
    name: 'bad task option',
    file: 'models: [sim:inverse]\ntasks: [{id: misleading-math, options: {n: -3}}]\n',
    args: ['run', '--config', 'exp.yaml'],
    expect: /task 'misleading-math': tasks\[0\]\.options\.n: expected at least 1 item, found -3$/,
  },
  {
    name: 'misspelt task option',
    file: 'models: [sim:inverse]\ntasks: [{id: misleading-math, options: {nn: 5}}]\n',
    args: ['run', '--config', 'exp.yaml'],
    expect: /tasks\[0\]\.options: unknown field 'nn' \(did you mean 'n'\?\)$/,
  },
  {
    name: 'empty config file',
    file: '',
    args: ['run', '--config', 'exp.yaml'],
    expect: /exp\.yaml: empty file/,
  },
  {
    name: 'non-numeric flag',
    args: ['run', '--model', 'sim:inverse', '--tasks', 'misleading-math', '--trials', 'x'],
    expect: /--trials: 'x' is not a whole number/,
  },
  {
    name: 'export file of an unknown kind',
    args: ['run', '--model', 'sim:inverse', '--tasks', 'misleading-math', '--export', 'out.txt'],
    expect: /--export out\.txt: expected a file ending in \.jsonl, \.csv, \.json or \.parquet/,
  },
  {
    name: 'export into a missing folder',
    args: ['run', '--model', 'sim:inverse', '--tasks', 'misleading-math', '--export', 'nope/out.jsonl'],
    expect: /--export nope\/out\.jsonl: the folder nope does not exist/,
  },
];

for (const c of CASES) {
  test(`bad input: ${c.name} → exit 2, one line, nothing written`, async () => {
    const dir = tempDir();
    if (c.file !== undefined) writeFileSync(join(dir, 'exp.yaml'), c.file);
    const before = readdirSync(dir).sort();
    const r = await runCli(c.args, dir);
    assert.equal(r.code, 2, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `expected one line, got:\n${r.stderr}`);
    assert.match(lines[0], c.expect);
    assert.deepEqual(readdirSync(dir).sort(), before, 'no store or report may be written');
    assert.equal(existsSync(join(dir, 'overthink.db')), false);
  });
}
