import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { ModelConfig } from '../../../src/config/schema.js';
import type { Budget } from '../../../src/core/budget.js';
import { createCompletionsForcingProvider } from '../../../src/providers/completions-forcing.js';
import { CHATML_TEMPLATE, renderPrompt } from '../../../src/providers/local/chat-format.js';
import { CompletionsBackend } from '../../../src/providers/local/completions-backend.js';
import { replayTrace } from '../../../src/providers/local/replay.js';
import { CompletionServer } from '../../../src/providers/local/server-api.js';
import { createProvider } from '../../../src/providers/registry.js';
import type { GenerateRequest, Provider } from '../../../src/providers/types.js';
import { UserError } from '../../../src/util/errors.js';
import { type LlamaServer, SKIP_LLAMA, startLlamaServer } from '../../helpers/llama-server.js';
import { assertRawRoundTrip } from '../../helpers/raw-round-trip.js';
import { makeRequest, NEVER } from '../../helpers/requests.js';

/**
 * The same exact forcing through a real llama.cpp server on /v1/completions (tiny GGUF fixture). The
 * thought is checked with the server's own tokenizer: the tokens the prompt gains from it, i.e. what
 * the model holds when it writes the answer.
 */
const SYSTEM = 'Think step by step within the budget.';
const USER = 'How many apples are left? Put the number in <answer></answer>.';

function request(budget: Budget, seed = 7): GenerateRequest {
  return makeRequest({
    budget,
    seed,
    system: SYSTEM,
    user: USER,
    maxTokens: (typeof budget === 'number' ? budget : 0) + 64,
  });
}

