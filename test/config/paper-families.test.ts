import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { paperFamilyOf } from '../../src/config/paper-families.js';
import { modelConfig } from '../../src/config/schema.js';
import { loadExperiment } from '../../src/run/load.js';
import { budgetsOf, maxTokensFor } from '../../src/run/plan.js';
import { runCli } from '../helpers/cli.js';

/** The paper's per-family settings, as the reference's configs set them (data/paper-protocol/families.json). */

const load = (model: string, extra: Record<string, unknown> = {}, preset = 'paper-main') =>
  loadExperiment({ preset, overrides: { models: [model], ...extra } }).experiment;

describe('families', () => {
  test('specs map to the reference family their settings come from', () => {
    assert.equal(paperFamilyOf('anthropic:claude-sonnet-4-6'), 'claude');
    assert.equal(paperFamilyOf('openai:gpt-5.6-sol'), 'o-series');
    assert.equal(paperFamilyOf('openai:o4-mini-2025-04-16'), 'o-series');
    assert.equal(paperFamilyOf('openai:gpt-4.1'), 'other');
    assert.equal(paperFamilyOf('openai-compatible:Qwen3-32B'), 'qwen3');
    assert.equal(paperFamilyOf('local:./models/qwen3-0.6b-q8_0.gguf'), 'qwen3');
    assert.equal(paperFamilyOf('openai-compatible:deepseek-r1-0528'), 'deepseek-r1');
    assert.equal(paperFamilyOf('openai-compatible:llama-3.3'), 'open-weights');
    assert.equal(paperFamilyOf('google:gemini-2.5-pro'), 'other');
    assert.equal(paperFamilyOf('sim:inverse'), 'other');
  });

  test("budgets: paper gives each model its family's list, and max_tokens = budget + the family's headroom", () => {
    const claude = load('anthropic:claude-sonnet-4-6');
    const m = modelConfig(claude.models[0]);
    assert.deepEqual(budgetsOf(claude, m), [0, 1024, 2048, 4096, 8192, 16384]);
    assert.equal(maxTokensFor(claude, m, 16384), 26384);
    const o3 = load('openai:gpt-5.6-sol');
    assert.deepEqual(budgetsOf(o3, modelConfig(o3.models[0])), [1024, 4096, 8192]);
    const qwen = load('openai-compatible:qwen3-32b');
    const q = modelConfig(qwen.models[0]);
    assert.deepEqual(budgetsOf(qwen, q), [0, 1024, 4096, 8192]);
    assert.deepEqual(q.seeds, [42, 123, 456]);
    assert.equal(q.temperature, 0.6);
    assert.equal(q.topP, 0.95);
    assert.equal(q.options?.zeroThinking, 'prefill');
    assert.equal(maxTokensFor(qwen, q, 8192), 8192 + 16384);
    const r1 = load('openai-compatible:deepseek-r1');
    assert.deepEqual(budgetsOf(r1, modelConfig(r1.models[0])), [0, 1024, 2048, 4096, 8192]);
  });

  test('two families in one experiment each keep their own budgets', () => {
    const exp = loadExperiment({
      preset: 'paper-main',
      overrides: { models: ['anthropic:claude-sonnet-4-6', 'openai:gpt-5.6-sol'] },
    }).experiment;
    const [a, b] = exp.models.map(modelConfig);
    assert.equal(budgetsOf(exp, a).length, 6);
    assert.deepEqual(budgetsOf(exp, b), [1024, 4096, 8192]);
  });

  test('whatever a config sets wins over the family', () => {
    const exp = load('openai-compatible:qwen3-32b', {
      budgets: [0, 512],
      maxTokens: { headroom: 2000 },
    });
    const q = modelConfig(exp.models[0]);
    assert.deepEqual(budgetsOf(exp, q), [0, 512]);
    assert.equal(maxTokensFor(exp, q, 512), 2512);
    const own = loadExperiment({
      overrides: {
        models: [
          {
            id: 'openai-compatible:qwen3-32b',
            temperature: 0,
            seeds: [7],
            options: { zeroThinking: 'kwargs' },
          },
        ],
        tasks: ['misleading-math'],
      },
    }).experiment;
    const o = modelConfig(own.models[0]);
    assert.deepEqual([o.temperature, o.seeds, o.options?.zeroThinking], [0, [7], 'kwargs']);
  });

  test('the cautioned preset starts at 1024, as the reference ran it', () => {
    const exp = load('anthropic:claude-sonnet-4-6', {}, 'paper-cautioned');
    assert.deepEqual(budgetsOf(exp, modelConfig(exp.models[0])), [1024, 2048, 4096, 8192, 16384]);
    assert.equal(exp.prompt, 'cautioned');
  });

  test('the natural preset: 5 samples, Claude budget_tokens 16384 under max_tokens 26384, o-series effort high', () => {
    const exp = loadExperiment({
      preset: 'paper-natural',
      overrides: {
        models: ['anthropic:claude-sonnet-4-6', 'openai:gpt-5.6-sol', 'openai-compatible:qwen3-32b'],
      },
    }).experiment;
    assert.equal(exp.trials, 5);
    const [c, o, q] = exp.models.map(modelConfig);
    assert.equal(maxTokensFor(exp, c, 'natural'), 26384);
    assert.equal(c.options?.naturalThinkingBudget, 16384);
    assert.equal(o.options?.naturalEffort, 'high');
    assert.equal(maxTokensFor(exp, q, 'natural'), 32768);
    assert.deepEqual(q.seeds, [42, 123, 456, 789, 101]);
  });
});

