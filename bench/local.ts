/**
 * Local provider overhead (never run as a test): generated tokens per second through the `local:`
 * provider (chat template, forcing algorithm, cut at the budget, forced answer) against a bare
 * node-llama-cpp loop that evaluates the same prompt tokens and samples the same number of tokens with
 * the same sampler settings, on the same loaded model, sequence and thread count; once with the same
 * forced tokens evaluated (equal work: the provider's own cost) and once without (plain generation).
 * The paths rotate sample by sample so that load from other processes hits all alike. Both wall time
 * and this process's CPU time are measured: on a busy shared machine wall time swings widely, CPU time
 * less, so the overhead figure (`local.overhead_pct`) is taken from CPU time. Target: < 5%.
 *
 * Run alone with `node --import tsx bench/local.ts`. Environment: OVERTHINK_BENCH_SAMPLES (default
 * 60), OVERTHINK_BENCH_THREADS (default 1: on a small shared machine one thread is the fastest and
 * steadiest for the tiny model), OVERTHINK_TINY_GGUF (default test/fixtures/tiny-gguf/tiny-think.gguf).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Token } from 'node-llama-cpp';
import { renderPrompt } from '../src/providers/local/chat-format.js';
import { continuationTokens } from '../src/providers/local/llama-backend.js';
import { type LoadedModel, loadLocalModel, promptTokens } from '../src/providers/local/llama-model.js';
import { type ForcingConfig, forcingConfig } from '../src/providers/local/options.js';
import { generateLocal } from '../src/providers/local/provider.js';
import type { GenerateRequest } from '../src/providers/types.js';

const GGUF =
  process.env.OVERTHINK_TINY_GGUF ??
  resolve(import.meta.dirname, '../test/fixtures/tiny-gguf/tiny-think.gguf');
const BUDGET = 320;
const ANSWER = 48;
const SAMPLES = Number(process.env.OVERTHINK_BENCH_SAMPLES ?? 60);
const SYSTEM = 'Think step by step within a budget of about 320 tokens.';
const USER = 'A farmer has 12 apples and gives away 5. How many are left? Answer in <answer></answer>.';

interface Timing {
  tokens: number;
  wallS: number;
  cpuS: number;
}

/** Wall and CPU seconds (all threads of this process, llama.cpp's included) of `fn`. */
async function timed(fn: () => Promise<number>): Promise<Timing> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const tokens = await fn();
  const c = process.cpuUsage(c0);
  return { tokens, wallS: (performance.now() - t0) / 1000, cpuS: (c.user + c.system) / 1e6 };
}

function request(seed: number): GenerateRequest {
  return {
    key: {
      model: 'local:bench',
      taskId: 'b',
      itemId: 'i',
      regime: 'controlled',
      budget: BUDGET,
      trial: seed,
      variant: 'v',
    },
    seed,
    system: SYSTEM,
    user: USER,
    budget: BUDGET,
    maxTokens: BUDGET + 64,
    item: { taskId: 'b', itemId: 'i', prompt: USER, target: { kind: 'exact', value: '7' }, strata: {} },
  };
}

interface Shape {
  /** Thought tokens, then answer tokens, the provider generated for a seed. */
  thought: number;
  answer: number;
}

/** One sample through the provider; returns the tokens it generated (thought + answer). */
async function viaProvider(
  m: LoadedModel,
  cfg: ForcingConfig,
  seed: number,
  shape?: Shape[],
): Promise<number> {
  const r = await generateLocal(m, cfg, { spec: 'local:bench' }, request(seed), new AbortController().signal);
  shape?.push({ thought: r.usage.reasoning, answer: r.usage.output - r.usage.reasoning });
  return r.usage.output;
}

/**
 * The bare loop: same prompt tokens, same sampler and seed, the same number of sampled tokens. With
 * `forced`, the forced close and answer prefix are evaluated after the thought, as the provider does:
 * the same token work, so the difference is the provider's own code.
 */
