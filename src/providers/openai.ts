import OpenAI from 'openai';
import { familyOf } from '../budget/families.js';
import { type Translation, translateBudget } from '../budget/translate.js';
import type { ModelConfig } from '../config/schema.js';
import type { StopReason, Usage } from '../core/response.js';
import { type ParsedChat, parseChat, SDK_TIMEOUT_MS } from './chat-parse.js';
import { baseUrls, costUsd, hostedApiKey, modelName, perBaseUrl, RoundRobin } from './common.js';
import { headerGetter, keepingSent, noAnswer, toProviderError, unexpectedBody } from './provider-errors.js';
import { type RateAware, type RateHint, readRateHint } from './rate-hint.js';
import type { GenerateRequest, GenerateResponse, Provider } from './types.js';

export function createOpenAIProvider(model: ModelConfig): Provider & RateAware {
  const clients = new RoundRobin(openaiClients(model));
  const api = model.api ?? 'chat';
  let hint: RateHint | undefined;

  return {
    id: model.id,
    capabilities: {
      budgetControl: familyOf(model.id).kind === 'plain' ? 'prompt' : 'effort',
      returnsReasoningText: api === 'responses',
      returnsReasoningTokens: true,
      simulated: false,
    },
    maxConcurrency: model.maxConcurrency,
    rateHint: () => hint,
    async generate(req: GenerateRequest, signal: AbortSignal): Promise<GenerateResponse> {
      const { body, translation: t } = openaiRequest(model, req);
      return keepingSent(t.params, t.note, async () => {
        const client = clients.pick();
        const started = Date.now();
        let raw: unknown;
        try {
          // Responses go through the plain POST: responses.create post-processes the body with an
          // `in` check that throws a TypeError (unclassifiable, never retried) on a non-JSON answer
          // such as a proxy's HTML page. The body sent and the JSON received are the same.
          const call =
            api === 'responses'
              ? client.post<OpenAI.Responses.Response>('/responses', { body, signal, stream: false })
              : client.chat.completions.create(
                  body as unknown as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming,
                  { signal },
                );
          const { data, response } = await call.withResponse();
          hint = readRateHint(headerGetter(response.headers)) ?? hint;
          raw = data;
        } catch (err) {
          const headers = (err as { headers?: unknown }).headers;
          if (headers) hint = readRateHint(headerGetter(headers)) ?? hint;
          throw toProviderError(err, signal, 'openai');
        }
        const bad = unexpectedBody('openai', raw, api === 'responses' ? 'output' : 'choices');
        if (bad) throw bad;
        return openaiResponse(model, raw, t, Date.now() - started);
      });
    },
  };
}

/** One SDK client per configured base URL (the default endpoint when none). */
export function openaiClients(model: ModelConfig): OpenAI[] {
  const urls = baseUrls(model);
  const apiKey = hostedApiKey(model, ['OPENAI_API_KEY'], urls);
  return perBaseUrl(
    urls,
    (baseURL) =>
      new OpenAI({
        apiKey: apiKey ?? 'none',
        baseURL,
        maxRetries: 0,
        timeout: SDK_TIMEOUT_MS,
        logLevel: 'off',
      }),
  );
}

/**
 * The request body for one request, Chat Completions or Responses per `model.api`. The synchronous
 * call and a batch line send exactly this.
 */
export function openaiRequest(
  model: ModelConfig,
  req: GenerateRequest,
): { body: Record<string, unknown>; translation: Translation } {
  const api = model.api ?? 'chat';
  const translation = translateBudget({
    spec: model.id,
    budget: req.budget,
    maxTokens: req.maxTokens,
    temperature: model.temperature,
    topP: model.topP,
    api,
    options: model.options,
  });
  const body =
    api === 'responses'
      ? {
          model: modelName(model.id),
          instructions: req.system,
          input: req.user,
          store: false,
          ...translation.params,
        }
      : {
          model: modelName(model.id),
          messages: [
            { role: req.systemRole ?? 'system', content: req.system },
            { role: 'user', content: req.user },
          ],
          ...translation.params,
        };
  return { body, translation };
}

/**
 * A response body (Chat Completions or Responses per `model.api`) as a response; shared with batches.
 * A body without an answer throws a retryable ProviderError (see `noAnswer`).
 */
export function openaiResponse(
  model: ModelConfig,
  raw: unknown,
  t: Translation,
  latencyMs: number,
): GenerateResponse {
  const parsed = (model.api ?? 'chat') === 'responses' ? parseResponses(raw) : parseChat(raw);
  if (parsed.missing) throw noAnswer('openai', parsed.missing);
  const usage: Usage =
    parsed.reportedReasoning === undefined
      ? { input: parsed.input, output: parsed.output, reasoning: 0, reasoningSource: 'none' }
      : {
          input: parsed.input,
          output: parsed.output,
          reasoning: parsed.reportedReasoning,
          reasoningSource: 'provider',
        };
  return {
    text: parsed.text,
    reasoningText: parsed.reasoningText,
    usage,
    stopReason: parsed.stopReason,
    latencyMs,
    costUsd: costUsd(model, usage),
    raw,
    sentParams: t.params,
    budgetNote: t.note,
  };
}

/** A Responses API result: message text, reasoning summaries, and `incomplete` as truncation. */
export function parseResponses(response: unknown): ParsedChat {
  const r = response as {
    status?: string;
    incomplete_details?: { reason?: string } | null;
    output?: Array<{
      type?: string;
      content?: Array<{ type?: string; text?: string; refusal?: string }>;
      summary?: Array<{ text?: string }>;
    }>;
    usage?: {
      input_tokens?: number;
      output_tokens?: number;
      output_tokens_details?: { reasoning_tokens?: number };
    };
  };
  let text = '';
  let hasText = false;
  let refused = false;
  const summaries: string[] = [];
  for (const item of r.output ?? []) {
    if (item.type === 'message') {
      for (const part of item.content ?? []) {
        if (part.type === 'output_text' && typeof part.text === 'string') {
          text += part.text;
          hasText = true;
        }
        if (part.type === 'refusal') refused = true;
      }
    } else if (item.type === 'reasoning') {
      for (const s of item.summary ?? []) if (s.text) summaries.push(s.text);
    }
  }
  const reason = r.incomplete_details?.reason;
  const stopReason: StopReason =
    refused || reason === 'content_filter'
      ? 'refusal'
      : r.status === 'incomplete'
        ? reason === 'max_output_tokens'
          ? 'max_tokens'
          : 'other'
        : r.status === 'completed'
          ? 'end'
          : 'other';
  const reported = r.usage?.output_tokens_details?.reasoning_tokens;
  // Output text, even empty, is the model's answer; none at all (and no reasoning or refusal) is not,
  // unless cut at the token limit; a content filter that left no text is not either.
  const said = refused || summaries.length > 0;
  const filtered = reason === 'content_filter' && !text && !said;
  const truncated = r.status === 'incomplete' && reason === 'max_output_tokens';
  const empty = filtered || (!hasText && !said && !truncated);
  return {
    text,
    reasoningText: summaries.length ? summaries.join('\n\n') : undefined,
    stopReason,
    input: r.usage?.input_tokens ?? 0,
    output: r.usage?.output_tokens ?? 0,
    reportedReasoning: typeof reported === 'number' ? reported : undefined,
    missing: !empty
      ? undefined
      : filtered
        ? 'a content filter stopped it before any text'
        : `no output text and no reasoning (status ${r.status ?? 'none'})`,
  };
}
