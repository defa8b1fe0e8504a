import type { IncomingHttpHeaders } from 'node:http';

/**
 * OpenAI's request rules for Chat Completions, Responses and Batch, written from OpenAI's documentation
 * and SDK, not from our client. Each rule names its source:
 *
 * - [SDK] openai 6.49.0 (official): resources/chat/completions/completions.d.ts
 *   ChatCompletionCreateParamsBase (the body fields; `max_tokens` "is not compatible with o-series
 *   models"), resources/responses/responses.d.ts ResponseCreateParamsBase, resources/shared.d.ts
 *   ReasoningEffort ("Not all reasoning models support every value"), resources/batches.d.ts
 *   BatchCreateParams (endpoints, `completion_window`, up to 50,000 requests and 200 MB per file,
 *   16 metadata pairs, keys ≤ 64 and values ≤ 512 characters).
 * - [REASONING] platform.openai.com/docs/guides/reasoning and the model pages (official), as recalled
 *   and as the SDK's earlier ReasoningEffort comments listed them: which effort values each model
 *   takes (o-series low/medium/high; gpt-5 adds minimal; gpt-5.1 none instead of minimal; gpt-5-pro
 *   high only; xhigh from gpt-5.2). [INFERRED] for gpt-5.4 and later, where no page was read.
 * - [SAMPLING] OpenAI's reasoning-model rules, as reported (AIHubMix's GPT-6 migration notes quoting
 *   OpenAI, and the long-standing o-series error text): reasoning models refuse temperature and
 *   top_p other than 1, except GPT-5.1 and later at effort `none`.
 * - [BATCH] platform.openai.com/docs/guides/batch (official): a JSONL line is `{custom_id, method,
 *   url, body}`; each file holds requests to one model and one endpoint; custom_id is unique. A file
 *   that breaks these fails the batch at validation; a line whose body the endpoint refuses comes back
 *   in the error file with its status (the shape our client reads, as documented).
 * - [DEPRECATIONS] developers.openai.com/api/docs/deprecations: shut-down models fail.
 * - [ERRORS] the documented error body `{error: {message, type, param, code}}`; the messages are
 *   OpenAI's as commonly reported (unrecognized argument, unsupported parameter or value).
 */

export interface Refusal {
  status: number;
  message: string;
  type?: string;
  param?: string | null;
  code?: string | null;
}

const invalid = (message: string, param: string | null = null, code: string | null = null): Refusal => ({
  status: 400,
  message,
  type: 'invalid_request_error',
  param,
  code,
});

type Effort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';

interface OpenAIModel {
  maxOutput: number;
  /** Effort values taken; undefined for a model without reasoning. */
  efforts?: Effort[];
}

const O_SERIES: Effort[] = ['low', 'medium', 'high'];
/** Models served today ([SDK] ChatModel names; limits from the model pages as recalled). */
const MODELS: Record<string, OpenAIModel> = {
  // Deprecated (shut down 2026-12-11) but still served.
  o3: { maxOutput: 100_000, efforts: O_SERIES },
  'o3-pro': { maxOutput: 100_000, efforts: O_SERIES },
  'gpt-5': { maxOutput: 128_000, efforts: ['minimal', 'low', 'medium', 'high'] },
  'gpt-5-mini': { maxOutput: 128_000, efforts: ['minimal', 'low', 'medium', 'high'] },
  'gpt-5-nano': { maxOutput: 128_000, efforts: ['minimal', 'low', 'medium', 'high'] },
  'gpt-5-pro': { maxOutput: 272_000, efforts: ['high'] },
  'gpt-5.1': { maxOutput: 128_000, efforts: ['none', 'low', 'medium', 'high'] },
  'gpt-5.2': { maxOutput: 128_000, efforts: ['none', 'low', 'medium', 'high', 'xhigh'] },
  'gpt-5.2-pro': { maxOutput: 128_000, efforts: ['medium', 'high', 'xhigh'] },
  // [INFERRED] later models: the 5.2 set, `max` from 5.6 (the SDK added `max` with them).
  'gpt-5.4': { maxOutput: 128_000, efforts: ['none', 'low', 'medium', 'high', 'xhigh'] },
  'gpt-5.4-mini': { maxOutput: 128_000, efforts: ['none', 'low', 'medium', 'high', 'xhigh'] },
  'gpt-5.4-nano': { maxOutput: 128_000, efforts: ['none', 'low', 'medium', 'high', 'xhigh'] },
  'gpt-5.5': { maxOutput: 128_000, efforts: ['none', 'low', 'medium', 'high', 'xhigh'] },
  'gpt-5.5-pro': { maxOutput: 128_000, efforts: ['medium', 'high', 'xhigh'] },
  'gpt-5.6': { maxOutput: 128_000, efforts: ['none', 'low', 'medium', 'high', 'xhigh', 'max'] },
  'gpt-5.6-sol': { maxOutput: 128_000, efforts: ['none', 'low', 'medium', 'high', 'xhigh', 'max'] },
  'gpt-5.6-terra': { maxOutput: 128_000, efforts: ['none', 'low', 'medium', 'high', 'xhigh', 'max'] },
  'gpt-5.6-luna': { maxOutput: 128_000, efforts: ['none', 'low', 'medium', 'high', 'xhigh', 'max'] },
  // No reasoning: sampling as asked, `max_tokens` allowed, no effort.
  'gpt-4.1': { maxOutput: 32_768 },
  'gpt-4o': { maxOutput: 16_384 },
};

