import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startAnthropicContractServer } from '../contracts/anthropic-server.js';
import { startGeminiContractServer } from '../contracts/gemini-server.js';
import { startOpenAIContractServer } from '../contracts/openai-server.js';
import { runCli, tempDir } from '../helpers/cli.js';
import type { ProtocolServer } from '../helpers/protocol-server.js';

/** `overthink models check` through the CLI, against the strict contract servers on loopback. */

const KEYS = {
  OT_CHECK_ANTHROPIC: 'sk-ant-check-0123456789',
  OT_CHECK_OPENAI: 'sk-check-openai-0123456789',
  OT_CHECK_GEMINI: 'AIzaCheckGemini0123456789',
};

interface Report {
  checks: {
    model: string;
    budget: number | 'natural';
    result: string;
    sentParams?: Record<string, unknown>;
    budgetNote?: string;
    error?: string;
    errorClass?: string;
  }[];
}

describe('overthink models check', () => {
  let anthropic: ProtocolServer;
  let openai: ProtocolServer;
  let gemini: ProtocolServer;
  let dir: string;
  before(async () => {
    [anthropic, openai, gemini] = await Promise.all([
      startAnthropicContractServer(),
      startOpenAIContractServer(),
      startGeminiContractServer(),
    ]);
    dir = tempDir();
  });
  after(() => Promise.all([anthropic.close(), openai.close(), gemini.close()]));

  const config = (models: string[]) => {
    const file = join(dir, `check-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(
      file,
      `models:\n${models.map((m) => `  - ${m}`).join('\n')}\ntasks: [misleading-math]\nbudgets: [0, 2048, 8192]\n`,
    );
    return file;
  };
  const entry = {
    anthropic: (id: string) =>
      `{ id: 'anthropic:${id}', baseUrl: '${anthropic.url}', apiKeyEnv: OT_CHECK_ANTHROPIC, temperature: 0.6 }`,
    openai: (id: string) => `{ id: 'openai:${id}', baseUrl: '${openai.url}/v1', apiKeyEnv: OT_CHECK_OPENAI }`,
    gemini: (id: string) => `{ id: 'google:${id}', baseUrl: '${gemini.url}', apiKeyEnv: OT_CHECK_GEMINI }`,
  };

  it('sends one request per model, as a run would, and exits 0 when every provider accepts', async () => {
    const before = [anthropic, openai, gemini].map((s) => s.requests.length);
    const file = config([
      entry.anthropic('claude-haiku-4-5'),
      entry.openai('gpt-5.6-sol'),
      entry.gemini('gemini-3.8-flash'),
      'sim:inverse',
    ]);
    const r = await runCli(['models', 'check', '-c', file, '--json'], dir, KEYS);
    assert.equal(r.code, 0, r.stderr);
    const { checks } = JSON.parse(r.stdout) as Report;
    assert.deepEqual(
      checks.map((c) => [c.model, c.budget, c.result]),
      [
        ['anthropic:claude-haiku-4-5', 2048, 'accepted'],
        ['openai:gpt-5.6-sol', 2048, 'accepted'],
        ['google:gemini-3.8-flash', 2048, 'accepted'],
        ['sim:inverse', 2048, 'accepted'],
      ],
    );
    assert.deepEqual(
      [anthropic, openai, gemini].map((s, i) => s.requests.length - before[i]),
      [1, 1, 1],
      'one request per model',
    );
    assert.deepEqual(checks[0].sentParams, {
      thinking: { type: 'enabled', budget_tokens: 2048 },
      max_tokens: 12048,
    });
    assert.match(checks[0].budgetNote ?? '', /temperature 0.6 not sent/);
    assert.equal(
      checks[1].budgetNote,
      'OpenAI takes no token budget: budget 2048 sent as reasoning_effort low',
    );
    assert.match(checks[2].budgetNote ?? '', /thinkingLevel low/);
    for (const k of Object.values(KEYS))
      assert.ok(!r.stdout.includes(k) && !r.stderr.includes(k), 'no key printed');
  });

  it('reports what a provider refused, in its words, and exits 1', async () => {
    const file = config([
      entry.anthropic('claude-haiku-4-5'),
      entry.openai('gpt-4.1'),
      entry.anthropic('claude-nonexistent-1'),
    ]);
    const r = await runCli(['models', 'check', '-c', file, '--budget', '8192'], dir, KEYS);
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.match(lines[0], /^MODEL\s+BUDGET\s+RESULT\s+SENT$/);
    assert.match(lines[1], /^anthropic:claude-haiku-4-5\s+8192\s+accepted\s+\{"thinking"/);
    assert.match(
      lines[2],
      /^openai:gpt-4\.1\s+8192\s+accepted\s+\{"max_completion_tokens":18192,"temperature":1\}/,
    );
    assert.match(lines[3], /^anthropic:claude-nonexistent-1\s+8192\s+refused \(bad_request\)/);
    assert.match(
      r.stdout,
      /anthropic:claude-nonexistent-1: anthropic: HTTP 404: .*model: claude-nonexistent-1/,
    );
    assert.match(r.stdout, /openai:gpt-4\.1: note: model has no reasoning control/);
    assert.match(lines.at(-1) ?? '', /^2 of 3 accepted$/);
  });

  it('refuses bad input before sending anything: exit 2, one line', async () => {
    const sent = anthropic.requests.length;
    for (const args of [
      ['models', 'check', '--model', 'anthropic:claude-sonnet-4-5'],
      ['models', 'check', '-c', config([entry.anthropic('claude-haiku-4-5')]), '--budget', '-5'],
      ['models', 'check'],
    ]) {
      const r = await runCli(args, dir, KEYS);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
    assert.equal(anthropic.requests.length, sent);
  });
});
