import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { runCli, tempDir } from '../helpers/cli.js';

/** `overthink replay` refuses bad input with one line naming the flag, exit 2, and writes nothing. */
const CASES: [string[], RegExp][] = [
  [['replay', '--db', 'absent.db', '--at', '256'], /absent\.db: no such store/],
  [['replay', '--db', 'absent.db'], /replay: say where to probe: --at .* or --every/],
  [['replay', '--at', '256', '--every', '10%'], /--at and --every: give one of them/],
  [['replay', '--at', '0,256'], /--at: expected a comma-separated list of token positions/],
  [['replay', '--every', '150%'], /--every: expected a share of the trace/],
  [['replay', '--at', '256', '--probe-tokens', '0'], /--probe-tokens: expected 1 or more/],
];

test('replay: bad flags and a missing store exit 2 with one line, nothing written', async () => {
  for (const [args, expect] of CASES) {
    const dir = tempDir('overthink-replay-bad-');
    const r = await runCli(args, dir);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    const lines = r.stderr.split('\n').filter(Boolean);
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], expect);
    assert.equal(r.stdout, '');
    assert.deepEqual(readdirSync(dir), [], 'nothing written');
  }
});
