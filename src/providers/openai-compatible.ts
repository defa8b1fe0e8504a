import { translateBudget } from '../budget/translate.js';
import type { ModelConfig } from '../config/schema.js';
import type { Usage } from '../core/response.js';
import { ProviderError, UserError } from '../util/errors.js';
import { parseChat } from './chat-parse.js';
import { type ChatTransport, chatTransport, type TransportKind } from './chat-transport.js';
import { compatibleServers, costUsd, estimateTokens, modelName, option, RoundRobin } from './common.js';
import { IdleTimeoutError } from './http-json.js';
import { StreamError } from './openai-compatible-stream.js';
import { keepingSent, noAnswer, oneLine, toProviderError, unexpectedBody } from './provider-errors.js';
import { type RateAware, type RateHint, readRateHint } from './rate-hint.js';
import { TokenCounter } from './tokenize.js';
import type { GenerateRequest, GenerateResponse, Provider } from './types.js';

/**
 * OpenAI-compatible chat servers: vLLM, SGLang, llama.cpp's llama-server, Ollama, OpenRouter, DeepSeek,
 * Together. The budget reaches the server per `budgetMode` (see src/budget/compat.ts). Reasoning text
 * comes from `reasoning_content` or `reasoning` (or a `<think>…</think>` block left in the content).
 * Reasoning tokens come from usage when reported, else from the server's own tokenizer
 * (`POST /tokenize`, labelled 'tokenizer'), else from an estimate. Several base URLs are used in turn.
 */
interface Replica {
  client: ChatTransport;
  counter: TokenCounter;
}

export function createOpenAICompatibleProvider(model: ModelConfig): Provider & RateAware {
  const { urls, apiKey } = compatibleServers(model);
  const list: Replica[] = urls.map((baseURL) => ({
    client: chatTransport(transportKind(model), baseURL, apiKey),
    counter: new TokenCounter(baseURL.replace(/\/v1\/?$/, ''), apiKey),
  }));
  const replicas = new RoundRobin(list);
  const mode = model.budgetMode ?? 'prompt';
  const served = option(model, 'model', 'string') ?? modelName(model.id);
  const idleMs = streamIdleMs(model);
  let hint: RateHint | undefined;

  return {
    id: model.id,
    capabilities: {
      budgetControl:
        mode === 'vllm' || mode === 'llamacpp' ? 'tokens' : mode === 'prompt' ? 'prompt' : 'none',
      returnsReasoningText: true,
      returnsReasoningTokens: false,
      simulated: false,
    },
    maxConcurrency: model.maxConcurrency,
    rateHint: () => hint,
    async close() {
      for (const r of list) r.client.close();
    },
    async generate(req: GenerateRequest, signal: AbortSignal): Promise<GenerateResponse> {
      const t = translateBudget({
        spec: model.id,
        budget: req.budget,
        maxTokens: req.maxTokens,
        temperature: model.temperature,
        topP: model.topP,
        budgetMode: mode,
        options: model.options,
      });
      const messages: Array<{ role: 'system' | 'user' | 'assistant'; content: string }> = [
        { role: 'system', content: req.system },
        { role: 'user', content: req.user },
      ];
      if (t.prefill !== undefined) messages.push({ role: 'assistant', content: t.prefill });
      const sent = { ...t.params, seed: req.seed };
      const sentParams = t.prefill === undefined ? sent : { ...sent, prefill: t.prefill };
      return keepingSent(sentParams, t.note, async () => {
        const replica = replicas.pick();
        const started = Date.now();
        let raw: unknown;
        let rawText: string | undefined;
        try {
          const body = { model: served, messages, ...sent };
          if (idleMs !== undefined && replica.client.stream) {
            const res = await replica.client.stream({ ...body, ...STREAM_PARAMS }, signal, idleMs);
            hint = readRateHint(res.headers) ?? hint;
            // The transport flag, as the Anthropic provider marks a streamed message: nothing else differs.
            raw = { ...res.data, streamed: true };
          } else {
            const res = await replica.client.create(body, signal);
            hint = readRateHint(res.headers) ?? hint;
            raw = res.data;
            rawText = res.text;
          }
        } catch (err) {
          if (err instanceof IdleTimeoutError) throw new ProviderError(err.message, 'timeout', true);
          if (err instanceof StreamError)
            throw new ProviderError(
              oneLine(`${model.id}: unreadable stream: ${err.message}`),
              'bad_response',
              true,
            );
          throw toProviderError(err, signal, model.id);
        }
        const bad = unexpectedBody(model.id, raw, 'choices');
        if (bad) throw bad;
        const latencyMs = Date.now() - started;
        const chat = parseChat(raw);
        if (chat.missing) throw noAnswer(model.id, chat.missing);
        // With thinking turned off, a stray `</think>` belongs to the answer: nothing to split.
        const thinkingOff =
          req.budget === 0 && (t.prefill !== undefined || 'chat_template_kwargs' in t.params);
        const parsed = thinkingOff ? chat : splitThink(chat);
        const usage = await reasoningUsage(parsed, replica.counter, signal);
        return {
          text: parsed.text,
          reasoningText: parsed.reasoningText,
          usage,
          stopReason: parsed.stopReason,
          latencyMs,
          costUsd: costUsd(model, usage),
          raw,
          rawText,
          sentParams,
          budgetNote: t.note,
        };
      });
    },
  };
}

