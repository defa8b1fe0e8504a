import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkNotRetired, deprecationWarning, lifecycleOf } from '../../src/providers/lifecycle.js';
import { checkModelSpec } from '../../src/providers/registry.js';
import { UserError } from '../../src/util/errors.js';
import { runCli, tempDir } from '../helpers/cli.js';

const day = (d: string) => new Date(`${d}T12:00:00Z`);

describe('model lifecycle', () => {
  it('follows the dates: deprecated before the retirement day, retired from it', () => {
    assert.deepEqual(lifecycleOf('anthropic:claude-sonnet-4-5', day('2026-11-29')).status, 'deprecated');
    const l = lifecycleOf('anthropic:claude-sonnet-4-5', day('2026-11-30'));
    assert.equal(l.status, 'retired');
    assert.equal(l.retires, '2026-11-30');
    assert.equal(l.successor, 'anthropic:claude-sonnet-5-5');
    // Dated snapshots share their model's fate.
    assert.equal(lifecycleOf('anthropic:claude-sonnet-4-5-20250929', day('2026-12-06')).status, 'retired');
    assert.equal(lifecycleOf('openai:o3-2025-04-16', day('2026-12-06')).status, 'deprecated');
    assert.equal(lifecycleOf('google:gemini-3-pro-preview', day('2026-12-06')).status, 'retired');
  });

  it('matches names exactly, so a newer model sharing a prefix is not taken for a retired one', () => {
    for (const spec of [
      'anthropic:claude-opus-4-8',
      'anthropic:claude-opus-4-9',
      'anthropic:claude-sonnet-4-6',
      'openai:o3-deep-research',
      'openai:gpt-5.6-sol',
      'google:gemini-2.5-flash-lite',
      'sim:inverse',
    ]) {
      assert.equal(lifecycleOf(spec, day('2026-12-06')).status, 'current', spec);
    }
  });

  it('names a successor that is current today, following one that has retired since', () => {
    // Sonnet 3.7's replacement is named directly; Sonnet 4's was Sonnet 4.6 (current).
    assert.equal(lifecycleOf('anthropic:claude-3-7-sonnet-20250219').successor, 'anthropic:claude-sonnet-5');
    assert.equal(
      lifecycleOf('anthropic:claude-sonnet-4', day('2026-12-06')).successor,
      'anthropic:claude-sonnet-4-6',
    );
  });

  it('refuses a retired model as an input error naming its successor, and warns on a deprecated one', () => {
    assert.throws(
      () => checkNotRetired('anthropic:claude-sonnet-4-5', day('2026-12-06')),
      (e: unknown) =>
        e instanceof UserError &&
        e.message ===
          'anthropic:claude-sonnet-4-5 was retired on 2026-11-30 (its requests fail): use anthropic:claude-sonnet-5-5',
    );
    assert.doesNotThrow(() => checkNotRetired('anthropic:claude-opus-4-5', day('2026-12-06')));
    assert.equal(
      deprecationWarning('anthropic:claude-opus-4-5', day('2026-12-06')),
      'anthropic:claude-opus-4-5 is deprecated and retires on 2027-01-22',
    );
    assert.equal(deprecationWarning('anthropic:claude-sonnet-4-6', day('2026-12-06')), undefined);
    // The check every config goes through (today's date: Sonnet 4.5 retired on 2026-11-30).
    assert.throws(() => checkModelSpec('anthropic:claude-sonnet-4-5'), /use anthropic:claude-sonnet-5-5/);
  });

  it('`run` with a retired model exits 2 before anything is written, naming the successor', async () => {
    const dir = tempDir();
    const r = await runCli(
      ['run', '--model', 'anthropic:claude-sonnet-4-5', '--tasks', 'misleading-math', '--limit', '2'],
      dir,
      { ANTHROPIC_API_KEY: 'sk-ant-test-not-used' },
    );
    assert.equal(r.code, 2, r.stderr);
    assert.match(
      r.stderr,
      /models\[0\]: anthropic:claude-sonnet-4-5 was retired on 2026-11-30.*use anthropic:claude-sonnet-5-5/,
    );
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.equal(existsSync(join(dir, 'overthink.db')), false);
  });
});
