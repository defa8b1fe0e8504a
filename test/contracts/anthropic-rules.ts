import type { IncomingHttpHeaders } from 'node:http';

/**
 * The Anthropic Messages API's request rules (Messages, token counting, Message Batches), written from
 * the provider's documentation and SDK, not from our client: a request our client builds is checked
 * against these as the real API would check it. Each rule names its source:
 *
 * - [SDK] @anthropic-ai/sdk 1.14.0 (official): client.js sends `anthropic-version: 2026-10-21`;
 *   resources/messages/messages.d.ts MessageCreateParamsBase / MessageCountTokensParams (the body
 *   fields, which under 2026-10-21 no longer include temperature, top_p, top_k), ThinkingConfigEnabled
 *   ("Must be ≥1024 and less than `max_tokens`"), OutputConfig.effort values; CHANGELOG 1.0.0 ("add
 *   support for new API version 2026-10-21").
 * - [VERSIONS] platform.claude.com/docs/en/api/versioning (official): the anthropic-version header is
 *   required.
 * - [SKILL] github.com/anthropics/skills, skills/claude-api (official, Anthropic's own, July 2026):
 *   shared/models.md (model ids, output limits, which models are adaptive-only, Fable 5 refuses
 *   `thinking: disabled`), shared/model-migration.md (Opus 4.7+ refuse `enabled` and sampling
 *   parameters; effort on Opus 4.5/4.6/Sonnet 4.6; temperature or top_p, not both, on Claude 4),
 *   shared/error-codes.md (the error body, 401 when both key headers are sent, batch `errored`
 *   results for invalid requests).
 * - [MIGRATION-2026-10-21] Anthropic's migration guide for API version 2026-10-21, read through
 *   secondary reports (developersdigest.tech, codersera.com, qiita.com/Synthorai, apidog.com): under
 *   2026-10-21 the Messages API, token counting and Message Batches refuse temperature, top_p and
 *   top_k, even at their defaults, with 400 "temperature: Extra inputs are not permitted".
 * - [INFERRED] no primary source found; inferred and labelled where used.
 */

export interface Refusal {
  status: number;
  /** The error type, e.g. invalid_request_error. */
  type: string;
  message: string;
}

const invalid = (message: string): Refusal => ({ status: 400, type: 'invalid_request_error', message });

/** [VERSIONS] [SDK] The versions this server knows; an SDK that moves to another one fails here first. */
export const API_VERSIONS = ['2023-06-01', '2026-10-21'] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];

/** [SDK] MessageCreateParamsBase body fields under 2026-10-21 (user_profile_id, workspace_id are headers). */
const MESSAGE_FIELDS = [
  'max_tokens',
  'messages',
  'model',
  'cache_control',
  'container',
  'diagnostics',
  'inference_geo',
  'metadata',
  'output_config',
  'service_tier',
  'speed',
  'stop_sequences',
  'stream',
  'system',
  'thinking',
  'tool_choice',
  'tools',
];
/** [SDK] MessageCountTokensParams body fields. */
const COUNT_FIELDS = [
  'messages',
  'model',
  'cache_control',
  'output_config',
  'speed',
  'system',
  'thinking',
  'tool_choice',
  'tools',
];
/** [MIGRATION-2026-10-21] Accepted under 2023-06-01 only. */
const SAMPLING_FIELDS = ['temperature', 'top_p', 'top_k'];

type ThinkingType = 'enabled' | 'adaptive' | 'disabled';
type Effort = 'low' | 'medium' | 'high' | 'xhigh' | 'max';

interface ClaudeModel {
  maxOutput: number;
  /** Accepted `thinking.type` values. */
  thinking: ThinkingType[];
  /** Accepted `output_config.effort` values; empty when the model takes no effort. */
  efforts: Effort[];
  /** Under 2023-06-01: sampling parameters accepted at all (Opus 4.7 and later refuse them). */
  sampling: boolean;
}

