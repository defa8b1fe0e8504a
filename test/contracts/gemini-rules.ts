import type { IncomingHttpHeaders } from 'node:http';

/**
 * Gemini's generateContent request rules, written from Google's documentation, not from our client.
 * Each rule names its source:
 *
 * - [REST] ai.google.dev/api/generate-content (official): GenerateContentRequest, GenerationConfig
 *   and ThinkingConfig fields; unknown fields are refused by the JSON parser ("Invalid JSON payload
 *   received. Unknown name …: Cannot find field.", the protobuf message as commonly reported).
 * - [THINKING] ai.google.dev/gemini-api/docs/thinking (official): thinkingBudget ranges per 2.5
 *   model (Pro 128–32768 and cannot turn thinking off; Flash 0–24576; Flash-Lite 512–24576 or 0;
 *   -1 dynamic), thinkingLevel for Gemini 3 (Pro low/high, Flash minimal/low/medium/high);
 *   firebase.google.com/docs/ai-logic (official): "An error will be thrown if you set a thinking
 *   budget for a model that does not support this feature or if the specified budget is not within
 *   the model's supported range."
 * - [BOTH] thinkingBudget and thinkingLevel in one request are a 400: secondary (hexdocs gemini_ex,
 *   github.com/Tom-Ryder/AgentRunKit#7), both quoting Google's Gemini 3 guide.
 * - [INCLUDE-THOUGHTS] includeThoughts with thinking off: reported refused by Vertex AI (issue 16's
 *   report; secondary). Enforced here on purpose, so that no request depends on the Gemini API
 *   tolerating what Vertex AI refuses.
 * - [DEPRECATIONS] ai.google.dev/gemini-api/docs/deprecations (official): gemini-3-pro-preview shut
 *   down 2026-03-09 ("completely turned off, and the endpoint is no longer available"); 2.5 Pro and
 *   2.5 Flash shut down 2026-12-01, their requests routed to Gemini 3 models (aideprecations.com's
 *   copy of the page). This server refuses those too: a sweep must never change model silently.
 * - [ERRORS] ai.google.dev/gemini-api/docs/troubleshooting (official): `{error: {code, message,
 *   status}}`, 400 INVALID_ARGUMENT, 403 PERMISSION_DENIED, 404 NOT_FOUND.
 * - [INFERRED] no primary source found; inferred and labelled where used.
 */

export interface Refusal {
  code: number;
  status: string;
  message: string;
}

const invalid = (message: string): Refusal => ({ code: 400, status: 'INVALID_ARGUMENT', message });

type Level = 'minimal' | 'low' | 'medium' | 'high';
interface GeminiModel {
  maxOutput: number;
  /** 2.5: thinkingBudget range; `off` when 0 turns thinking off. */
  budget?: { min: number; max: number; off: boolean };
  /** 3 and later: thinkingLevel values. */
  levels?: Level[];
}

const FLASH_LEVELS: Level[] = ['minimal', 'low', 'medium', 'high'];
/** Served models ([THINKING]; output limits 65,536 per the model pages as recalled). */
const MODELS: Record<string, GeminiModel> = {
  'gemini-2.5-flash-lite': { maxOutput: 65_536, budget: { min: 512, max: 24_576, off: true } },
  // [INFERRED] 3.1 Pro adds `medium` to 3 Pro's low/high.
  'gemini-3.1-pro-preview': { maxOutput: 65_536, levels: ['low', 'medium', 'high'] },
  'gemini-3-flash-preview': { maxOutput: 65_536, levels: FLASH_LEVELS },
  'gemini-3.1-flash-lite': { maxOutput: 65_536, levels: FLASH_LEVELS },
  'gemini-3.1-flash-lite-preview': { maxOutput: 65_536, levels: FLASH_LEVELS },
  'gemini-3.5-flash': { maxOutput: 65_536, levels: FLASH_LEVELS },
  'gemini-3.5-flash-lite': { maxOutput: 65_536, levels: FLASH_LEVELS },
  'gemini-3.6-flash': { maxOutput: 65_536, levels: FLASH_LEVELS },
  'gemini-3.7-flash': { maxOutput: 65_536, levels: FLASH_LEVELS },
  'gemini-3.8-flash': { maxOutput: 65_536, levels: FLASH_LEVELS },
};
/** [DEPRECATIONS] */
const SHUT_DOWN = ['gemini-3-pro-preview', 'gemini-2.5-pro', 'gemini-2.5-flash'];

/** [REST] GenerateContentRequest body fields. */
const REQUEST_FIELDS = [
  'contents',
  'tools',
  'toolConfig',
  'safetySettings',
  'systemInstruction',
  'generationConfig',
  'cachedContent',
];
/** [REST] GenerationConfig fields. */
const CONFIG_FIELDS = [
  'stopSequences',
  'responseMimeType',
  'responseSchema',
  'responseJsonSchema',
  'responseModalities',
  'candidateCount',
  'maxOutputTokens',
  'temperature',
  'topP',
  'topK',
  'seed',
  'presencePenalty',
  'frequencyPenalty',
  'responseLogprobs',
  'logprobs',
  'enableEnhancedCivicAnswers',
  'speechConfig',
  'thinkingConfig',
  'imageConfig',
  'mediaResolution',
];
const THINKING_FIELDS = ['includeThoughts', 'thinkingBudget', 'thinkingLevel'];

