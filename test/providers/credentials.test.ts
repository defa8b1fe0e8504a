import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { getApiKey, parseDotEnv, resetDotEnvCache, scrubSecrets } from '../../src/providers/credentials.js';
import { UserError } from '../../src/util/errors.js';

describe('credentials', () => {
  it('parses .env lines: export, quotes, comments', () => {
    assert.deepEqual(
      parseDotEnv('# comment\nexport A=1\nB="two words" \nC=\'x#y\'\nD=plain # trailing\n\nbad line\nE=\n'),
      { A: '1', B: 'two words', C: 'x#y', D: 'plain', E: '' },
    );
  });

  it('takes the environment first, then .env in the directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ot-env-'));
    writeFileSync(join(dir, '.env'), 'GEMINI_API_KEY=from-dotenv-0123456789\nOTHER=x\n');
    resetDotEnvCache();
    const vars = ['GEMINI_API_KEY', 'GOOGLE_API_KEY'];
    assert.equal(
      getApiKey({ vars, modelId: 'google:g', required: true, env: {}, dir }),
      'from-dotenv-0123456789',
    );
    assert.equal(
      getApiKey({
        vars,
        modelId: 'google:g',
        required: true,
        env: { GOOGLE_API_KEY: 'from-env-0123456789' },
        dir,
      }),
      'from-dotenv-0123456789',
      'the first variable wins wherever it is found',
    );
    assert.equal(
      getApiKey({
        vars,
        modelId: 'google:g',
        required: true,
        env: { GEMINI_API_KEY: 'env-wins-0123456789' },
        dir,
      }),
      'env-wins-0123456789',
    );
  });

  it('names every variable it tried when the key is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ot-env-'));
    resetDotEnvCache();
    assert.throws(
      () =>
        getApiKey({
          vars: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
          modelId: 'google:g',
          required: true,
          env: {},
          dir,
        }),
      (e: unknown) =>
        e instanceof UserError &&
        e.message ===
          'google:g: no API key: set GEMINI_API_KEY or GOOGLE_API_KEY in the environment or in .env',
    );
    assert.equal(getApiKey({ vars: ['X'], modelId: 'm', required: false, env: {}, dir }), undefined);
  });

  it('scrubs keys it handed out and well-known key shapes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ot-env-'));
    resetDotEnvCache();
    const key = getApiKey({
      vars: ['K'],
      modelId: 'm',
      required: true,
      env: { K: 'plainsecretvalue42' },
      dir,
    });
    assert.equal(scrubSecrets(`auth failed for ${key}`), 'auth failed for [redacted]');
    assert.equal(scrubSecrets('key sk-ant-api03-abcdefghijklmnop leaked'), 'key [redacted] leaked');
    assert.equal(scrubSecrets('AIzaSyA0123456789abcdefghijklmno'), '[redacted]');
  });
});
