import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyErrorType } from '../../src/providers/provider-errors.js';

describe('error types → class', () => {
  it('classifies the providers’ error types, retrying only what can clear by itself', () => {
    const cases: [string, string, boolean][] = [
      ['rate_limit_error', 'rate_limit', true],
      ['overloaded_error', 'overloaded', true],
      ['request_timeout', 'timeout', true],
      ['authentication_error', 'auth', false],
      ['permission_error', 'auth', false],
      // No credit: retrying (synchronously or in a new batch round) cannot help.
      ['billing_error', 'auth', false],
      ['invalid_request_error', 'bad_request', false],
      ['not_found_error', 'bad_request', false],
      ['api_error', 'server', true],
      ['something_new', 'server', true],
    ];
    for (const [type, errorClass, retryable] of cases)
      assert.deepEqual(classifyErrorType(type), { errorClass, retryable }, type);
  });
});
