import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { registerCommands } from '../../src/cli/main.js';

/** Every command teaches by example, and every example names only options its command has. */

async function leaves(): Promise<{ path: string; cmd: Command }[]> {
  const program = new Command('overthink');
  await registerCommands(program, undefined);
  const out: { path: string; cmd: Command }[] = [];
  const walk = (c: Command, prefix: string) => {
    for (const sub of c.commands) {
      const path = `${prefix}${sub.name()}`;
      if (sub.commands.length) walk(sub, `${path} `);
      else out.push({ path, cmd: sub });
    }
  };
  walk(program, '');
  return out;
}

function helpOf(cmd: Command): string {
  let text = '';
  cmd.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
  cmd.outputHelp();
  return text;
}

describe('command help', () => {
  it('every command has examples, and each example uses only its own options', async () => {
    const all = await leaves();
    assert.ok(all.length >= 20, `${all.length} commands`);
    for (const { path, cmd } of all) {
      const help = helpOf(cmd);
      const at = help.indexOf('\nExamples:\n');
      assert.ok(at >= 0, `overthink ${path} --help has no examples`);
      // `runs list` is also `overthink runs`: its default subcommand.
      const names = [`overthink ${path}`, ...(path === 'runs list' ? ['overthink runs'] : [])];
      const examples = help
        .slice(at)
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => names.some((n) => l === n || l.startsWith(`${n} `)));
      assert.ok(examples.length > 0, `overthink ${path}: no example runs it`);
      const flags = new Set(cmd.options.flatMap((o) => [o.long, o.short].filter(Boolean) as string[]));
      for (const ex of examples) {
        const [command] = ex.split(/\s{2,}/); // an example may be followed by a comment
        for (const f of command.match(/(?<=\s)--?[a-z][\w-]*/g) ?? [])
          assert.ok(
            flags.has(f) || f === '--help',
            `overthink ${path}: example uses unknown option ${f}: ${ex}`,
          );
      }
    }
  });

  it('required options are marked as such', async () => {
    const all = await leaves();
    const generate = all.find((c) => c.path === 'tasks generate')!;
    assert.match(helpOf(generate.cmd), /--out <file>\s+output file \(\.jsonl\) \(required\)/);
    const zebra = all.find((c) => c.path === 'zebra generate')!;
    assert.match(helpOf(zebra.cmd), /--size <people>\s+people per puzzle \(3-\d+\) \(required\)/);
  });

  it('run shows its defaults', async () => {
    const run = (await leaves()).find((c) => c.path === 'run')!;
    const help = helpOf(run.cmd).replace(/\s+/g, ' ');
    for (const d of [
      /--trials <n> .*\(default: the paper's, 3; natural 5\)/,
      /--concurrency <n> requests in flight at once \(default: 8\)/,
      /--timeout <ms> .*\(default: 600000, 10 min, longer for a long max_tokens: 56\.25 ms a token\)/,
      /--retries <n> .*\(default: 4\)/,
      /--budgets <tokens> .*'paper' \(the default\)/,
      /--confirm-above <usd> .*\(default: 5\)/,
    ])
      assert.match(help, d);
  });
});
