import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { commandSummaries } from '../../src/cli/main.js';
import { referenceMarkdown } from '../../src/cli/reference.js';
import { ENVIRONMENT, INTERNAL_ENVIRONMENT } from '../../src/config/environment.js';

/** docs/reference.md is generated (scripts/reference.ts): it must say what the code does. */
const ROOT = resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

describe('docs/reference.md', () => {
  it('is what scripts/reference.ts makes from the schema, the environment table, the exit codes and the commands', async () => {
    const expected = referenceMarkdown(await commandSummaries());
    const actual = readFileSync(join(ROOT, 'docs/reference.md'), 'utf8');
    assert.ok(
      actual === expected,
      'docs/reference.md is out of date: run `node --import tsx scripts/reference.ts` and commit the result',
    );
  });

  it('describes every config field, every variable and every exit code (no empty meaning)', async () => {
    const md = referenceMarkdown(await commandSummaries());
    const rows = md.split('\n').filter((l) => l.startsWith('| `') || /^\| \d+ \|/.test(l));
    assert.ok(rows.length > 60, `${rows.length} rows`);
    for (const r of rows) assert.doesNotMatch(r, /\|\s*\|\s*$/, `a row without a meaning: ${r}`);
    for (const field of [
      'confirmAboveUsd',
      'models[].prices',
      'models[].prices.input',
      'output.dir',
      'scheduler.chunk',
    ])
      assert.match(md, new RegExp(`\\| \`${field.replace(/[[\].]/g, '\\$&')}\` \\|`), field);
  });

  it('names every environment variable the source reads', () => {
    const named = new Set([...ENVIRONMENT.map((v) => v.name), ...INTERNAL_ENVIRONMENT]);
    const read = new Set<string>();
    for (const f of sources(join(ROOT, 'src'))) {
      if (f.endsWith('environment.ts')) continue;
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/\benv(?:\.|\[['"])([A-Z][A-Z0-9_]{2,})/g)) read.add(m[1]);
      for (const m of text.matchAll(/['"]([A-Z][A-Z0-9_]*_API_KEY)['"]/g)) read.add(m[1]);
    }
    assert.ok(read.size >= 8, [...read].join(', '));
    const missing = [...read].filter((v) => !named.has(v));
    assert.deepEqual(missing, [], `read in src/ but not in src/config/environment.ts: ${missing.join(', ')}`);
  });
});
