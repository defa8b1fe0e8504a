import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { resolveExperiment } from '../../src/config/resolve.js';
import { experimentSchema, type ModelConfig, modelConfig } from '../../src/config/schema.js';
import type { Budget } from '../../src/core/budget.js';
import { buildPrompt } from '../../src/prompts/build.js';
import { anthropicRequest } from '../../src/providers/anthropic.js';
import { modelName } from '../../src/providers/common.js';
import { openaiRequest } from '../../src/providers/openai.js';
import { createProvider } from '../../src/providers/registry.js';
import type { GenerateRequest } from '../../src/providers/types.js';
import { maxTokensFor } from '../../src/run/plan.js';
import type { Item, PaperRecord, Target } from '../../src/tasks/types.js';
import { startOpenAIServer } from '../helpers/openai-server.js';
import type { ProtocolServer } from '../helpers/protocol-server.js';

/**
 * Cross-implementation goldens: the messages and parameters overthink sends under the `paper`
 * protocol, against what the reference's own functions build for the same record, model and budget
 * (test/fixtures/paper-goldens/protocol-goldens.json, made by scripts/paper-goldens/make.py running
 * safety-research/inverse-scaling-ttc's model_helpers.py and request code under python3).
 * Requests go through the real request builders (Anthropic, OpenAI) and, for open weights, through
 * the openai-compatible provider to a loopback server that records the body.
 */

interface Message {
  role: string;
  content: string;
  is_prefix?: boolean;
}
interface Case {
  model: string;
  budget: number;
  useAllBudget: boolean;
  item: string;
  icl: 'none' | 'examples';
  messages: Message[];
  params: Record<string, unknown>;
}
interface Goldens {
  items: Record<string, PaperRecord>;
  icl: PaperRecord[];
  prompts: Case[];
}

const goldens = JSON.parse(
  readFileSync(new URL('../fixtures/paper-goldens/protocol-goldens.json', import.meta.url), 'utf8'),
) as Goldens;

/** How each reference model is named in overthink. */
const SPECS: Record<string, string> = {
  'claude-opus-4-20250514': 'anthropic:claude-opus-4-20250514',
  'claude-sonnet-4-20250514': 'anthropic:claude-sonnet-4-20250514',
  'claude-sonnet-4-6': 'anthropic:claude-sonnet-4-6',
  'o3-2025-04-16': 'openai:o3-2025-04-16',
  o3: 'openai:o3',
  'qwen3-32b': 'openai-compatible:qwen3-32b',
  'deepseek-r1-0528-awq': 'openai-compatible:deepseek-r1-0528-awq',
};

function targetOf(r: PaperRecord): Target {
  if (r.classes) return { kind: 'choice', options: r.classes, index: r.answer_index ?? 0 };
  return typeof r.answer === 'number'
    ? { kind: 'number', value: r.answer, tolerance: 0 }
    : { kind: 'exact', value: String(r.answer) };
}

function itemOf(id: string, record: PaperRecord): Item {
  return { taskId: 't', itemId: id, prompt: record.prompt, target: targetOf(record), strata: {}, record };
}

const budgetOf = (b: number): Budget => (b < 0 ? 'natural' : b);

/** The model entry and request overthink makes for a case, its family settings filled in. */
function setUp(c: Case, baseUrl?: string): { model: ModelConfig; req: GenerateRequest } {
  const budget = budgetOf(c.budget);
  const spec = SPECS[c.model];
  const exp = resolveExperiment(
    experimentSchema.parse({
      models: [baseUrl ? { id: spec, baseUrl } : spec],
      tasks: ['misleading-math'],
      regime: budget === 'natural' ? 'natural' : 'controlled',
      prompt: c.useAllBudget ? 'paper' : 'cautioned',
    }),
  );
  const model = modelConfig(exp.models[0]);
  const item = itemOf(c.item, goldens.items[c.item]);
  const shots = c.icl === 'examples' ? goldens.icl.map((r, i) => itemOf(`icl${i}`, r)) : [];
  const built = buildPrompt(item, shots, budget, exp.prompt, modelName(spec));
  const req: GenerateRequest = {
    key: { model: spec, taskId: 't', itemId: c.item, regime: exp.regime, budget, trial: 0, variant: 'paper' },
    seed: model.seeds?.[0] ?? 7,
    system: built.system,
    ...(built.systemRole === 'developer' ? { systemRole: 'developer' as const } : {}),
    user: built.user,
    budget,
    maxTokens: maxTokensFor(exp, model, budget),
    item,
  };
  return { model, req };
}