const ALL_EFFORTS: Effort[] = ['low', 'medium', 'high', 'xhigh', 'max'];
const ADAPTIVE_ONLY: Omit<ClaudeModel, 'maxOutput'> = {
  thinking: ['adaptive', 'disabled'],
  efforts: ALL_EFFORTS,
  sampling: false,
};
/** [SKILL] models.md: Fable 5 and Mythos 5 think always; an explicit `disabled` is a 400. */
const ALWAYS_THINKS: Omit<ClaudeModel, 'maxOutput'> = { ...ADAPTIVE_ONLY, thinking: ['adaptive'] };

/** Models the API serves today, by id (dated snapshots resolve to their model). */
const MODELS: Record<string, ClaudeModel> = {
  // [SKILL] models.md: Haiku 4.5, 64K output; manual thinking only ([INFERRED]: no adaptive, no effort,
  // which model-migration.md lists for Opus 4.5, Opus 4.6 and Sonnet 4.6 only).
  'claude-haiku-4-5': { maxOutput: 64_000, thinking: ['enabled', 'disabled'], efforts: [], sampling: true },
  // [SKILL] Opus 4.5: manual thinking, effort low/medium/high ([INFERRED] no max: "max" came with 4.6).
  'claude-opus-4-5': {
    maxOutput: 64_000,
    thinking: ['enabled', 'disabled'],
    efforts: ['low', 'medium', 'high'],
    sampling: true,
  },
  // [SKILL] 4.6: adaptive recommended, `enabled` deprecated but accepted; effort low/medium/high/max.
  'claude-opus-4-6': {
    maxOutput: 128_000,
    thinking: ['enabled', 'adaptive', 'disabled'],
    efforts: ['low', 'medium', 'high', 'max'],
    sampling: true,
  },
  'claude-sonnet-4-6': {
    maxOutput: 128_000,
    thinking: ['enabled', 'adaptive', 'disabled'],
    efforts: ['low', 'medium', 'high', 'max'],
    sampling: true,
  },
  // [SKILL] Opus 4.7/4.8: adaptive only (`enabled` is a 400), thinking off by default, xhigh effort.
  'claude-opus-4-7': { maxOutput: 128_000, ...ADAPTIVE_ONLY },
  'claude-opus-4-8': { maxOutput: 128_000, ...ADAPTIVE_ONLY },
  // [SKILL] Sonnet 5: adaptive on by default, budget_tokens removed, non-default sampling refused.
  'claude-sonnet-5': { maxOutput: 128_000, ...ADAPTIVE_ONLY },
  // [SDK] Model type lists these; [INFERRED] same thinking rules as Sonnet 5.
  'claude-opus-5': { maxOutput: 128_000, ...ADAPTIVE_ONLY },
  'claude-sonnet-5-5': { maxOutput: 128_000, ...ADAPTIVE_ONLY },
  'claude-haiku-5-5': { maxOutput: 128_000, ...ADAPTIVE_ONLY },
  // [SKILL] Fable 5 / Mythos 5 (and [INFERRED] their point releases, and Opus 5.5, which our own
  // notes call always-thinking; no primary source found for Opus 5.5).
  'claude-fable-5': { maxOutput: 128_000, ...ALWAYS_THINKS },
  'claude-fable-5-1': { maxOutput: 128_000, ...ALWAYS_THINKS },
  'claude-fable-5-2': { maxOutput: 128_000, ...ALWAYS_THINKS },
  'claude-mythos-5': { maxOutput: 128_000, ...ALWAYS_THINKS },
  'claude-mythos-5-1': { maxOutput: 128_000, ...ALWAYS_THINKS },
  'claude-mythos-5-2': { maxOutput: 128_000, ...ALWAYS_THINKS },
  'claude-opus-5-5': { maxOutput: 128_000, ...ALWAYS_THINKS },
};