/** [DEPRECATIONS] shut down: o1, o3-mini, o4-mini on 2026-10-23. */
const SHUT_DOWN = ['o1', 'o3-mini', 'o4-mini', 'o1-mini', 'o1-preview', 'gpt-4o-2024-05-13'];

function modelOf(name: unknown): { model?: OpenAIModel; refusal?: Refusal } {
  if (typeof name !== 'string' || !name)
    return { refusal: invalid('you must provide a model parameter', 'model') };
  const id = name.replace(/-\d{4}-\d{2}-\d{2}$/, '');
  const model = SHUT_DOWN.includes(name) || SHUT_DOWN.includes(id) ? undefined : MODELS[id];
  if (!model) {
    return {
      refusal: {
        status: 404,
        message: `The model \`${name}\` does not exist or you do not have access to it.`,
        type: 'invalid_request_error',
        param: null,
        code: 'model_not_found',
      },
    };
  }
  return { model };
}

/** The key travels as `Authorization: Bearer <key>`. */
export function checkAuth(headers: IncomingHttpHeaders): Refusal | undefined {
  if (/^Bearer \S+/.test(String(headers.authorization ?? ''))) return undefined;
  return {
    status: 401,
    message: "You didn't provide an API key. You need to provide your API key in an Authorization header.",
    type: 'invalid_request_error',
  };
}

type Body = Record<string, unknown>;
const isObject = (v: unknown): v is Body => v !== null && typeof v === 'object' && !Array.isArray(v);

/** [SDK] ChatCompletionCreateParamsBase. */
const CHAT_FIELDS = [
  'messages',
  'model',
  'audio',
  'frequency_penalty',
  'function_call',
  'functions',
  'logit_bias',
  'logprobs',
  'max_completion_tokens',
  'max_tokens',
  'metadata',
  'modalities',
  'moderation',
  'n',
  'parallel_tool_calls',
  'prediction',
  'presence_penalty',
  'prompt_cache_key',
  'prompt_cache_options',
  'prompt_cache_retention',
  'reasoning_effort',
  'response_format',
  'safety_identifier',
  'seed',
  'service_tier',
  'stop',
  'store',
  'stream',
  'stream_options',
  'temperature',
  'tool_choice',
  'tools',
  'top_logprobs',
  'top_p',
  'user',
  'verbosity',
  'web_search_options',
];
/** [SDK] ResponseCreateParamsBase. */
const RESPONSES_FIELDS = [
  'background',
  'context_management',
  'conversation',
  'include',
  'input',
  'instructions',
  'max_output_tokens',
  'metadata',
  'model',
  'moderation',
  'parallel_tool_calls',
  'previous_response_id',
  'prompt',
  'prompt_cache_key',
  'prompt_cache_options',
  'prompt_cache_retention',
  'reasoning',
  'safety_identifier',
  'service_tier',
  'store',
  'stream',
  'stream_options',
  'temperature',
  'text',
  'tool_choice',
  'tools',
  'top_logprobs',
  'top_p',
  'truncation',
  'user',
];

