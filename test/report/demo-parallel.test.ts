import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RunSummary } from '../../src/report/summary.js';
import { runCli, tempDir } from '../helpers/cli.js';

/**
 * The demo run (quick preset on sim:inverse: 3 trials, budgets a doubling apart) gets parallel vs
 * sequential and token efficiency without any extra call, and says where in the trace can be seen.
 */
test('the demo report has parallel vs sequential at matched tokens, token efficiency and the replay hint', {
  timeout: 120_000,
}, async () => {
  const dir = tempDir('overthink-demo-');
  const r = await runCli(['demo'], dir);
  assert.equal(r.code, 0, r.stderr);
  // The report goes to a folder of its own per store and run, which the demo names on its `open:` line.
  const open = /^open: (.*)\/report\.html$/m.exec(r.stdout)?.[1];
  assert.ok(open, r.stdout);
  const folder = join(dir, open);
  const s = JSON.parse(readFileSync(join(folder, 'summary.json'), 'utf8')) as RunSummary;
  assert.ok(s.parallel.length >= 4, `pairs: ${s.parallel.length}`);
  for (const c of s.parallel) {
    assert.ok(c.k >= 2 && c.k <= 3);
    const ratio = c.parallelTokens / c.sequentialTokens;
    assert.ok(ratio > 1 / 1.5 && ratio < 1.5, `matched compute: ${ratio}`);
    assert.ok(c.diff.lo <= c.diff.estimate && c.diff.estimate <= c.diff.hi);
  }
  assert.equal(s.efficiency.length, 1);
  assert.equal(s.replay.length, 0);
  const html = readFileSync(join(folder, 'report.html'), 'utf8');
  assert.match(html, /<h3>Parallel vs sequential at matched compute<\/h3>/);
  assert.match(html, /<h3>Token efficiency<\/h3>/);
  assert.match(html, /Not replayed yet: <code>overthink replay r-[0-9a-f]+ --at /);
});
