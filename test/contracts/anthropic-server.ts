import { startAnthropicBatchServer } from '../helpers/anthropic-batch-server.js';
import { anthropicReply, defaultTurn, type TurnFn } from '../helpers/anthropic-server.js';
import type { BatchCheck, BatchServer, BatchServerOptions, EntryPlan } from '../helpers/batch-state.js';
import {
  type ProtocolServer,
  type RecordedRequest,
  type Reply,
  startProtocolServer,
} from '../helpers/protocol-server.js';
import {
  type ApiVersion,
  checkBatchCreate,
  checkCountTokens,
  checkHeaders,
  checkMessages,
  errorBody,
  type Refusal,
} from './anthropic-rules.js';

/**
 * A strict loopback Anthropic API: every request to /v1/messages (and token counting, and Message
 * Batches) is held to the rules in anthropic-rules.ts before it is answered; a request the real API
 * would refuse gets the real API's status and error body. What a valid request gets back is the
 * permissive helper's answer (test/helpers/anthropic-server.ts), so provider tests keep their turns.
 */

function reply(r: Refusal | undefined): Reply | undefined {
  return r && { status: r.status, json: errorBody(r) };
}

/** Checks one request against the rules; undefined when the API would take it. */
export function anthropicGate(req: RecordedRequest): Reply | undefined {
  const path = req.path.split('?')[0];
  if (!path.startsWith('/v1/messages')) return undefined;
  const { version, refusal } = checkHeaders(req.headers);
  if (!version) return reply(refusal);
  if (req.method !== 'POST') return undefined;
  if (path === '/v1/messages') return reply(checkMessages(req.body, { version }));
  if (path === '/v1/messages/count_tokens') return reply(checkCountTokens(req.body, { version }));
  if (path === '/v1/messages/batches') return reply(checkBatchCreate(req.body));
  return undefined;
}

/** Token counting answers `{input_tokens}` (about four characters a token: the count is not checked). */
function countTokensReply(req: RecordedRequest): Reply | undefined {
  if (req.path.split('?')[0] !== '/v1/messages/count_tokens') return undefined;
  return { json: { input_tokens: Math.ceil(req.rawBody.length / 4) } };
}

/** The Messages API and token counting, strictly. */
export function startAnthropicContractServer(turn: TurnFn = defaultTurn): Promise<ProtocolServer> {
  return startProtocolServer((req) => countTokensReply(req) ?? anthropicReply(req, turn), anthropicGate);
}

/**
 * Message Batches, strictly: the create call's envelope is checked at once; each entry's params are
 * checked as the batch is processed, and an invalid entry comes back `errored` with an
 * invalid_request_error, as the real API returns it.
 */
export function startAnthropicBatchContractServer(opts: BatchServerOptions = {}): Promise<BatchServer> {
  // The caller's options object itself: tests change it while the server runs (pollsUntilEnd).
  return startAnthropicBatchServer(Object.assign(opts, { gate: anthropicGate, check: checkEntries }));
}

function checkEntries(
  items: { customId: string; body: Record<string, unknown> }[],
  req: RecordedRequest,
): BatchCheck {
  const version = checkHeaders(req.headers).version as ApiVersion;
  const errored = new Map<string, EntryPlan>();
  for (const item of items) {
    const r = checkMessages(item.body, { version, batch: true });
    if (r)
      errored.set(item.customId, {
        type: 'errored',
        errorType: r.type,
        message: r.message,
        status: r.status,
      });
  }
  return { errored };
}