function checkEffort(effort: unknown, model: OpenAIModel, name: string, param: string): Refusal | undefined {
  if (effort === undefined || effort === null) return undefined;
  if (!model.efforts) {
    return invalid(
      `Unsupported parameter: '${param}' is not supported with this model.`,
      param,
      'unsupported_parameter',
    );
  }
  if (!model.efforts.includes(effort as Effort)) {
    return invalid(
      `Unsupported value: '${param}' does not support '${String(effort)}' with this model (${name}). Supported values are: ${model.efforts.map((e) => `'${e}'`).join(', ')}.`,
      param,
      'unsupported_value',
    );
  }
  return undefined;
}

/** [SAMPLING] reasoning models take temperature/top_p only at their default, or at effort `none`. */
function checkSampling(body: Body, model: OpenAIModel, effort: unknown): Refusal | undefined {
  if (!model.efforts || effort === 'none') return undefined;
  for (const k of ['temperature', 'top_p']) {
    const v = body[k];
    if (v !== undefined && v !== null && v !== 1) {
      return invalid(
        `Unsupported value: '${k}' does not support ${String(v)} with this model. Only the default (1) value is supported.`,
        k,
        'unsupported_value',
      );
    }
  }
  return undefined;
}

function checkLimit(value: unknown, model: OpenAIModel, param: string, min: number): Refusal | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    return invalid(
      `Invalid '${param}': integer below minimum value. Expected a value >= ${min}.`,
      param,
      'integer_below_min_value',
    );
  }
  if (value > model.maxOutput) {
    return invalid(
      `${param} is too large: ${value}. This model supports at most ${model.maxOutput} completion tokens.`,
      param,
      'invalid_value',
    );
  }
  return undefined;
}

/** A Chat Completions body: undefined when the API would take it. */
export function checkChat(body: unknown): Refusal | undefined {
  if (!isObject(body)) return invalid('We could not parse the JSON body of your request.');
  for (const k of Object.keys(body)) {
    if (!CHAT_FIELDS.includes(k)) return invalid(`Unrecognized request argument supplied: ${k}`);
  }
  const { model, refusal } = modelOf(body.model);
  if (!model) return refusal;
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0)
    return invalid("Invalid 'messages': empty array.", 'messages');
  for (const [i, m] of messages.entries()) {
    if (!isObject(m) || !['system', 'developer', 'user', 'assistant', 'tool'].includes(String(m.role))) {
      return invalid(`Invalid value for 'messages[${i}].role'.`, `messages[${i}].role`);
    }
  }
  // [SDK] max_tokens "is not compatible with o-series models" (nor any reasoning model).
  if (model.efforts && body.max_tokens !== undefined) {
    return invalid(
      "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
      'max_tokens',
      'unsupported_parameter',
    );
  }
  return (
    checkLimit(body.max_completion_tokens, model, 'max_completion_tokens', 1) ??
    checkLimit(body.max_tokens, model, 'max_tokens', 1) ??
    checkEffort(body.reasoning_effort, model, String(body.model), 'reasoning_effort') ??
    checkSampling(body, model, body.reasoning_effort)
  );
}

/** A Responses body: undefined when the API would take it. */
export function checkResponses(body: unknown): Refusal | undefined {
  if (!isObject(body)) return invalid('We could not parse the JSON body of your request.');
  for (const k of Object.keys(body)) {
    if (!RESPONSES_FIELDS.includes(k)) return invalid(`Unknown parameter: '${k}'.`, k, 'unknown_parameter');
  }
  const { model, refusal } = modelOf(body.model);
  if (!model) return refusal;
  if (typeof body.input !== 'string' && !Array.isArray(body.input))
    return invalid("Missing required parameter: 'input'.", 'input');
  if (body.instructions !== undefined && typeof body.instructions !== 'string') {
    return invalid("Invalid type for 'instructions': expected a string.", 'instructions');
  }
  const reasoning = body.reasoning;
  if (reasoning !== undefined && !isObject(reasoning))
    return invalid("Invalid type for 'reasoning'.", 'reasoning');
  for (const k of Object.keys(reasoning ?? {})) {
    if (!['effort', 'summary', 'generate_summary', 'mode'].includes(k)) {
      return invalid(`Unknown parameter: 'reasoning.${k}'.`, `reasoning.${k}`, 'unknown_parameter');
    }
  }
  const effort = reasoning?.effort;
  if (reasoning && !model.efforts) {
    return invalid(
      "Unsupported parameter: 'reasoning' is not supported with this model.",
      'reasoning',
      'unsupported_parameter',
    );
  }
  return (
    // The API reference: max_output_tokens has a minimum of 16.
    checkLimit(body.max_output_tokens, model, 'max_output_tokens', 16) ??
    checkEffort(effort, model, String(body.model), 'reasoning.effort') ??
    checkSampling(body, model, effort)
  );
}

