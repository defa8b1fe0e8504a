import { familyOf } from '../budget/families.js';
import { translateBudget } from '../budget/translate.js';
import type { ModelConfig } from '../config/schema.js';
import type { StopReason, Usage } from '../core/response.js';
import { baseUrls, costUsd, hostedApiKey, modelName, RoundRobin } from './common.js';
import {
  headerGetter,
  httpError,
  keepingSent,
  noAnswer,
  oneLine,
  toProviderError,
  unexpectedBody,
} from './provider-errors.js';
import { type RateAware, type RateHint, readRateHint } from './rate-hint.js';
import type { GenerateRequest, GenerateResponse, Provider } from './types.js';

/**
 * Gemini through the REST `generateContent` endpoint with plain fetch. The official @google/genai SDK
 * is not used: it would be a new dependency for one POST whose shape is small and stable, and with
 * fetch we keep full control of the AbortSignal, of retries (none: the runner retries) and of the
 * response headers. The key goes in the `x-goog-api-key` header, never in the URL.
 */
export const GEMINI_BASE_URL = 'https://generativelanguage.googleapis.com';

interface Part {
  text?: string;
  thought?: boolean;
}
interface GeminiResponse {
  candidates?: Array<{ content?: { parts?: Part[] }; finishReason?: string }>;
  promptFeedback?: { blockReason?: string };
  usageMetadata?: {
    promptTokenCount?: number;
    candidatesTokenCount?: number;
    thoughtsTokenCount?: number;
  };
}

export function createGoogleProvider(model: ModelConfig): Provider & RateAware {
  const urls = baseUrls(model);
  const apiKey = hostedApiKey(model, ['GEMINI_API_KEY', 'GOOGLE_API_KEY'], urls);
  const bases = new RoundRobin((urls.length ? urls : [GEMINI_BASE_URL]).map((u) => u.replace(/\/+$/, '')));
  let hint: RateHint | undefined;

  return {
    id: model.id,
    capabilities: {
      budgetControl: controlOf(model.id),
      returnsReasoningText: true,
      returnsReasoningTokens: true,
      simulated: false,
    },
    maxConcurrency: model.maxConcurrency,
    rateHint: () => hint,
    async generate(req: GenerateRequest, signal: AbortSignal): Promise<GenerateResponse> {
      const t = translateBudget({
        spec: model.id,
        budget: req.budget,
        maxTokens: req.maxTokens,
        temperature: model.temperature,
        topP: model.topP,
        options: model.options,
      });
      const generationConfig = { ...(t.params.generationConfig as Record<string, unknown>), seed: req.seed };
      const sentParams = { generationConfig };
      const body = {
        systemInstruction: { parts: [{ text: req.system }] },
        contents: [{ role: 'user', parts: [{ text: req.user }] }],
        generationConfig,
      };
      const url = `${bases.pick()}/v1beta/models/${encodeURIComponent(modelName(model.id))}:generateContent`;
      return keepingSent(sentParams, t.note, async () => {
        const started = Date.now();
        let data: unknown;
        try {
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(apiKey ? { 'x-goog-api-key': apiKey } : {}) },
            body: JSON.stringify(body),
            signal,
          });
          hint = readRateHint(headerGetter(res.headers)) ?? hint;
          const text = await res.text();
          if (!res.ok) throw httpError('google', res.status, errorDetail(text), headerGetter(res.headers));
          data = parseJson(text);
        } catch (err) {
          throw toProviderError(err, signal, 'google');
        }
        // A 200 that is not a generateContent body (a proxy's page, an error object) is an error too;
        // a blocked prompt comes without candidates, which answerParts says.
        const blocked = typeof data === 'object' && data !== null && 'promptFeedback' in data;
        const bad = blocked ? undefined : unexpectedBody('google', data, 'candidates');
        if (bad) throw bad;
        const r = data as GeminiResponse;
        const parts = answerParts(r);
        const thoughts = parts.filter((p) => p.thought).map((p) => p.text ?? '');
        const usage = usageOf(r);
        return {
          text: parts
            .filter((p) => !p.thought)
            .map((p) => p.text ?? '')
            .join(''),
          reasoningText: thoughts.length ? thoughts.join('\n\n') : undefined,
          usage,
          stopReason: stopReasonOf(r),
          latencyMs: Date.now() - started,
          costUsd: costUsd(model, usage),
          raw: data,
          sentParams,
          budgetNote: t.note,
        };
      });
    },
  };
}

/** The body as JSON; a body that is not JSON is handed on as text, which `unexpectedBody` refuses. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The first candidate's parts. No candidate (a blocked prompt among others), one without a text part
 * or a thought that did not stop at MAX_TOKENS, or a safety stop that left no text, is no answer.
 * A text part, even empty, is the model's.
 */
function answerParts(r: GeminiResponse): Part[] {
  const c = r.candidates?.[0];
  if (!c) {
    const blocked = r.promptFeedback?.blockReason;
    throw noAnswer('google', blocked ? `no candidates (prompt blocked: ${blocked})` : 'no candidates');
  }
  const parts = c.content?.parts ?? [];
  const thought = parts.some((p) => p.thought);
  if (stopReasonOf(r) === 'refusal' && !parts.some((p) => p.text && !p.thought) && !thought) {
    throw noAnswer('google', `a ${c.finishReason} stop before any text`);
  }
  if (!parts.some((p) => typeof p.text === 'string') && !thought && c.finishReason !== 'MAX_TOKENS') {
    throw noAnswer('google', `no text and no thoughts (finishReason ${c.finishReason ?? 'none'})`);
  }
  return parts;
}

/** Thought tokens are billed as output but reported apart from `candidatesTokenCount`. */
export function usageOf(data: GeminiResponse): Usage {
  const u = data.usageMetadata ?? {};
  const thoughts = u.thoughtsTokenCount;
  const output = (u.candidatesTokenCount ?? 0) + (thoughts ?? 0);
  return {
    input: u.promptTokenCount ?? 0,
    output,
    reasoning: thoughts ?? 0,
    reasoningSource: thoughts === undefined ? 'none' : 'provider',
  };
}

function stopReasonOf(data: GeminiResponse): StopReason {
  if (data.promptFeedback?.blockReason) return 'refusal';
  const r = data.candidates?.[0]?.finishReason;
  if (r === 'STOP') return 'end';
  if (r === 'MAX_TOKENS') return 'max_tokens';
  if (
    r === 'SAFETY' ||
    r === 'PROHIBITED_CONTENT' ||
    r === 'RECITATION' ||
    r === 'BLOCKLIST' ||
    r === 'SPII'
  ) {
    return 'refusal';
  }
  return 'other';
}

function errorDetail(body: string): string {
  try {
    const e = JSON.parse(body) as { error?: { message?: string; status?: string } };
    if (e.error?.message) return `${e.error.status ?? ''} ${e.error.message}`.trim();
  } catch {
    // not JSON: fall through to the raw text
  }
  return oneLine(body, 200);
}

function controlOf(spec: string): 'tokens' | 'effort' | 'prompt' {
  const kind = familyOf(spec).kind;
  return kind === 'gemini-budget' ? 'tokens' : kind === 'gemini-level' ? 'effort' : 'prompt';
}
