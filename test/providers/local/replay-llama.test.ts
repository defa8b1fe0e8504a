import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Token } from 'node-llama-cpp';
import { renderPrompt } from '../../../src/providers/local/chat-format.js';
import { FORCING_DEFAULTS } from '../../../src/providers/local/forcing.js';
import { continuationTokens, LlamaSequenceBackend } from '../../../src/providers/local/llama-backend.js';
import { type LoadedModel, loadLocalModel, promptTokens } from '../../../src/providers/local/llama-model.js';
import { forcingConfig } from '../../../src/providers/local/options.js';
import { generateLocal, replayLocal } from '../../../src/providers/local/provider.js';
import { replayTrace } from '../../../src/providers/local/replay.js';
import type { GenerateRequest, ReplayRequest } from '../../../src/providers/types.js';
import { TINY_GGUF } from '../../helpers/llama-server.js';

/**
 * Early-exit replay on the tiny random-weight GGUF: a stored trace is put back and probed at exact
 * checkpoints. What is checked is what the model held: at each probe, the prompt and exactly the
 * trace's first c tokens; afterwards nothing of any probe.
 */
const SPEC = `local:${TINY_GGUF}`;
const cfg = forcingConfig({ id: SPEC, options: { threads: 1, answerTokens: 8 } });
let m: LoadedModel;

before(async () => {
  m = await loadLocalModel(TINY_GGUF, SPEC, cfg);
});
after(async () => {
  await m.dispose();
});

function request(seed = 5, budget = 48): GenerateRequest {
  return {
    key: { model: SPEC, taskId: 't', itemId: 'i1', regime: 'controlled', budget, trial: 0, variant: 'paper' },
    seed,
    system: 'Think step by step within the budget.',
    user: 'How many apples are left? Put the number in <answer></answer>.',
    budget,
    maxTokens: budget + 64,
    item: {
      taskId: 't',
      itemId: 'i1',
      prompt: 'q',
      target: { kind: 'number', value: 3, tolerance: 0 },
      strata: {},
    },
  };
}

async function stored(seed = 5) {
  const r = await generateLocal(m, cfg, { spec: SPEC }, request(seed), new AbortController().signal);
  assert.equal(r.usage.reasoning, 48, 'the stored sample was cut at its budget');
  return r;
}

function replayRequest(thought: string, checkpoints: number[], seed = 5): ReplayRequest {
  return { ...request(seed), thought, thoughtTokens: 48, checkpoints, probeTokens: 4 };
}

describe('replay on the tiny GGUF', () => {
  it('probes at exactly the checkpoints; each probe decodes at most probeTokens after the forced answer prefix', async () => {
    const r = await stored();
    const res = await replayLocal(
      m,
      cfg,
      { spec: SPEC },
      replayRequest(r.reasoningText!, [8, 16, 24, 40]),
      new AbortController().signal,
    );
    assert.deepEqual(
      res.probes.map((p) => [p.at, p.reached]),
      [
        [8, 8],
        [16, 16],
        [24, 24],
        [40, 40],
      ],
    );
    for (const p of res.probes) {
      assert.ok(p.tokens >= 1 && p.tokens <= 4, `probe tokens ${p.tokens}`);
      assert.ok(p.text.startsWith(FORCING_DEFAULTS.answerPrefix));
    }
  });

  it('at each probe the model holds the prompt and exactly the first c tokens of the stored trace; no probe stays behind', async () => {
    const r = await stored(9);
    const thought = r.reasoningText!;
    const req = replayRequest(thought, [8, 20, 33], 9);
    const rendered = renderPrompt(m.format, req.system, req.user);
    const prompt = promptTokens(m.model, rendered.text);
    const traceTokens = continuationTokens(m.model, thought);
    const seq = await m.acquire();
    try {
      await seq.clearHistory();
      const held: Token[][] = [];
      // What the sequence holds when a probe starts: evaluated tokens plus those waiting to be.
      class Watched extends LlamaSequenceBackend {
        override async probe(text: string, maxTokens: number) {
          const pending = (this as unknown as { pending: Token[] }).pending;
          held.push([...seq.contextTokens, ...pending]);
          return super.probe(text, maxTokens);
        }
      }
      const b = new Watched(
        seq,
        m.model,
        prompt,
        '</think>',
        { ...cfg, seed: 9 },
        new AbortController().signal,
      );
      const res = await replayTrace(
        b,
        {
          delimiters: m.format.delimiters,
          openedByTemplate: rendered.opened,
          answerPrefix: cfg.answerPrefix,
        },
        thought,
        req.checkpoints,
        4,
      );
      await b.close();
      assert.equal(res.probes.length, 3);
      for (const [i, c] of req.checkpoints.entries()) {
        assert.deepEqual(held[i].slice(0, prompt.length), prompt, 'the prompt, as the sample was made with');
        const after = held[i].slice(prompt.length);
        assert.equal(after.length, c, `probe ${i + 1} came after exactly ${c} trace tokens`);
        assert.equal(
          m.model.detokenize(after, false),
          m.model.detokenize(traceTokens.slice(0, c), false),
          'and they are the trace, read back',
        );
      }
      // After the last probe the sequence holds the prompt and trace only: the probe was erased.
      const end = seq.contextTokens.slice(prompt.length);
      assert.ok(end.length <= 33);
      assert.deepEqual(end, traceTokens.slice(0, end.length));
    } finally {
      m.release(seq);
    }
  });

  it('a replay is reproducible, and probing fewer checkpoints reads the same answers at the ones kept', async () => {
    const r = await stored(13);
    const run = (cps: number[]) =>
      replayLocal(
        m,
        cfg,
        { spec: SPEC },
        replayRequest(r.reasoningText!, cps, 13),
        new AbortController().signal,
      );
    const a = await run([8, 16, 24, 32]);
    const b = await run([8, 16, 24, 32]);
    assert.deepEqual(a.probes, b.probes);
    // A resumed replay probes every checkpoint up to the last missing one again (run/replay.ts), so
    // each probe keeps its place and its seed: the first k probes are those of the whole replay.
    const prefix = await run([8, 16]);
    assert.deepEqual(prefix.probes, a.probes.slice(0, 2));
  });
});