/** Asked of a streaming server: the usage in a last chunk (OpenAI's and vLLM's `include_usage`). */
const STREAM_PARAMS = { stream: true, stream_options: { include_usage: true } };

/** Idle time allowed between two pieces of a stream (`options.streamIdleSeconds`, default 300 s). */
const DEFAULT_STREAM_IDLE_SECONDS = 300;

/**
 * `options.stream: true` → the idle limit in ms between two pieces of the answer; undefined when the
 * model is not streamed. Streaming needs the http client (the default): the SDK's stream is not wired.
 */
function streamIdleMs(model: ModelConfig): number | undefined {
  const stream = model.options?.stream;
  const idle = model.options?.streamIdleSeconds;
  if (stream !== undefined && typeof stream !== 'boolean')
    throw new UserError(`${model.id}: options.stream must be true or false, got ${JSON.stringify(stream)}`);
  if (idle !== undefined && (typeof idle !== 'number' || !(idle > 0) || idle > 86_400))
    throw new UserError(
      `${model.id}: options.streamIdleSeconds must be a number of seconds above 0 and at most 86400, got ${JSON.stringify(idle)}`,
    );
  if (stream !== true) return undefined;
  if (transportKind(model) === 'sdk')
    throw new UserError(`${model.id}: options.stream needs the default http client, not client: 'sdk'`);
  return (idle ?? DEFAULT_STREAM_IDLE_SECONDS) * 1000;
}

/** `options.client`: 'http' (lean keep-alive client, the default) or 'sdk' (the official openai SDK). */
function transportKind(model: ModelConfig): TransportKind {
  const v = model.options?.client;
  if (v === undefined || v === 'http' || v === 'sdk') return v ?? 'http';
  throw new UserError(`${model.id}: options.client must be 'http' or 'sdk', got ${JSON.stringify(v)}`);
}

/** Servers started without a reasoning parser leave `<think>…</think>` in the content: split it off. */
export function splitThink(p: ReturnType<typeof parseChat>): ReturnType<typeof parseChat> {
  if (p.reasoningText !== undefined) return p;
  const end = p.text.indexOf('</think>');
  if (end < 0) return p;
  const reasoning = p.text
    .slice(0, end)
    .replace(/^\s*<think>/, '')
    .trim();
  return {
    ...p,
    reasoningText: reasoning || undefined,
    text: p.text.slice(end + '</think>'.length).trimStart(),
  };
}

async function reasoningUsage(
  p: ReturnType<typeof parseChat>,
  counter: TokenCounter,
  signal: AbortSignal,
): Promise<Usage> {
  const base = { input: p.input, output: p.output };
  const text = p.reasoningText ?? '';
  // Some servers report 0 reasoning tokens while returning reasoning text: trust the text then.
  if (p.reportedReasoning !== undefined && (p.reportedReasoning > 0 || !text)) {
    return { ...base, reasoning: p.reportedReasoning, reasoningSource: 'provider' };
  }
  if (!text) return { ...base, reasoning: 0, reasoningSource: 'none' };
  const counted = await counter.count(text, signal);
  if (counted !== undefined) return { ...base, reasoning: counted, reasoningSource: 'tokenizer' };
  return { ...base, reasoning: estimateTokens(text), reasoningSource: 'estimate' };
}
