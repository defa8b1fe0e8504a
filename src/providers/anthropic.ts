import Anthropic from '@anthropic-ai/sdk';
import { familyOf } from '../budget/families.js';
import { type Translation, translateBudget } from '../budget/translate.js';
import type { ModelConfig } from '../config/schema.js';
import type { StopReason, Usage } from '../core/response.js';
import { assembleStream } from './anthropic-stream.js';
import { SDK_TIMEOUT_MS } from './chat-parse.js';
import {
  baseUrls,
  costUsd,
  estimateTokens,
  hostedApiKey,
  modelName,
  option,
  perBaseUrl,
  RoundRobin,
} from './common.js';
import { headerGetter, keepingSent, noAnswer, toProviderError, unexpectedBody } from './provider-errors.js';
import { type RateAware, type RateHint, readRateHint } from './rate-hint.js';
import type { GenerateRequest, GenerateResponse, Provider } from './types.js';

/**
 * The SDK refuses non-streaming requests it expects to run over ten minutes: 60 min × max_tokens /
 * 128000 > 10 min, i.e. max_tokens above 21333. Above that we stream and collect the final message.
 */
export const STREAM_ABOVE_MAX_TOKENS = 21_333;

interface Block {
  type: string;
  text?: string;
  thinking?: string;
}

export function createAnthropicProvider(model: ModelConfig): Provider & RateAware {
  sdkWarningsOnce();
  const clients = new RoundRobin(anthropicClients(model));
  const forceStream = option(model, 'stream', 'boolean');
  let hint: RateHint | undefined;

  return {
    id: model.id,
    capabilities: {
      budgetControl: familyOf(model.id).kind === 'anthropic-adaptive' ? 'effort' : 'tokens',
      returnsReasoningText: true,
      returnsReasoningTokens: true,
      simulated: false,
    },
    maxConcurrency: model.maxConcurrency,
    rateHint: () => hint,
    async generate(req: GenerateRequest, signal: AbortSignal): Promise<GenerateResponse> {
      const { body, translation: t } = anthropicRequest(model, req);
      return keepingSent(t.params, t.note, async () => {
        const streaming = forceStream ?? t.maxTokens > STREAM_ABOVE_MAX_TOKENS;
        const client = clients.pick();
        const started = Date.now();
        let message: Anthropic.Message;
        try {
          if (streaming) {
            // The raw events, assembled here rather than by the SDK's MessageStream, which copies the
            // block on every delta (anthropic-stream.ts). The body is the documented `stream: true`.
            const { data: events, response } = await client.messages
              .create({ ...body, stream: true }, { signal })
              .withResponse();
            hint = readRateHint(headerGetter(response.headers)) ?? hint;
            message = await assembleStream(events);
          } else {
            const { data, response } = await client.messages.create(body, { signal }).withResponse();
            hint = readRateHint(headerGetter(response.headers)) ?? hint;
            message = data;
          }
        } catch (err) {
          const e = toProviderError(err, signal, 'anthropic');
          const headers = (err as { headers?: unknown }).headers;
          if (headers) hint = readRateHint(headerGetter(headers)) ?? hint;
          throw e;
        }
        const bad = unexpectedBody('anthropic', message, 'content');
        if (bad) throw bad;
        // Stored as received: redacted_thinking blocks stay in `content`.
        const raw = streaming ? { ...message, streamed: true } : message;
        return anthropicResponse(model, message, t, Date.now() - started, raw);
      });
    },
  };
}

/**
 * The SDK calls console.warn on every request to a deprecated model (and on `thinking.type: enabled`
 * for some), so a sweep of thousands of requests floods stderr with one identical line each. Each of
 * those warnings is shown once per process instead; every other console.warn passes through.
 */
let sdkWarningFilter = false;
function sdkWarningsOnce(): void {
  if (sdkWarningFilter) return;
  sdkWarningFilter = true;
  const seen = new Set<string>();
  const warn = console.warn.bind(console);
  console.warn = (...args: unknown[]) => {
    const first = typeof args[0] === 'string' ? args[0] : '';
    if (/^The model '[^']*' is deprecated|^Using Claude with /.test(first)) {
      if (seen.has(first)) return;
      seen.add(first);
    }
    warn(...args);
  };
}

