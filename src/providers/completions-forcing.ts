import type { ModelConfig } from '../config/schema.js';
import { ProviderError, UserError } from '../util/errors.js';
import { compatibleServers, costUsd, modelName, option, RoundRobin } from './common.js';
import {
  type ChatFormat,
  detectDelimiters,
  KNOWN_DELIMITERS,
  type RenderedPrompt,
  renderPrompt,
} from './local/chat-format.js';
import { CompletionsBackend } from './local/completions-backend.js';
import { type ForcingConfig, forcingConfig } from './local/options.js';
import { replayTrace } from './local/replay.js';
import { forcedResponse, forcingCapabilities, forcingSettings } from './local/response.js';
import { forceOrSchedule } from './local/scheduled.js';
import { CompletionServer } from './local/server-api.js';
import { toProviderError } from './provider-errors.js';
import type {
  GenerateRequest,
  GenerateResponse,
  Provider,
  ReplayProbeResult,
  ReplayRequest,
  ReplayResponse,
} from './types.js';

/**
 * Exact budget forcing on any server with a raw `/v1/completions` endpoint (llama.cpp's llama-server,
 * vLLM): an `openai-compatible` model entry with `forcing` set comes here instead of the chat provider.
 * The prompt is rendered with the model's chat template (`options.chatTemplate`, else llama.cpp's
 * `GET /props`), reasoning is generated with `max_tokens` = the budget left and the close delimiter as a
 * stop string, counted with the server's `POST /tokenize`, and the answer follows the forced prefix
 * (see local/forcing.ts and local/completions-backend.ts). One sample stays on one server.
 */
export async function createCompletionsForcingProvider(model: ModelConfig): Promise<Provider> {
  const cfg = forcingConfig(model);
  if (model.budgetMode === 'vllm' || model.budgetMode === 'llamacpp') {
    throw new UserError(
      `models[${model.id}]: forcing and budgetMode ${model.budgetMode} both control the budget: keep one`,
    );
  }
  const { urls, apiKey } = compatibleServers(model);
  const served = option(model, 'model', 'string') ?? modelName(model.id);
  const servers = urls.map((u) => new CompletionServer(originOf(u), served, apiKey, model.id));
  const fmt = await serverChatFormat(servers[0], cfg, model.id);
  const logitBias = await logitBiasIds(servers[0], cfg.logitBias, model.id);
  const pick = new RoundRobin(servers);

  return {
    id: model.id,
    capabilities: forcingCapabilities(cfg),
    maxConcurrency: model.maxConcurrency,
    async generate(req: GenerateRequest, signal: AbortSignal): Promise<GenerateResponse> {
      try {
        const res = await generateForced(pick.pick(), cfg, fmt, logitBias, req, signal);
        return { ...res, costUsd: costUsd(model, res.usage) };
      } catch (err) {
        throw toProviderError(err, signal, model.id);
      }
    },
    async replay(req, signal, onProbe) {
      try {
        return await replayForced(pick.pick(), cfg, fmt, logitBias, req, signal, onProbe);
      } catch (err) {
        throw toProviderError(err, signal, model.id);
      }
    },
  };
}

async function generateForced(
  server: CompletionServer,
  cfg: ForcingConfig,
  fmt: ChatFormat,
  logitBias: Record<string, number> | undefined,
  req: GenerateRequest,
  signal: AbortSignal,
): Promise<GenerateResponse> {
  const rendered = renderPrompt(fmt, req.system, req.user);
  const backend = backendFor(server, cfg, fmt, logitBias, rendered, req.seed, signal);
  const started = Date.now();
  const promptTokens = await backend.promptTokens();
  const outcome = await forceOrSchedule(backend, forcingSettings(cfg, req, fmt, rendered), req.scheduler);
  return forcedResponse({
    cfg,
    req,
    fmt,
    rendered,
    outcome,
    promptTokens,
    latencyMs: Date.now() - started,
    raw: { backend: 'completions', server: server.origin, requests: backend.trace },
    extraParams: { endpoint: '/v1/completions' },
  });
}