describe('raw-completion forcing on a real llama-server', {
  skip: SKIP_LLAMA ? 'OVERTHINK_SKIP_LLAMA=1' : false,
}, () => {
  let server: LlamaServer;
  let tok: CompletionServer;
  let template = '';
  const providers = new Map<string, Provider>();

  before(async () => {
    server = await startLlamaServer();
    tok = new CompletionServer(server.url, 'tiny', undefined, 'test');
    template = (await tok.props(NEVER))?.chatTemplate ?? '';
  });
  after(async () => {
    await server?.stop();
  });

  async function provider(entry: Partial<ModelConfig>): Promise<Provider> {
    const key = JSON.stringify(entry);
    let p = providers.get(key);
    if (!p) {
      p = await createCompletionsForcingProvider({
        id: 'openai-compatible:tiny',
        baseUrl: `${server.url}/v1`,
        ...entry,
        options: { answerTokens: 12, ...entry.options },
      });
      providers.set(key, p);
    }
    return p;
  }

  /** Tokens the thought adds after `prefix`, by the server's tokenizer. */
  async function heldTokens(prefix: string, thought: string): Promise<number> {
    const a = await tok.tokenize(prefix, true, NEVER);
    const b = await tok.tokenize(prefix + thought, true, NEVER);
    return b.length - a.length;
  }

  function promptText(tpl = template): string {
    return renderPrompt({ template: tpl, delimiters: { open: '<think>', close: '</think>' } }, SYSTEM, USER)
      .text;
  }

  for (const budget of [8, 32, 64]) {
    it(`cut at ${budget}: exactly ${budget} thought tokens, then the answer segment`, async () => {
      const r = await (await provider({ forcing: 'cut' })).generate(request(budget), NEVER);
      assert.equal(r.usage.reasoning, budget);
      assert.equal(r.usage.reasoningSource, 'forced');
      assert.equal(await heldTokens(promptText(), r.reasoningText ?? ''), budget);
      assert.ok(r.text.startsWith('Final answer: <answer>'));
      assert.ok(r.text.length > 'Final answer: <answer>'.length);
      assert.equal(r.sentParams.endpoint, '/v1/completions');
      assert.equal(r.sentParams.reasoningEnd, 'budget');
      assert.equal(r.usage.input, (await tok.tokenize(promptText(), true, NEVER)).length);
      // Its body is the requests' trace: the texts in pieces, never whole, so it is kept whole.
      assertRawRoundTrip(r, false);
    });
  }

  it('cut+extend: early closes become "Wait" and the budget is held exactly', async () => {
    const p = await provider({
      forcing: 'cut+extend',
      maxExtensions: 50,
      options: { logitBias: { '</think>': 6 } },
    });
    let extended = 0;
    for (const budget of [32, 64]) {
      const r = await p.generate(request(budget), NEVER);
      assert.ok(r.usage.reasoning >= budget);
      assert.equal(r.usage.reasoning, budget);
      assert.equal(await heldTokens(promptText(), r.reasoningText ?? ''), budget);
      extended += Number(r.sentParams.extensionsUsed);
    }
    assert.ok(extended > 0, 'the biased model tried to close early at least once');
  });

  it('budget 0 stores no thought tokens; the same seed gives the same text', async () => {
    const p = await provider({ forcing: 'cut' });
    const zero = await p.generate(request(0), NEVER);
    assert.equal(zero.usage.reasoning, 0);
    assert.equal(zero.reasoningText, undefined);
    assert.ok(zero.text.length > 0);
    const a = await p.generate(request(32, 11), NEVER);
    const b = await p.generate(request(32, 11), NEVER);
    assert.equal(a.reasoningText, b.reasoningText);
    assert.equal(a.text, b.text);
  });

  it('a template from config that does not open the block: the block is opened, the count still exact', async () => {
    const p = await provider({ forcing: 'cut', options: { chatTemplate: CHATML_TEMPLATE } });
    const r = await p.generate(request(16), NEVER);
    assert.equal(r.usage.reasoning, 16);
    assert.equal(await heldTokens(`${promptText(CHATML_TEMPLATE)}<think>\n`, r.reasoningText ?? ''), 16);
  });

  it('the scheduler arm: chunks and probes on the server, probes never in the stored thought', async () => {
    const p = await provider({ forcing: 'cut' });
    assert.equal(p.capabilities.scheduler, true);
    const scheduler = { chunk: 8, agree: 2, probeTokens: 4, ceiling: 24, hedges: ['maybe'] };
    const r = await p.generate({ ...request(24), scheduler }, NEVER);
    const raw = r.raw as {
      scheduler: {
        end: string;
        chunks: number;
        probeTokens: number;
        probes: { at: number; tokens: number }[];
      };
      requests: { phase: string; max_tokens: number; completion_tokens: number }[];
    };
    const rec = raw.scheduler;
    // The random model rarely repeats itself, so it mostly runs to the ceiling; either way the books balance.
    assert.ok(['converged', 'budget', 'model'].includes(rec.end), rec.end);
    assert.ok(r.usage.reasoning <= 24);
    const probes = raw.requests.filter((q) => q.phase === 'probe');
    assert.equal(probes.length, rec.probes.length);
    assert.ok(probes.every((q) => q.max_tokens === 4));
    assert.equal(
      rec.probeTokens,
      probes.reduce((s, q) => s + q.completion_tokens, 0),
    );
    assert.deepEqual(
      rec.probes.map((x) => x.at),
      rec.probes.map((_, k) => 8 * (k + 1)),
    );
    // What the server holds before the answer is exactly the stored thought (by its own tokenizer).
    assert.equal(await heldTokens(promptText(), r.reasoningText ?? ''), r.usage.reasoning);
    if (rec.end !== 'model') assert.ok(r.text.startsWith('Final answer: <answer>'));
    assert.deepEqual(r.sentParams.scheduler, scheduler);
  });

  it('replay: the stored trace put back on the server, each probe after exactly its checkpoint by the server tokenizer', async () => {
    const p = await provider({ forcing: 'cut' });
    const r = await p.generate(request(64, 5), NEVER);
    const thought = r.reasoningText ?? '';
    // What the server is sent before each probe: the prompt and the trace so far (the backend's body).
    const held: string[] = [];
    class Watched extends CompletionsBackend {
      override async probe(text: string, maxTokens: number) {
        held.push((this as unknown as { body: string }).body);
        return super.probe(text, maxTokens);
      }
    }
    const b = new Watched({
      server: tok,
      prompt: promptText(),
      close: '</think>',
      sampling: { temperature: 0 },
      seed: 5,
      signal: NEVER,
    });
    const res = await replayTrace(
      b,
      {
        delimiters: { open: '<think>', close: '</think>' },
        openedByTemplate: true,
        answerPrefix: 'Final answer: <answer>',
      },
      thought,
      [8, 24, 40],
      4,
    );
    assert.deepEqual(
      res.probes.map((x) => [x.at, x.reached]),
      [
        [8, 8],
        [24, 24],
        [40, 40],
      ],
    );
    for (const [i, at] of [8, 24, 40].entries()) {
      assert.equal(await heldTokens(promptText(), held[i]), at, `probe ${i + 1} after exactly ${at} tokens`);
      assert.ok(thought.startsWith(held[i]), 'and they are the stored trace');
    }
    // The provider's own replay (what `overthink replay` calls) probes the same checkpoints.
    const viaProvider = await p.replay!(
      { ...request(64, 5), thought, thoughtTokens: 64, checkpoints: [8, 24, 40], probeTokens: 4 },
      NEVER,
    );
    assert.deepEqual(
      viaProvider.probes.map((x) => x.reached),
      [8, 24, 40],
    );
    assert.ok(viaProvider.probes.every((x) => x.tokens <= 4 && x.text.startsWith('Final answer: <answer>')));
  });

  it('openai-compatible entries go to forcing only when `forcing` is set', async () => {
    const forced = await createProvider({
      id: 'openai-compatible:tiny',
      baseUrl: `${server.url}/v1`,
      forcing: 'cut',
    });
    assert.equal(forced.capabilities.budgetControl, 'forced');
    const chat = await createProvider({ id: 'openai-compatible:tiny', baseUrl: `${server.url}/v1` });
    assert.equal(chat.capabilities.budgetControl, 'prompt');
    await assert.rejects(
      createProvider({
        id: 'openai-compatible:tiny',
        baseUrl: `${server.url}/v1`,
        forcing: 'cut',
        budgetMode: 'llamacpp',
      }),
      UserError,
    );
  });
});

describe('raw-completion forcing: servers without a chat template', () => {
  let fake: Server;
  let url = '';
  before(async () => {
    // Answers like vLLM: no /props.
    fake = createServer((_req, res) => res.writeHead(404).end('{"detail":"Not Found"}'));
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => fake.close(() => r())));

  it('is a UserError asking for options.chatTemplate', async () => {
    await assert.rejects(
      createCompletionsForcingProvider({ id: 'openai-compatible:m', baseUrl: `${url}/v1`, forcing: 'cut' }),
      (e: unknown) => e instanceof UserError && /options\.chatTemplate/.test(e.message),
    );
  });

  it('an unreachable server is a UserError naming it', async () => {
    await assert.rejects(
      createCompletionsForcingProvider({
        id: 'openai-compatible:m',
        baseUrl: 'http://127.0.0.1:9/v1',
        forcing: 'cut',
      }),
      (e: unknown) => e instanceof UserError && /127\.0\.0\.1:9/.test(e.message),
    );
  });
});
