import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactUrlCredentials, registerUrlCredentials, stripSecrets } from '../../src/util/secrets.js';

test('credentials in URLs are blanked; a URL without them is kept byte for byte', () => {
  assert.equal(redactUrlCredentials('http://user:s3cret-key@host:8000/v1'), 'http://[redacted]@host:8000/v1');
  assert.equal(
    redactUrlCredentials('https://sk-abc@proxy.example/v1'),
    'https://[redacted]@proxy.example/v1',
  );
  assert.equal(
    redactUrlCredentials('https://x.openai.azure.com/v1?api-version=2024-06-01&api-key=abc123&x=1'),
    'https://x.openai.azure.com/v1?api-version=2024-06-01&api-key=[redacted]&x=1',
  );
  assert.equal(
    redactUrlCredentials('failed: GET http://h/a?token=t0k&sig=ABC%2F and https://h/b?access_token=zz'),
    'failed: GET http://h/a?token=[redacted]&sig=[redacted] and https://h/b?access_token=[redacted]',
  );
  for (const plain of [
    'http://127.0.0.1:8000/v1',
    'https://api.example.com/v1/',
    'http://h/v1?api-version=2&model=x',
  ])
    assert.equal(redactUrlCredentials(plain), plain);
});

test('registered URL credentials are blanked wherever they appear, encoded or not', () => {
  registerUrlCredentials('http://reader:pass%2Fword-123456@h/v1?key=query-key-987654');
  assert.equal(stripSecrets('echo pass/word-123456 and query-key-987654'), 'echo [redacted] and [redacted]');
});