/** One SDK client per configured base URL (the default endpoint when none). */
export function anthropicClients(model: ModelConfig): Anthropic[] {
  const urls = baseUrls(model).map((u) => u.replace(/\/v1\/?$/, ''));
  const apiKey = hostedApiKey(model, ['ANTHROPIC_API_KEY'], urls);
  return perBaseUrl(
    urls,
    (baseURL) =>
      new Anthropic({
        apiKey: apiKey ?? 'none',
        authToken: null,
        baseURL,
        maxRetries: 0,
        timeout: SDK_TIMEOUT_MS,
        logLevel: 'off',
      }),
  );
}

/**
 * The Messages API body for one request. The synchronous call and a batch entry send exactly this
 * (streaming adds only the transport flag).
 */
export function anthropicRequest(
  model: ModelConfig,
  req: GenerateRequest,
): { body: Anthropic.MessageCreateParamsNonStreaming; translation: Translation } {
  const translation = translateBudget({
    spec: model.id,
    budget: req.budget,
    maxTokens: req.maxTokens,
    temperature: model.temperature,
    topP: model.topP,
    options: model.options,
  });
  const body = {
    model: modelName(model.id),
    system: req.system,
    messages: [{ role: 'user' as const, content: req.user }],
    ...translation.params,
  } as Anthropic.MessageCreateParamsNonStreaming;
  return { body, translation };
}

/**
 * A Messages API message as a response (shared by the synchronous and the batch path). A message with
 * no text block and no thinking that did not stop at max_tokens (`content: []`), or a refusal that
 * left no text, throws a retryable ProviderError (see `noAnswer`). A text block, even empty, is the
 * model's answer.
 */
export function anthropicResponse(
  model: ModelConfig,
  message: Anthropic.Message,
  t: Translation,
  latencyMs: number,
  raw: unknown = message,
): GenerateResponse {
  const blocks = message.content as Block[];
  const thought = blocks.some((b) => b.type === 'thinking' || b.type === 'redacted_thinking');
  const answered = blocks.some((b) => b.type === 'text' && typeof b.text === 'string');
  const spoke = blocks.some((b) => b.type === 'text' && b.text);
  if (message.stop_reason === 'refusal' && !spoke && !thought) {
    throw noAnswer('anthropic', 'a refusal stopped it before any text');
  }
  if (!answered && !thought && message.stop_reason !== 'max_tokens') {
    throw noAnswer('anthropic', `no text and no thinking (stop_reason ${message.stop_reason ?? 'none'})`);
  }
  const usage = usageOf(message);
  return {
    text: blocks
      .filter((b) => b.type === 'text')
      .map((b) => b.text ?? '')
      .join(''),
    reasoningText: thinkingText(blocks),
    usage,
    stopReason: stopReasonOf(message.stop_reason),
    latencyMs,
    costUsd: costUsd(model, usage),
    raw,
    sentParams: t.params,
    budgetNote: t.note,
  };
}

function thinkingText(blocks: Block[]): string | undefined {
  const parts = blocks.filter((b) => b.type === 'thinking').map((b) => b.thinking ?? '');
  return parts.length ? parts.join('\n\n') : undefined;
}

/**
 * Reasoning tokens: `usage.output_tokens_details.thinking_tokens` when the API reports it ('provider').
 * Otherwise, when the response thought, an estimate: output tokens minus the visible answer's estimated
 * size, and never less than the visible (possibly summarised) thinking's estimated size ('estimate').
 */
export function usageOf(message: Anthropic.Message): Usage {
  const u = message.usage ?? ({} as Partial<Anthropic.Usage>);
  const input =
    (u.input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0);
  const output = u.output_tokens ?? 0;
  const reported = u.output_tokens_details?.thinking_tokens;
  if (typeof reported === 'number')
    return { input, output, reasoning: reported, reasoningSource: 'provider' };
  const blocks = message.content as Block[];
  const thought = blocks.some((b) => b.type === 'thinking' || b.type === 'redacted_thinking');
  if (!thought) return { input, output, reasoning: 0, reasoningSource: 'none' };
  const answer = estimateTokens(
    blocks
      .filter((b) => b.type === 'text')
      .map((b) => b.text ?? '')
      .join(''),
  );
  const visible = estimateTokens(thinkingText(blocks) ?? '');
  const reasoning = Math.min(output, Math.max(visible, output - answer));
  return { input, output, reasoning, reasoningSource: 'estimate' };
}

function stopReasonOf(r: string | null): StopReason {
  if (r === 'end_turn' || r === 'stop_sequence') return 'end';
  if (r === 'max_tokens' || r === 'model_context_window_exceeded') return 'max_tokens';
  if (r === 'refusal') return 'refusal';
  return 'other';
}
