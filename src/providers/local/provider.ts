import type { TokenBias } from 'node-llama-cpp';
import type { ModelConfig } from '../../config/schema.js';
import { ProviderError } from '../../util/errors.js';
import type {
  GenerateRequest,
  GenerateResponse,
  Provider,
  ReplayProbeResult,
  ReplayRequest,
  ReplayResponse,
} from '../types.js';
import { type RenderedPrompt, renderPrompt } from './chat-format.js';
import { LlamaSequenceBackend } from './llama-backend.js';
import { type LoadedModel, loadLocalModel, promptTokens, tokenBiasOf } from './llama-model.js';
import { resolveModelFile } from './model-file.js';
import { type ForcingConfig, forcingConfig } from './options.js';
import { replayTrace } from './replay.js';
import { forcedResponse, forcingCapabilities, forcingSettings } from './response.js';
import { forceOrSchedule } from './scheduled.js';
import type { StopPolicy } from './stop-policy.js';

/**
 * `local:<path.gguf>` and `local:hf:<owner>/<repo>/<file>.gguf`: an open-weight model run in-process
 * with node-llama-cpp, with exact budget forcing (see forcing.ts). The file is found (or downloaded)
 * when the provider is created, so a missing model fails before anything runs; the model itself is
 * loaded on the first sample and shared by all samples through a queue of `options.parallel` context
 * sequences (default 1: on a CPU one sequence at a time is fastest and keeps outputs bit-exact).
 */
export async function createLocalProvider(model: ModelConfig): Promise<Provider> {
  const cfg = forcingConfig(model);
  const path = await resolveModelFile(model.id, { revision: cfg.revision });
  let loading: Promise<LoadedModel> | undefined;
  let tokenBias: TokenBias | undefined;
  const loaded = () => {
    if (!loading) {
      loading = loadLocalModel(path, model.id, cfg).then(async (m) => {
        tokenBias = await tokenBiasOf(m.model, cfg.logitBias);
        return m;
      });
      // A failed load is retried by the next sample rather than cached.
      loading.catch(() => {
        loading = undefined;
      });
    }
    return loading;
  };

  return {
    id: model.id,
    capabilities: forcingCapabilities(cfg),
    maxConcurrency: cfg.parallel,
    generate: async (req, signal) => {
      const m = await loaded();
      return generateLocal(m, cfg, { spec: model.id, tokenBias }, req, signal);
    },
    replay: async (req, signal, onProbe) => {
      const m = await loaded();
      return replayLocal(m, cfg, { spec: model.id, tokenBias }, req, signal, onProbe);
    },
    close: async () => {
      const l = loading;
      loading = undefined;
      if (l) await (await l.catch(() => undefined))?.dispose();
    },
  };
}

/** One sample on a loaded model (exported for tests, which load the model once per file). */
export async function generateLocal(
  m: LoadedModel,
  cfg: ForcingConfig,
  ctx: { spec: string; tokenBias?: TokenBias; policy?: StopPolicy },
  req: GenerateRequest,
  signal: AbortSignal,
): Promise<GenerateResponse> {
  return onSequence(m, cfg, ctx, req, signal, async (backend, rendered, prompt, started) => {
    const outcome = await forceOrSchedule(
      backend,
      forcingSettings(cfg, req, m.format, rendered),
      req.scheduler,
      ctx.policy,
    );
    return forcedResponse({
      cfg,
      req,
      fmt: m.format,
      rendered,
      outcome,
      promptTokens: prompt,
      latencyMs: Date.now() - started,
      raw: { backend: 'node-llama-cpp' },
      extraParams: { threads: m.threads, contextSize: m.contextSize },
    });
  });
}

/** Early-exit replay of a stored sample on a loaded model (see replay.ts; exported for tests). */
export function replayLocal(
  m: LoadedModel,
  cfg: ForcingConfig,
  ctx: { spec: string; tokenBias?: TokenBias },
  req: ReplayRequest,
  signal: AbortSignal,
  onProbe?: (p: ReplayProbeResult) => void,
): Promise<ReplayResponse> {
  return onSequence(m, cfg, ctx, req, signal, (backend, rendered) =>
    replayTrace(
      backend,
      forcingSettings(cfg, req, m.format, rendered),
      req.thought,
      req.checkpoints,
      req.probeTokens,
      onProbe,
    ),
  );
}

/**
 * A forcing backend on a fresh sequence holding the request's rendered prompt, for `use`; the
 * sequence goes back to the queue afterwards.
 */
async function onSequence<T>(
  m: LoadedModel,
  cfg: ForcingConfig,
  ctx: { spec: string; tokenBias?: TokenBias },
  req: Omit<GenerateRequest, 'scheduler'>,
  signal: AbortSignal,
  use: (
    backend: LlamaSequenceBackend,
    rendered: RenderedPrompt,
    prompt: number,
    started: number,
  ) => Promise<T>,
): Promise<T> {
  const rendered = renderPrompt(m.format, req.system, req.user);
  const prompt = promptTokens(m.model, rendered.text);
  if (prompt.length >= m.contextSize) {
    throw new ProviderError(
      `${ctx.spec}: the prompt has ${prompt.length} tokens, the context ${m.contextSize} (raise options.contextSize)`,
      'bad_request',
      false,
    );
  }
  const seq = await m.acquire();
  const started = Date.now();
  try {
    // Every sample starts from an empty sequence: reusing a cached prefix would change the
    // floating-point path and so break "same seed, same text".
    await seq.clearHistory();
    const backend = new LlamaSequenceBackend(
      seq,
      m.model,
      prompt,
      m.format.delimiters.close,
      { ...cfg, seed: req.seed, tokenBias: ctx.tokenBias },
      signal,
    );
    try {
      return await use(backend, rendered, prompt.length, started);
    } finally {
      await backend.close();
    }
  } finally {
    m.release(seq);
  }
}