/**
 * Retired ids: "Requests to retired models will fail" (platform.claude.com model-deprecations,
 * official). Dates: [SDK] internal/data/deprecated-models.js (Sonnet 4.5: 2026-11-30; Mythos Preview:
 * 2026-06-30), [SKILL] models.md (Opus 4.1: 2026-08-05; Sonnet 3.7: 2026-02-19), Anthropic release
 * notes via secondary reports (Opus 4 and Sonnet 4: 2026-06-15).
 */
const RETIRED = [
  'claude-sonnet-4-5',
  'claude-mythos-preview',
  'claude-opus-4-1',
  'claude-opus-4',
  'claude-opus-4-0',
  'claude-sonnet-4',
  'claude-sonnet-4-0',
  'claude-3-7-sonnet',
];

/** A model id without its date suffix (claude-sonnet-4-5-20250929 → claude-sonnet-4-5). */
function baseModel(id: string): string {
  return id.replace(/-\d{8}$/, '');
}

/** [VERSIONS] the version header; [SKILL] error-codes.md the key headers. */
export function checkHeaders(headers: IncomingHttpHeaders): { version?: ApiVersion; refusal?: Refusal } {
  const apiKey = headers['x-api-key'];
  const bearer = headers.authorization;
  if (!apiKey && !bearer) {
    return {
      refusal: { status: 401, type: 'authentication_error', message: 'x-api-key header is required' },
    };
  }
  if (apiKey && bearer) {
    return {
      refusal: {
        status: 401,
        type: 'authentication_error',
        message: 'both x-api-key and Authorization were sent: send one',
      },
    };
  }
  const version = headers['anthropic-version'];
  if (typeof version !== 'string') return { refusal: invalid('anthropic-version: header is required') };
  if (!(API_VERSIONS as readonly string[]).includes(version)) {
    return { refusal: invalid(`anthropic-version: ${version} is not a valid version`) };
  }
  return { version: version as ApiVersion };
}

type Body = Record<string, unknown>;

