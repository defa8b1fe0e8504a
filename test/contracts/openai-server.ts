import type { BatchItem, BatchServer, BatchServerOptions, EntryPlan } from '../helpers/batch-state.js';
import { startOpenAIBatchServer } from '../helpers/openai-batch-server.js';
import { type OpenAIServerOptions, openaiReply } from '../helpers/openai-server.js';
import {
  type ProtocolServer,
  type RecordedRequest,
  type Reply,
  startProtocolServer,
} from '../helpers/protocol-server.js';
import {
  checkAuth,
  checkBatchCreate,
  checkBatchFile,
  checkChat,
  checkResponses,
  errorBody,
  type Refusal,
} from './openai-rules.js';

/**
 * A strict loopback OpenAI API: Chat Completions, Responses, and the Batch API (file upload, batch
 * create) hold every request to the rules in openai-rules.ts and refuse as OpenAI does. Valid requests
 * get the permissive helper's answer (test/helpers/openai-server.ts).
 */

function reply(r: Refusal | undefined): Reply | undefined {
  return r && { status: r.status, json: errorBody(r) };
}

/** The body check for a chat or responses request. */
function checkEndpoint(path: string, body: unknown): Refusal | undefined {
  return path.endsWith('/responses') ? checkResponses(body) : checkChat(body);
}

export function openaiGate(req: RecordedRequest): Reply | undefined {
  const path = req.path.split('?')[0];
  if (!path.startsWith('/v1/')) return undefined;
  const auth = checkAuth(req.headers);
  if (auth) return reply(auth);
  if (req.method !== 'POST') return undefined;
  if (path === '/v1/chat/completions' || path === '/v1/responses')
    return reply(checkEndpoint(path, req.body));
  if (path === '/v1/batches') return reply(checkBatchCreate(req.body));
  // [SDK] FileCreateParams: a batch input file is uploaded with purpose `batch`.
  if (path === '/v1/files' && !/name="purpose"\r\n\r\nbatch\r\n/.test(req.rawBody)) {
    return reply({ status: 400, message: "Invalid value for 'purpose'.", param: 'purpose' });
  }
  return undefined;
}

/** Chat Completions and Responses, strictly. */
export function startOpenAIContractServer(opts: OpenAIServerOptions = {}): Promise<ProtocolServer> {
  return startProtocolServer((req) => openaiReply(req, opts), openaiGate);
}

/**
 * The Batch API, strictly: a file that breaks the batch rules fails the batch at validation; a line
 * whose body its endpoint refuses comes back in the error file with the refusal's status and body.
 */
export function startOpenAIBatchContractServer(opts: BatchServerOptions = {}): Promise<BatchServer> {
  // The caller's options object itself: tests change it while the server runs (pollsUntilEnd).
  return startOpenAIBatchServer(Object.assign(opts, { gate: openaiGate, check: checkBatch }));
}

function checkBatch(items: BatchItem[], req: RecordedRequest) {
  const endpoint = String((req.body as { endpoint?: unknown }).endpoint);
  const failed = checkBatchFile(
    items.map((i) => i.entry ?? {}),
    endpoint,
  );
  if (failed) return { failed };
  const errored = new Map<string, EntryPlan>();
  for (const item of items) {
    const r = checkEndpoint(endpoint, item.body);
    if (r)
      errored.set(item.customId, {
        type: 'errored',
        status: r.status,
        errorType: r.type,
        message: r.message,
      });
  }
  return { errored };
}