type Body = Record<string, unknown>;
const isObject = (v: unknown): v is Body => v !== null && typeof v === 'object' && !Array.isArray(v);

function unknownField(obj: Body, allowed: string[], at: string): Refusal | undefined {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) {
      return invalid(
        `Invalid JSON payload received. Unknown name "${k}"${at ? ` at '${at}'` : ''}: Cannot find field.`,
      );
    }
  }
  return undefined;
}

/** [ERRORS] the key in `x-goog-api-key` (or `?key=`). */
export function checkAuth(headers: IncomingHttpHeaders, path: string): Refusal | undefined {
  if (headers['x-goog-api-key'] || /[?&]key=/.test(path)) return undefined;
  return {
    code: 403,
    status: 'PERMISSION_DENIED',
    message:
      "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
  };
}

/** `POST /v1beta/models/{model}:generateContent`: undefined when the API would take it. */
export function checkGenerateContent(modelName: string, body: unknown): Refusal | undefined {
  const model = SHUT_DOWN.includes(modelName) ? undefined : MODELS[modelName];
  if (!model) {
    return {
      code: 404,
      status: 'NOT_FOUND',
      message: `models/${modelName} is not found for API version v1beta, or is not supported for generateContent.`,
    };
  }
  if (!isObject(body)) return invalid('Invalid JSON payload received.');
  const extra = unknownField(body, REQUEST_FIELDS, '');
  if (extra) return extra;
  const contents = body.contents;
  if (!Array.isArray(contents) || contents.length === 0)
    return invalid('* GenerateContentRequest.contents: contents is not specified');
  for (const c of contents) {
    if (
      !isObject(c) ||
      !Array.isArray(c.parts) ||
      (c.role !== undefined && c.role !== 'user' && c.role !== 'model')
    ) {
      return invalid(
        '* GenerateContentRequest.contents: each content needs parts and a role of user or model',
      );
    }
  }
  if (
    body.systemInstruction !== undefined &&
    !(isObject(body.systemInstruction) && Array.isArray(body.systemInstruction.parts))
  ) {
    return invalid('* GenerateContentRequest.system_instruction: parts is not specified');
  }
  const cfg = body.generationConfig;
  if (cfg === undefined) return undefined;
  if (!isObject(cfg)) return invalid('Invalid JSON payload received. generation_config: expected an object.');
  return unknownField(cfg, CONFIG_FIELDS, 'generation_config') ?? checkConfig(cfg, model, modelName);
}

function checkConfig(cfg: Body, model: GeminiModel, name: string): Refusal | undefined {
  const t = cfg.temperature;
  if (t !== undefined && (typeof t !== 'number' || t < 0 || t > 2))
    return invalid('* GenerateContentRequest.generation_config.temperature: must be in [0.0, 2.0]');
  const p = cfg.topP;
  if (p !== undefined && (typeof p !== 'number' || p <= 0 || p > 1))
    return invalid('* GenerateContentRequest.generation_config.top_p: must be in (0.0, 1.0]');
  const max = cfg.maxOutputTokens;
  if (
    max !== undefined &&
    (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > model.maxOutput)
  ) {
    return invalid(
      `The output token count ${String(max)} is out of range for ${name}: it must be 1–${model.maxOutput}.`,
    );
  }
  const thinking = cfg.thinkingConfig;
  if (thinking === undefined) return undefined;
  if (!isObject(thinking))
    return invalid('Invalid JSON payload received. thinking_config: expected an object.');
  return (
    unknownField(thinking, THINKING_FIELDS, 'generation_config.thinking_config') ??
    checkThinking(thinking, model, name)
  );
}

function checkThinking(t: Body, model: GeminiModel, name: string): Refusal | undefined {
  const budget = t.thinkingBudget;
  const level = t.thinkingLevel;
  // [BOTH]
  if (budget !== undefined && level !== undefined) {
    return invalid('thinking_budget and thinking_level cannot both be set: use one.');
  }
  if (level !== undefined) {
    if (!model.levels) return invalid(`Thinking level is not supported for ${name}.`); // [INFERRED] for 2.5
    if (!model.levels.includes(level as Level))
      return invalid(`Thinking level ${String(level)} is not supported for ${name}.`);
  }
  if (budget !== undefined) {
    // [THINKING] Gemini 3 models still take a budget for compatibility; only the 2.5 ranges are checked.
    const range = model.budget;
    if (typeof budget !== 'number' || !Number.isInteger(budget))
      return invalid('thinking_budget must be an integer.');
    if (
      range &&
      budget !== -1 &&
      !(budget === 0 && range.off) &&
      (budget < range.min || budget > range.max)
    ) {
      return invalid(
        `The thinking budget ${budget} is invalid. Please choose a value between ${range.min} and ${range.max}.`,
      );
    }
  }
  // [INCLUDE-THOUGHTS]
  if (t.includeThoughts === true && budget === 0) {
    return invalid('include_thoughts is only enabled when thinking is enabled.');
  }
  return undefined;
}

/** [ERRORS] the documented error body. */
export function errorBody(r: Refusal): Record<string, unknown> {
  return { error: { code: r.code, message: r.message, status: r.status } };
}