/** [SDK] BatchCreateParams: the create call. */
export function checkBatchCreate(body: unknown): Refusal | undefined {
  if (!isObject(body)) return invalid('We could not parse the JSON body of your request.');
  for (const k of Object.keys(body)) {
    if (!['completion_window', 'endpoint', 'input_file_id', 'metadata', 'output_expires_after'].includes(k)) {
      return invalid(`Unrecognized request argument supplied: ${k}`);
    }
  }
  if (typeof body.input_file_id !== 'string')
    return invalid("Missing required parameter: 'input_file_id'.", 'input_file_id');
  if (body.endpoint !== '/v1/chat/completions' && body.endpoint !== '/v1/responses') {
    // The SDK lists more endpoints; these are the two a chat model's batch can use.
    return invalid(`Invalid value for 'endpoint': ${String(body.endpoint)}.`, 'endpoint');
  }
  if (body.completion_window !== '24h')
    return invalid("Invalid value for 'completion_window': only '24h' is supported.", 'completion_window');
  const meta = body.metadata;
  if (meta !== undefined && meta !== null) {
    if (!isObject(meta) || Object.keys(meta).length > 16)
      return invalid("Invalid 'metadata': at most 16 pairs.", 'metadata');
    for (const [k, v] of Object.entries(meta)) {
      if (k.length > 64 || typeof v !== 'string' || v.length > 512) {
        return invalid(
          "Invalid 'metadata': keys up to 64 and string values up to 512 characters.",
          'metadata',
        );
      }
    }
  }
  return undefined;
}

/**
 * [BATCH] A batch's input file, line by line: why the batch fails validation (every line then fails
 * with it), or undefined. Body errors are not checked here: they come back per line.
 */
export function checkBatchFile(
  lines: Body[],
  endpoint: string,
): { code: string; message: string } | undefined {
  if (lines.length === 0) return { code: 'empty_file', message: 'The input file is empty.' };
  if (lines.length > 50_000)
    return { code: 'too_many_requests', message: 'A batch holds at most 50,000 requests.' };
  const ids = new Set<string>();
  const models = new Set<unknown>();
  for (const [i, l] of lines.entries()) {
    const where = `line ${i + 1}`;
    if (typeof l.custom_id !== 'string' || !l.custom_id)
      return { code: 'missing_required_parameter', message: `${where}: custom_id is required.` };
    if (ids.has(l.custom_id))
      return { code: 'duplicate_custom_id', message: `${where}: custom_id '${l.custom_id}' is not unique.` };
    ids.add(l.custom_id);
    if (l.method !== 'POST') return { code: 'invalid_method', message: `${where}: method must be POST.` };
    if (l.url !== endpoint)
      return {
        code: 'mismatched_url',
        message: `${where}: url ${String(l.url)} does not match the batch endpoint ${endpoint}.`,
      };
    if (!isObject(l.body)) return { code: 'invalid_body', message: `${where}: body must be an object.` };
    models.add(l.body.model);
  }
  if (models.size > 1)
    return { code: 'mismatched_model', message: 'A batch input file may only hold requests to one model.' };
  return undefined;
}

/** [ERRORS] the documented error body. */
export function errorBody(r: Refusal): Record<string, unknown> {
  return {
    error: {
      message: r.message,
      type: r.type ?? 'invalid_request_error',
      param: r.param ?? null,
      code: r.code ?? null,
    },
  };
}
