import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { TINY_GGUF } from './helpers/llama-server.js';

/**
 * `npm test` must pass in a clone with nothing beside it: everything a test reads lives in the
 * repository (test/fixtures/, data/). CI also runs the tests that need fixtures from a copy of the
 * repository placed elsewhere (.ci/run); this file is the check that keeps new tests from reaching out.
 */
const ROOT = resolve(import.meta.dirname, '..');
const FIXTURES = join(ROOT, 'test/fixtures/tiny-gguf');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name)) : [join(dir, d.name)],
  );
}

describe('self-contained tests', () => {
  // The material folder beside the repository, named in pieces so this file does not name itself.
  const SIBLING = ['..', 'shared'].join('/');
  it(`no test, script or source file reaches outside the repository for ${SIBLING}`, () => {
    const path = new RegExp(`${SIBLING.replace(/\./g, '\\.')}\\b`);
    // A path joined from parts ('..', 'shared'): only scripts and tests build paths that way (in src,
    // 'shared' is a zebra option and a CSS class).
    const joined = /['"`]shared['"`]/;
    const offenders = ['test', 'scripts', 'src']
      .flatMap((d) => files(join(ROOT, d)))
      .filter((f) => /\.(ts|mjs|js|cjs|sh|py|md)$/.test(f) && f !== import.meta.filename)
      .filter((f) => {
        const text = readFileSync(f, 'utf8');
        return path.test(text) || (!relative(ROOT, f).startsWith('src/') && joined.test(text));
      })
      .map((f) => relative(ROOT, f));
    assert.deepEqual(offenders, [], `these files read from ${SIBLING}: ${offenders.join(', ')}`);
  });

  it('the tiny GGUF tests load is the vendored one (unless OVERTHINK_TINY_GGUF names another)', () => {
    if (process.env.OVERTHINK_TINY_GGUF) return;
    assert.equal(TINY_GGUF, join(FIXTURES, 'tiny-think.gguf'));
  });

  it('the vendored tiny GGUF is what its script and template make, byte for byte', () => {
    const out = mkdtempSync(join(tmpdir(), 'overthink-gguf-'));
    try {
      execFileSync(process.execPath, [join(FIXTURES, 'make-tiny-gguf.mjs'), join(out, 'again.gguf')], {
        cwd: FIXTURES,
        stdio: 'pipe',
      });
      const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
      assert.equal(sha(join(out, 'again.gguf')), sha(join(FIXTURES, 'tiny-think.gguf')));
      assert.match(
        readFileSync(join(FIXTURES, 'README.md'), 'utf8'),
        new RegExp(sha(join(FIXTURES, 'tiny-think.gguf'))),
      );
      assert.match(readFileSync(join(FIXTURES, 'LICENSE'), 'utf8'), /MIT License/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