function isObject(v: unknown): v is Body {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function extraFields(body: Body, allowed: string[]): Refusal | undefined {
  for (const k of Object.keys(body)) {
    if (!allowed.includes(k)) return invalid(`${k}: Extra inputs are not permitted`);
  }
  return undefined;
}

/** The model named by a body: unknown or retired ids are a 404, as the API answers them. */
function modelOf(body: Body): { model?: ClaudeModel; refusal?: Refusal } {
  if (typeof body.model !== 'string' || !body.model) return { refusal: invalid('model: Field required') };
  const id = baseModel(body.model);
  const model = MODELS[id];
  if (!model || RETIRED.includes(id)) {
    return { refusal: { status: 404, type: 'not_found_error', message: `model: ${body.model}` } };
  }
  return { model };
}

/** [SKILL] error-codes.md: non-empty, user/assistant turns that alternate. */
function checkTurns(messages: unknown): Refusal | undefined {
  if (!Array.isArray(messages) || messages.length === 0)
    return invalid('messages: at least one message is required');
  let last = '';
  for (const [i, m] of messages.entries()) {
    if (!isObject(m) || (m.role !== 'user' && m.role !== 'assistant')) {
      return invalid(`messages.${i}.role: Input should be 'user' or 'assistant'`);
    }
    if (typeof m.content !== 'string' && !Array.isArray(m.content)) {
      return invalid(`messages.${i}.content: Input should be a valid string or list`);
    }
    if (m.role === last) return invalid('messages: roles must alternate between "user" and "assistant"');
    last = m.role;
  }
  return undefined;
}

function checkSystem(system: unknown): Refusal | undefined {
  if (system === undefined || typeof system === 'string') return undefined;
  if (
    Array.isArray(system) &&
    system.every((b) => isObject(b) && b.type === 'text' && typeof b.text === 'string')
  )
    return undefined;
  return invalid('system: Input should be a valid string or a list of text blocks');
}

/** [SDK] ThinkingConfigParam; [SKILL] which types each model accepts. */
function checkThinking(
  thinking: unknown,
  model: ClaudeModel,
  id: string,
  maxTokens: number,
): Refusal | undefined {
  if (thinking === undefined) return undefined;
  if (!isObject(thinking)) return invalid('thinking: Input should be an object');
  const type = thinking.type as ThinkingType;
  const keys: Record<string, string[]> = {
    enabled: ['type', 'budget_tokens', 'display'],
    adaptive: ['type', 'display'],
    disabled: ['type'],
  };
  if (!keys[type]) return invalid("thinking.type: Input should be 'enabled', 'disabled' or 'adaptive'");
  for (const k of Object.keys(thinking)) {
    if (!keys[type].includes(k)) return invalid(`thinking.${type}.${k}: Extra inputs are not permitted`);
  }
  if (!model.thinking.includes(type)) {
    return invalid(`thinking.type.${type}: not supported for ${id}; use ${model.thinking.join(' or ')}`);
  }
  if (thinking.display !== undefined && thinking.display !== 'summarized' && thinking.display !== 'omitted') {
    return invalid("thinking.display: Input should be 'summarized' or 'omitted'");
  }
  if (type === 'enabled') {
    const budget = thinking.budget_tokens;
    if (typeof budget !== 'number' || !Number.isInteger(budget))
      return invalid('thinking.enabled.budget_tokens: Field required');
    if (budget < 1024)
      return invalid('thinking.enabled.budget_tokens: Input should be greater than or equal to 1024');
    if (budget >= maxTokens) return invalid('`max_tokens` must be greater than `thinking.budget_tokens`');
  }
  return undefined;
}

/** [SDK] OutputConfig.effort values; [SKILL] which models take effort, and which levels. */
function checkOutputConfig(config: unknown, model: ClaudeModel, id: string): Refusal | undefined {
  if (config === undefined) return undefined;
  if (!isObject(config)) return invalid('output_config: Input should be an object');
  for (const k of Object.keys(config)) {
    if (k !== 'effort' && k !== 'format')
      return invalid(`output_config.${k}: Extra inputs are not permitted`);
  }
  const effort = config.effort;
  if (effort === undefined || effort === null) return undefined;
  if (!ALL_EFFORTS.includes(effort as Effort)) {
    return invalid("output_config.effort: Input should be 'low', 'medium', 'high', 'xhigh' or 'max'");
  }
  if (!model.efforts.includes(effort as Effort)) {
    return invalid(`output_config.effort: '${String(effort)}' is not supported for ${id}`);
  }
  return undefined;
}

/**
 * Sampling under 2023-06-01 ([SKILL] model-migration.md): refused outright on the adaptive-only
 * models; temperature or top_p, not both; with thinking on, temperature may only be 1.
 */
function checkSampling(body: Body, model: ClaudeModel, id: string): Refusal | undefined {
  const set = SAMPLING_FIELDS.filter((k) => body[k] !== undefined);
  if (set.length === 0) return undefined;
  if (!model.sampling) return invalid(`\`${set[0]}\` is deprecated for this model (${id})`);
  if (body.temperature !== undefined && body.top_p !== undefined) {
    return invalid('`temperature` and `top_p` cannot both be specified for this model. Please use only one.');
  }
  const t = body.temperature;
  if (t !== undefined && (typeof t !== 'number' || t < 0 || t > 1))
    return invalid('temperature: Input should be between 0 and 1');
  const thinking = isObject(body.thinking) ? body.thinking.type : undefined;
  if ((thinking === 'enabled' || thinking === 'adaptive') && t !== undefined && t !== 1) {
    return invalid('`temperature` may only be set to 1 when thinking is enabled or in adaptive mode.');
  }
  return undefined;
}

export interface CheckOptions {
  version: ApiVersion;
  /** A Message Batches entry's params: no streaming. */
  batch?: boolean;
}

/** A Messages API request body: undefined when the API would take it. */
export function checkMessages(body: unknown, o: CheckOptions): Refusal | undefined {
  if (!isObject(body)) return invalid('body: Input should be a JSON object');
  const fields = o.version === '2023-06-01' ? [...MESSAGE_FIELDS, ...SAMPLING_FIELDS] : MESSAGE_FIELDS;
  const extra = extraFields(body, fields);
  if (extra) return extra;
  if (o.batch && body.stream !== undefined && body.stream !== false) {
    return invalid('stream: streaming is not supported in Message Batches requests');
  }
  const { model, refusal } = modelOf(body);
  if (!model) return refusal;
  const id = String(body.model);
  const max = body.max_tokens;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1)
    return invalid('max_tokens: Field required (a positive integer)');
  if (max > model.maxOutput) {
    return invalid(
      `max_tokens: ${max} > ${model.maxOutput}, which is the maximum allowed number of output tokens for ${id}`,
    );
  }
  return (
    checkTurns(body.messages) ??
    checkSystem(body.system) ??
    checkThinking(body.thinking, model, id, max) ??
    checkOutputConfig(body.output_config, model, id) ??
    checkSampling(body, model, id)
  );
}

