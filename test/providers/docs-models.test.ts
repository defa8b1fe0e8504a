import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { lookupModel } from '../../src/budget/catalog.js';
import { lifecycleOf } from '../../src/providers/lifecycle.js';
import { ROOT } from '../helpers/cli.js';

/**
 * Every hosted model the README and docs name as a spec (`anthropic:…`, `openai:…`, `google:…`) is in
 * the catalog and current today: an example a user copies must run. Retired models may be named
 * bare (e.g. the paper's `claude-opus-4-20250514` in a table of what the reference sent), never as a
 * spec to run. Status follows the date, so this fails on the day an example's model retires.
 */
test('README and docs name only current catalog models as specs', () => {
  const files = [
    'README.md',
    ...readdirSync(join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  const found: string[] = [];
  for (const f of files) {
    const text = readFileSync(join(ROOT, f), 'utf8');
    for (const m of text.matchAll(/\b(?:anthropic|openai|google):[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]/g)) {
      const spec = m[0];
      found.push(spec);
      assert.ok(lookupModel(spec), `${f}: ${spec} is not in the model catalog`);
      const l = lifecycleOf(spec);
      assert.equal(
        l.status,
        'current',
        `${f}: ${spec} is ${l.status} (retires ${l.retires}; use ${l.successor})`,
      );
    }
  }
  // Not vacuous: the README and providers.md carry one example per hosted provider at least.
  for (const p of ['anthropic:', 'openai:', 'google:'])
    assert.ok(
      found.some((s) => s.startsWith(p)),
      p,
    );
});