/** Early-exit replay of a stored sample: its trace put back on the server, probed at checkpoints. */
async function replayForced(
  server: CompletionServer,
  cfg: ForcingConfig,
  fmt: ChatFormat,
  logitBias: Record<string, number> | undefined,
  req: ReplayRequest,
  signal: AbortSignal,
  onProbe?: (p: ReplayProbeResult) => void,
): Promise<ReplayResponse> {
  const rendered = renderPrompt(fmt, req.system, req.user);
  const backend = backendFor(server, cfg, fmt, logitBias, rendered, req.seed, signal);
  const s = forcingSettings(cfg, req, fmt, rendered);
  return replayTrace(backend, s, req.thought, req.checkpoints, req.probeTokens, onProbe);
}

function backendFor(
  server: CompletionServer,
  cfg: ForcingConfig,
  fmt: ChatFormat,
  logitBias: Record<string, number> | undefined,
  rendered: RenderedPrompt,
  seed: number,
  signal: AbortSignal,
): CompletionsBackend {
  return new CompletionsBackend({
    server,
    prompt: rendered.text,
    close: fmt.delimiters.close,
    sampling: {
      temperature: cfg.temperature,
      top_p: cfg.topP,
      // -1 turns top-k off on both llama.cpp and vLLM (older vLLM rejects 0).
      top_k: cfg.topK > 0 ? cfg.topK : -1,
      min_p: cfg.minP,
      ...(logitBias ? { logit_bias: logitBias } : {}),
    },
    seed,
    signal,
  });
}

/** 'http://h:8080/v1' → 'http://h:8080'. */
function originOf(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/v1$/, '');
}

/** The chat template from config or the server's /props; delimiters from it and the server's vocabulary. */
async function serverChatFormat(
  server: CompletionServer,
  cfg: ForcingConfig,
  spec: string,
): Promise<ChatFormat> {
  const signal = AbortSignal.timeout(30_000);
  try {
    const props = cfg.chatTemplate ? undefined : await server.props(signal);
    const template = cfg.chatTemplate ?? props?.chatTemplate;
    if (!template) {
      throw new UserError(
        `${spec}: ${server.origin} does not report a chat template (GET /props): set options.chatTemplate to the model's jinja template`,
      );
    }
    const single = new Set<string>();
    if (!KNOWN_DELIMITERS.some((d) => template.includes(d.close) || template.includes(d.open))) {
      for (const d of KNOWN_DELIMITERS) {
        if ((await server.tokenize(d.close, false, signal)).length === 1) single.add(d.close);
      }
    }
    const { delimiters, assumed } = detectDelimiters(template, (s) => single.has(s), cfg.delimiterOverride);
    return {
      template,
      bosToken: cfg.bosToken ?? props?.bosToken,
      eosToken: cfg.eosToken ?? props?.eosToken,
      delimiters,
      note: assumed
        ? `no thinking delimiters found: assumed ${delimiters.open}…${delimiters.close}`
        : undefined,
    };
  } catch (err) {
    if (err instanceof UserError) throw err;
    const why = err instanceof ProviderError ? err.message : String(err);
    throw new UserError(`${spec}: cannot read the model's chat format from ${server.origin} (${why})`);
  }
}

/** `{"</think>": -2}` → `{"<id>": -2}` for every token of each text (SentencePiece's dummy space left out). */
async function logitBiasIds(
  server: CompletionServer,
  bias: Record<string, number>,
  spec: string,
): Promise<Record<string, number> | undefined> {
  const entries = Object.entries(bias);
  if (entries.length === 0) return undefined;
  const signal = AbortSignal.timeout(30_000);
  const out: Record<string, number> = {};
  try {
    const anchor = await server.tokenize('\n', false, signal);
    for (const [text, value] of entries) {
      const withAnchor = await server.tokenize(`\n${text}`, false, signal);
      const ids = anchor.every((a, i) => withAnchor[i] === a)
        ? withAnchor.slice(anchor.length)
        : await server.tokenize(text, false, signal);
      for (const id of ids) out[String(id)] = value;
    }
  } catch (err) {
    throw new UserError(`${spec}: cannot tokenize options.logitBias on ${server.origin} (${String(err)})`);
  }
  return out;
}