/** A token-counting request body ([SDK] MessageCountTokensParams): no max_tokens, no stream. */
export function checkCountTokens(body: unknown, o: CheckOptions): Refusal | undefined {
  if (!isObject(body)) return invalid('body: Input should be a JSON object');
  const fields = o.version === '2023-06-01' ? [...COUNT_FIELDS, ...SAMPLING_FIELDS] : COUNT_FIELDS;
  const extra = extraFields(body, fields);
  if (extra) return extra;
  const { model, refusal } = modelOf(body);
  if (!model) return refusal;
  const id = String(body.model);
  return (
    checkTurns(body.messages) ??
    checkSystem(body.system) ??
    // No max_tokens to compare budget_tokens with: only its own bounds are checked.
    checkThinking(body.thinking, model, id, Number.POSITIVE_INFINITY) ??
    checkOutputConfig(body.output_config, model, id) ??
    checkSampling(body, model, id)
  );
}

/**
 * A Message Batches create body, the envelope only ([SDK] BatchCreateParams: `requests`, each
 * `{custom_id, params}`; custom_id unique, 1–64 characters of [a-zA-Z0-9_-] per the API reference
 * [INFERRED from memory of platform.claude.com/docs/en/api/creating-message-batches]; at most 100,000
 * requests per batch-processing docs, via [SKILL] batches). Each entry's params are validated when the
 * batch is processed: an invalid one comes back as an `errored` result ([SKILL] batches.md).
 */
export function checkBatchCreate(body: unknown): Refusal | undefined {
  if (!isObject(body)) return invalid('body: Input should be a JSON object');
  const extra = extraFields(body, ['requests']);
  if (extra) return extra;
  const requests = body.requests;
  if (!Array.isArray(requests) || requests.length === 0)
    return invalid('requests: at least one request is required');
  if (requests.length > 100_000) return invalid('requests: a batch holds at most 100,000 requests');
  const seen = new Set<string>();
  for (const [i, r] of requests.entries()) {
    if (!isObject(r)) return invalid(`requests.${i}: Input should be an object`);
    const keyExtra = extraFields(r, ['custom_id', 'params']);
    if (keyExtra) return invalid(`requests.${i}.${keyExtra.message}`);
    const id = r.custom_id;
    if (typeof id !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(id)) {
      return invalid(`requests.${i}.custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`);
    }
    if (seen.has(id)) return invalid(`requests: custom_id '${id}' is used more than once`);
    seen.add(id);
    if (!isObject(r.params)) return invalid(`requests.${i}.params: Field required`);
  }
  return undefined;
}

/** [SKILL] error-codes.md: the error body every endpoint answers with. */
export function errorBody(r: Refusal): Record<string, unknown> {
  return { type: 'error', error: { type: r.type, message: r.message }, request_id: 'req_contract_0001' };
}
