import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command } from 'commander';
import { registerCommands } from '../../src/cli/main.js';

const names = async (wanted: string | undefined) => {
  const p = new Command('overthink');
  await registerCommands(p, wanted);
  return p.commands.map((c) => c.name());
};

test('only the invoked command file is loaded when its name is a command', async () => {
  assert.deepEqual(await names('export'), ['export']);
  assert.deepEqual(await names('runs'), ['runs']);
});

test('help, unknown names and non-command files load every command, in order', async () => {
  const all = await names(undefined);
  assert.ok(all.length >= 12, all.join(' '));
  assert.deepEqual(all.slice(0, 6), ['demo', 'init', 'run', 'plan', 'report', 'export']);
  for (const other of ['nosuch', 'help', 'output', 'experiment-flags', 'Run', '../x']) {
    assert.deepEqual(await names(other), all, other);
  }
});