async function bare(
  m: LoadedModel,
  prompt: Token[],
  seed: number,
  shape: Shape,
  forced?: Token[],
): Promise<number> {
  const seq = await m.acquire();
  const total = shape.thought + shape.answer;
  let n = 0;
  try {
    await seq.clearHistory();
    const it = seq.evaluate(prompt, { temperature: 0.6, topP: 0.95, topK: 0, minP: 0, seed });
    let r = await it.next();
    while (!r.done && ++n < total) {
      r = await it.next(forced && n === shape.thought ? [r.value, ...forced] : [r.value]);
    }
    await it.return();
  } finally {
    m.release(seq);
  }
  return n;
}

export async function benchLocal(): Promise<Record<string, number>> {
  const threads = Number(process.env.OVERTHINK_BENCH_THREADS ?? 1);
  // Built once, as the provider does per model (not per sample).
  const cfg = forcingConfig({
    id: 'local:bench',
    forcing: 'cut',
    options: { threads, answerTokens: ANSWER },
  });
  const t0 = performance.now();
  const m = await loadLocalModel(GGUF, 'local:bench', cfg);
  const loadS = (performance.now() - t0) / 1000;
  try {
    const prompt = promptTokens(m.model, renderPrompt(m.format, SYSTEM, USER).text);
    const forced = continuationTokens(m.model, `\n</think>\n\n${cfg.answerPrefix}`);
    const seeds = Array.from({ length: SAMPLES }, (_, i) => 100 + i);
    // Warm-up, not measured; it also records what the provider generates for each seed, which the
    // bare loops then generate for the same seed.
    const shapes: Shape[] = [];
    for (const seed of seeds) await viaProvider(m, cfg, seed, shapes);

    // The paths rotate sample by sample (and which goes first), so that load from other processes
    // falls on all alike.
    const zero = () => ({ tokens: 0, wallS: 0, cpuS: 0 });
    const sum = { provider: zero(), matched: zero(), plain: zero() };
    for (const [i, seed] of seeds.entries()) {
      const runs: [keyof typeof sum, () => Promise<number>][] = [
        ['provider', () => viaProvider(m, cfg, seed)],
        ['matched', () => bare(m, prompt, seed, shapes[i], forced)],
        ['plain', () => bare(m, prompt, seed, shapes[i])],
      ];
      for (let k = 0; k < runs.length; k++) {
        const [name, fn] = runs[(k + i) % runs.length];
        const t = await timed(fn);
        sum[name].tokens += t.tokens;
        sum[name].wallS += t.wallS;
        sum[name].cpuS += t.cpuS;
      }
    }
    const rate = (t: Timing, by: 'wallS' | 'cpuS') => t.tokens / t[by];
    const pct = (a: Timing, b: Timing, by: 'wallS' | 'cpuS') =>
      Number((100 * (1 - rate(a, by) / rate(b, by))).toFixed(1));
    return {
      'local.threads': threads,
      'local.load_s': Number(loadS.toFixed(2)),
      'local.provider_tokens_per_s': Number(rate(sum.provider, 'wallS').toFixed(0)),
      'local.bare_tokens_per_s': Number(rate(sum.matched, 'wallS').toFixed(0)),
      'local.provider_tokens_per_cpu_s': Number(rate(sum.provider, 'cpuS').toFixed(0)),
      'local.bare_tokens_per_cpu_s': Number(rate(sum.matched, 'cpuS').toFixed(0)),
      'local.bare_plain_tokens_per_cpu_s': Number(rate(sum.plain, 'cpuS').toFixed(0)),
      // The provider's own cost: against a bare loop doing the same token work.
      'local.overhead_pct': pct(sum.provider, sum.matched, 'cpuS'),
      'local.overhead_wall_pct': pct(sum.provider, sum.matched, 'wallS'),
      // Plus the forced close and answer prefix the model must read (a few tokens per sample).
      'local.overhead_vs_plain_generation_pct': pct(sum.provider, sum.plain, 'cpuS'),
    };
  } finally {
    await m.dispose();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  benchLocal().then((r) => {
    for (const [k, v] of Object.entries(r)) process.stdout.write(`${k} ${v}\n`);
  });
}
