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
    expect: /tasks\[0\]: unknown task 'no-such-task'/,
  },
  {
    name: 'negative budget',
    args: ['run', '--model', 'sim:inverse', '--tasks', 'misleading-math', '--budgets', '0,-5'],
    expect: /budgets\[1\]: a budget of 0 or more tokens/,
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
    expect: /exp\.yaml: trials: /,
  },
  {
    name: 'unknown model prefix',
    args: ['run', '--model', 'acme:big', '--tasks', 'misleading-math'],
    expect: /models\[0\]: unknown model prefix 'acme'/,
  },
  {
    name: 'bad task option',
    file: 'models: [sim:inverse]\ntasks: [{id: misleading-math, options: {n: -3}}]\n',
    args: ['run', '--config', 'exp.yaml'],
    expect: /task 'misleading-math': tasks\[0\]\.options\.n/,
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
    expect: /--export out\.txt: expected a file ending in \.jsonl, \.csv or \.json/,
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