const label = (c: Case) =>
  `${c.model} budget ${c.budget}${c.useAllBudget ? '' : ' cautioned'} ${c.item}${c.icl === 'examples' ? ' +ICL' : ''}`;

/** Known, documented differences (docs/paper-protocol.md): the golden's params, as overthink sends them. */
function expectedParams(c: Case): Record<string, unknown> {
  const p = { ...c.params };
  // The reference sends thinking only to the three Claude ids it lists; any later Claude got none,
  // which would make its budget sweep a sweep of prompts alone. overthink enables thinking as for them.
  // It also asks that model for its summarised thinking text (`display`), which its API offers.
  if (c.model === 'claude-sonnet-4-6' && c.budget !== 0) {
    p.thinking = { type: 'enabled', budget_tokens: c.budget < 0 ? 16384 : c.budget, display: 'summarized' };
  }
  // The reference sends no effort at budget 0 (the model's default, medium, reasons anyway); the
  // paper never ran o3 at 0. overthink sends the lowest effort and says so in the sample's note.
  if (c.model.startsWith('o3') && c.budget === 0) p.reasoning_effort = 'low';
  return p;
}

describe('paper protocol: Anthropic and OpenAI requests equal the reference’s', () => {
  for (const c of goldens.prompts.filter((x) => !SPECS[x.model].startsWith('openai-compatible:'))) {
    test(label(c), () => {
      const { model, req } = setUp(c);
      const [system, user, ...rest] = c.messages;
      assert.equal(rest.length, 0);
      assert.equal(user.role, 'user');
      if (model.id.startsWith('anthropic:')) {
        const { body } = anthropicRequest(model, req);
        const {
          model: _m,
          system: sentSystem,
          messages,
          ...params
        } = body as unknown as Record<string, unknown>;
        assert.equal(system.role, 'system');
        assert.equal(sentSystem, system.content);
        assert.deepEqual(messages, [{ role: 'user', content: user.content }]);
        assert.deepEqual(params, expectedParams(c));
      } else {
        const { body } = openaiRequest(model, req);
        const { model: _m, messages, ...params } = body;
        assert.deepEqual(messages, [
          { role: system.role, content: system.content },
          { role: 'user', content: user.content },
        ]);
        assert.deepEqual(params, expectedParams(c));
      }
    });
  }
});

describe('paper protocol: open-weight requests equal the reference’s (openai-compatible, loopback)', () => {
  let server: ProtocolServer;
  before(async () => {
    server = await startOpenAIServer();
  });
  after(() => server.close());

  for (const c of goldens.prompts.filter((x) => SPECS[x.model].startsWith('openai-compatible:'))) {
    test(label(c), async () => {
      const { model, req } = setUp(c, `${server.url}/v1`);
      const provider = await createProvider(model);
      try {
        const before = server.requests.length;
        await provider.generate(req, new AbortController().signal);
        const body = server.requests[before].body as Record<string, unknown>;
        const { model: _m, messages, seed, ...params } = body;
        // vllm_model_interface.py maps the system/developer role to 'system' for the chat template.
        assert.deepEqual(
          messages,
          c.messages.map((m) => ({ role: m.role === 'developer' ? 'system' : m.role, content: m.content })),
        );
        assert.deepEqual(params, c.params);
        // The reference's seeds are per trial (42, 123, 456; natural 42…101): trial 0 sends the first.
        assert.equal(seed, c.budget < 0 && c.model.startsWith('deepseek') ? req.seed : 42);
      } finally {
        await provider.close?.();
      }
    });
  }
});