describe('plan shows what each family is sent', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'ot-plan-'));
  test('plan --preset paper-main: Claude budget_tokens, o-series low/medium/high, Qwen3 prefill and prompt', async () => {
    const r = await runCli(
      [
        'plan',
        '--preset',
        'paper-main',
        '--model',
        'anthropic:claude-sonnet-4-6,openai:gpt-5.6-sol,openai-compatible:qwen3-32b',
        '--tasks',
        'misleading-math',
        '--limit',
        '5',
        '--json',
      ],
      cwd,
    );
    assert.equal(r.code, 0, r.stderr);
    const plan = JSON.parse(r.stdout) as {
      models: { id: string; budgets: { budget: string; sent: string; maxTokens: number }[] }[];
    };
    const sent = (id: string) =>
      plan.models.find((m) => m.id === id)?.budgets.map((b) => `${b.budget}:${b.sent}:${b.maxTokens}`);
    assert.deepEqual(sent('openai:gpt-5.6-sol'), [
      '1024:effort low:11024',
      '4096:effort medium:14096',
      '8192:effort high:18192',
    ]);
    assert.deepEqual(sent('anthropic:claude-sonnet-4-6'), [
      '0:no thinking:10000',
      '1024:budget_tokens 1024:11024',
      '2048:budget_tokens 2048:12048',
      '4096:budget_tokens 4096:14096',
      '8192:budget_tokens 8192:18192',
      '16384:budget_tokens 16384:26384',
    ]);
    assert.deepEqual(sent('openai-compatible:qwen3-32b'), [
      '0:prefill "<think></think>":16384',
      '1024:stated in the prompt only:17408',
      '4096:stated in the prompt only:20480',
      '8192:stated in the prompt only:24576',
    ]);
  });
  test('plan --preset paper-natural says 5 samples per item and the ceilings', async () => {
    const r = await runCli(
      [
        'plan',
        '--preset',
        'paper-natural',
        '--model',
        'anthropic:claude-sonnet-4-6,openai:gpt-5.6-sol',
        '--tasks',
        'misleading-math',
        '--limit',
        '5',
      ],
      cwd,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /5 sample\(s\) per item/);
    assert.match(r.stdout, /natural → budget_tokens 16384 \(max 26384\)/);
    assert.match(r.stdout, /natural → effort high \(max 26384\)/);
  });
});
