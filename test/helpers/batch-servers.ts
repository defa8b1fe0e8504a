import { anthropicReply, defaultTurn } from './anthropic-server.js';
import { defaultChatTurn, openaiReply } from './openai-server.js';
import {
  type ProtocolServer,
  type RecordedRequest,
  type Reply,
  startProtocolServer,
} from './protocol-server.js';

/**
 * Loopback servers for the two batch protocols, on top of the synchronous ones (so `--batch-retry
 * sync` can be tested against the same server):
 * - Anthropic Message Batches: create, retrieve, list, cancel, and results as a JSONL stream.
 * - OpenAI Batch: multipart file upload, batch create, retrieve, list, cancel, and output/error file
 *   download.
 * Each entry's fate is decided by `outcome(customId, body, n)`, where n counts earlier submissions of
 * the same custom_id, so "expired the first time, fine the second" is one line. Faults: 500s on the
 * next polls, a results download cut half-way through a line.
 */

export type EntryPlan =
  | { type: 'succeeded' }
  | { type: 'errored'; errorType?: string; message?: string; status?: number }
  | { type: 'expired' }
  | { type: 'canceled' };

export interface BatchServerOptions {
  outcome?: (customId: string, body: Record<string, unknown>, n: number) => EntryPlan;
  /** Retrieves that still report the batch in progress. */
  pollsUntilEnd?: number;
}

interface Entry {
  customId: string;
  body: Record<string, unknown>;
  plan: EntryPlan;
}

export interface FakeBatch {
  id: string;
  entries: Entry[];
  polls: number;
  createdAt: number;
  canceled: boolean;
  failed?: { code: string; message: string };
  metadata?: Record<string, string>;
  inputFileId?: string;
}

export interface BatchServer {
  url: string;
  server: ProtocolServer;
  /** Batch create calls answered. */
  creates: () => number;
  batches: Map<string, FakeBatch>;
  /** How many times each custom_id was submitted in a batch. */
  submissions: Map<string, number>;
  /** Request bodies by custom_id, as last submitted. */
  bodies: Map<string, Record<string, unknown>>;
  /** The next results download stops half-way through line `n + 1`. */
  cutNextResults(n: number): void;
  /** The next `n` retrieve calls answer HTTP 500. */
  failNextPolls(n: number): void;
  /** The next batch create goes through, but its answer is an HTTP 500 (a lost reply). */
  loseNextCreateReply(): void;
  /** OpenAI: the next batch created fails as a whole (status 'failed', errors.data). */
  failNextBatch(code: string, message: string): void;
  close(): Promise<void>;
}

const SUCCEED: NonNullable<BatchServerOptions['outcome']> = () => ({ type: 'succeeded' });

function state(opts: BatchServerOptions) {
  const batches = new Map<string, FakeBatch>();
  const submissions = new Map<string, number>();
  const bodies = new Map<string, Record<string, unknown>>();
  let creates = 0;
  let cut: number | undefined;
  let failPolls = 0;
  let loseCreate = false;
  let failBatch: FakeBatch['failed'];
  return {
    batches,
    submissions,
    bodies,
    creates: () => creates,
    add(
      id: string,
      items: { customId: string; body: Record<string, unknown> }[],
      extra: Partial<FakeBatch> = {},
    ) {
      creates++;
      const entries = items.map(({ customId, body }) => {
        const n = submissions.get(customId) ?? 0;
        submissions.set(customId, n + 1);
        bodies.set(customId, body);
        return { customId, body, plan: (opts.outcome ?? SUCCEED)(customId, body, n) };
      });
      const b: FakeBatch = {
        id,
        entries,
        polls: 0,
        createdAt: Date.now(),
        canceled: false,
        failed: failBatch,
        ...extra,
      };
      failBatch = undefined;
      batches.set(id, b);
      return b;
    },
    ended: (b: FakeBatch) => b.canceled || b.polls > (opts.pollsUntilEnd ?? 1),
    takeCut() {
      const c = cut;
      cut = undefined;
      return c;
    },
    takePollFailure(): boolean {
      if (failPolls <= 0) return false;
      failPolls--;
      return true;
    },
    cutNextResults: (n: number) => {
      cut = n;
    },
    failNextPolls: (n: number) => {
      failPolls = n;
    },
    loseNextCreateReply: () => {
      loseCreate = true;
    },
    failNextBatch: (code: string, message: string) => {
      failBatch = { code, message };
    },
    /** The reply to a create that went through: the batch, or a 500 when it is to be lost. */
    createReply(json: unknown): Reply {
      if (!loseCreate) return { json };
      loseCreate = false;
      return serverError;
    },
  };
}

/** The fate of an entry once its batch has ended. Nothing here runs before the end, so a cancel cancels all. */
function finalPlan(b: FakeBatch, e: Entry): EntryPlan {
  return b.canceled ? { type: 'canceled' } : e.plan;
}

const serverError: Reply = {
  status: 500,
  json: { type: 'error', error: { type: 'api_error', message: 'boom' } },
};

export async function startAnthropicBatchServer(opts: BatchServerOptions = {}): Promise<BatchServer> {
  const st = state(opts);
  let url = '';
  let seq = 0;
  const view = (b: FakeBatch) => {
    const ended = st.ended(b);
    const counts = { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
    for (const e of b.entries) {
      if (!ended) counts.processing++;
      else counts[finalPlan(b, e).type]++;
    }
    return {
      id: b.id,
      type: 'message_batch',
      processing_status: ended ? 'ended' : b.canceled ? 'canceling' : 'in_progress',
      request_counts: counts,
      created_at: new Date(b.createdAt).toISOString(),
      expires_at: new Date(b.createdAt + 86_400_000).toISOString(),
      ended_at: ended ? new Date().toISOString() : null,
      archived_at: null,
      cancel_initiated_at: b.canceled ? new Date().toISOString() : null,
      results_url: ended ? `${url}/v1/messages/batches/${b.id}/results` : null,
    };
  };
  const handler = (req: RecordedRequest): Reply => {
    const path = req.path.split('?')[0];
    if (req.method === 'POST' && path === '/v1/messages') return anthropicReply(req, defaultTurn);
    if (req.method === 'POST' && path === '/v1/messages/batches') {
      const requests = ((req.body as { requests?: unknown[] })?.requests ?? []) as {
        custom_id: string;
        params: Record<string, unknown>;
      }[];
      const b = st.add(
        `msgbatch_${String(++seq).padStart(4, '0')}`,
        requests.map((r) => ({ customId: r.custom_id, body: r.params })),
      );
      return st.createReply(view(b));
    }
    if (req.method === 'GET' && path === '/v1/messages/batches') {
      const data = [...st.batches.values()].reverse().map(view);
      return {
        json: { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null },
      };
    }
    const m = /^\/v1\/messages\/batches\/([^/]+)(\/results|\/cancel)?$/.exec(path);
    const b = m ? st.batches.get(m[1]) : undefined;
    if (!m || !b)
      return {
        status: 404,
        json: { type: 'error', error: { type: 'not_found_error', message: 'no such batch' } },
      };
    if (m[2] === '/cancel' && req.method === 'POST') {
      b.canceled = true;
      return { json: view(b) };
    }
    if (m[2] === '/results') {
      if (!st.ended(b))
        return {
          status: 400,
          json: { type: 'error', error: { type: 'invalid_request_error', message: 'not ended' } },
        };
      // Reverse order: results come back in any order.
      const lines = [...b.entries]
        .reverse()
        .map((e) => JSON.stringify({ custom_id: e.customId, result: anthropicResult(b, e) }));
      return { lines, cutAfterLines: st.takeCut() };
    }
    if (st.takePollFailure()) return serverError;
    b.polls++;
    return { json: view(b) };
  };
  const server = await startProtocolServer(handler);
  url = server.url;
  return { url, server, ...pick(st), close: () => server.close() };
}

function anthropicResult(b: FakeBatch, e: Entry): Record<string, unknown> {
  const plan = finalPlan(b, e);
  if (plan.type === 'succeeded') {
    const reply = anthropicReply(
      { method: 'POST', path: '/v1/messages', headers: {}, body: e.body, rawBody: '' },
      defaultTurn,
    );
    return { type: 'succeeded', message: reply.json };
  }
  if (plan.type === 'errored')
    return {
      type: 'errored',
      error: {
        type: 'error',
        error: { type: plan.errorType ?? 'api_error', message: plan.message ?? 'internal error' },
      },
    };
  return { type: plan.type };
}

export async function startOpenAIBatchServer(opts: BatchServerOptions = {}): Promise<BatchServer> {
  const st = state(opts);
  const files = new Map<string, string>();
  let seq = 0;
  const fileId = (batch: string, kind: string) => `file-${kind}-${batch}`;
  const view = (b: FakeBatch) => {
    if (b.failed && b.polls > 0) {
      // Validation failed: no output, no error file, the reason in errors.data.
      return {
        id: b.id,
        object: 'batch',
        endpoint: '/v1/chat/completions',
        input_file_id: b.inputFileId,
        completion_window: '24h',
        status: 'failed',
        created_at: Math.floor(b.createdAt / 1000),
        metadata: b.metadata ?? null,
        errors: { object: 'list', data: [{ code: b.failed.code, message: b.failed.message, line: null }] },
        request_counts: { total: 0, completed: 0, failed: 0 },
      };
    }
    const ended = st.ended(b);
    const plans = b.entries.map((e) => finalPlan(b, e));
    const expired = ended && plans.some((p) => p.type === 'expired');
    const status = !ended
      ? b.polls === 0
        ? 'validating'
        : 'in_progress'
      : b.canceled
        ? 'cancelled'
        : expired
          ? 'expired'
          : 'completed';
    const completed = ended ? plans.filter((p) => p.type === 'succeeded').length : 0;
    const failed = ended ? plans.filter((p) => p.type === 'errored').length : 0;
    if (ended) {
      const out = b.entries.filter((_, i) => plans[i].type === 'succeeded');
      const err = b.entries.filter((_, i) => plans[i].type !== 'succeeded');
      // Reverse order: results come back in any order.
      files.set(
        fileId(b.id, 'out'),
        out
          .reverse()
          .map((e) => JSON.stringify(openaiOutputLine(e, 'succeeded')))
          .join('\n'),
      );
      files.set(
        fileId(b.id, 'err'),
        err
          .map((e, i) => JSON.stringify(openaiOutputLine(e, plans[b.entries.indexOf(e)].type, i)))
          .join('\n'),
      );
    }
    return {
      id: b.id,
      object: 'batch',
      endpoint: (b.entries[0] as Entry | undefined)?.body.messages ? '/v1/chat/completions' : '/v1/responses',
      input_file_id: b.inputFileId,
      completion_window: '24h',
      status,
      created_at: Math.floor(b.createdAt / 1000),
      metadata: b.metadata ?? null,
      output_file_id: ended && completed > 0 ? fileId(b.id, 'out') : undefined,
      error_file_id: ended && completed < b.entries.length ? fileId(b.id, 'err') : undefined,
      request_counts: { total: b.entries.length, completed, failed },
    };
  };
  const handler = (req: RecordedRequest): Reply => {
    const path = req.path.split('?')[0];
    if (req.method === 'POST' && (path === '/v1/chat/completions' || path === '/v1/responses'))
      return openaiReply(req, {});
    if (req.method === 'POST' && path === '/v1/files') {
      const text = multipartFile(req);
      const id = `file-in-${++seq}`;
      files.set(id, text);
      return {
        json: {
          id,
          object: 'file',
          bytes: text.length,
          created_at: 0,
          filename: 'in.jsonl',
          purpose: 'batch',
          status: 'processed',
        },
      };
    }
    if (req.method === 'POST' && path === '/v1/batches') {
      const body = req.body as { input_file_id: string; metadata?: Record<string, string> };
      const text = files.get(body.input_file_id) ?? '';
      const lines = text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { custom_id: string; body: Record<string, unknown> });
      const b = st.add(
        `batch_${String(++seq).padStart(4, '0')}`,
        lines.map((l) => ({ customId: l.custom_id, body: l.body })),
        {
          metadata: body.metadata,
          inputFileId: body.input_file_id,
        },
      );
      return st.createReply(view(b));
    }
    if (req.method === 'GET' && path === '/v1/batches') {
      const data = [...st.batches.values()].reverse().map(view);
      return {
        json: { object: 'list', data, has_more: false, first_id: data[0]?.id, last_id: data.at(-1)?.id },
      };
    }
    const f = /^\/v1\/files\/([^/]+)\/content$/.exec(path);
    if (f && req.method === 'GET') {
      const text = files.get(f[1]);
      if (text === undefined) return { status: 404, json: { error: { message: 'no such file' } } };
      return { lines: text.split('\n').filter(Boolean), cutAfterLines: st.takeCut() };
    }
    const m = /^\/v1\/batches\/([^/]+)(\/cancel)?$/.exec(path);
    const b = m ? st.batches.get(m[1]) : undefined;
    if (!m || !b) return { status: 404, json: { error: { message: 'no such batch' } } };
    if (m[2] === '/cancel') {
      b.canceled = true;
      return { json: view(b) };
    }
    if (st.takePollFailure())
      return { status: 500, json: { error: { message: 'boom', type: 'server_error' } } };
    b.polls++;
    return { json: view(b) };
  };
  const server = await startProtocolServer(handler);
  return { url: server.url, server, ...pick(st), close: () => server.close() };
}

function openaiOutputLine(e: Entry, type: EntryPlan['type'], i = 0): Record<string, unknown> {
  const id = `batch_req_${e.customId.slice(0, 8)}`;
  if (type === 'succeeded') {
    const path = e.body.messages ? '/v1/chat/completions' : '/v1/responses';
    const reply = openaiReply(
      { method: 'POST', path, headers: {}, body: e.body, rawBody: '' },
      { turn: defaultChatTurn },
    );
    return {
      id,
      custom_id: e.customId,
      response: { status_code: 200, request_id: `req_${i}`, body: reply.json },
      error: null,
    };
  }
  if (type === 'expired')
    return {
      id,
      custom_id: e.customId,
      response: null,
      error: {
        code: 'batch_expired',
        message: 'This request could not be executed before the completion window expired.',
      },
    };
  if (type === 'canceled')
    return {
      id,
      custom_id: e.customId,
      response: null,
      error: { code: 'batch_cancelled', message: 'This request was cancelled.' },
    };
  const plan = e.plan as Extract<EntryPlan, { type: 'errored' }>;
  return {
    id,
    custom_id: e.customId,
    response: {
      status_code: plan.status ?? 500,
      request_id: `req_${i}`,
      body: { error: { message: plan.message ?? 'internal error', type: plan.errorType ?? 'server_error' } },
    },
    error: null,
  };
}

/** The `file` part of a multipart/form-data upload. */
function multipartFile(req: RecordedRequest): string {
  const type = String(req.headers['content-type'] ?? '');
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
  if (!boundary) return '';
  const sep = `--${boundary[1] ?? boundary[2]}`;
  for (const part of req.rawBody.split(sep)) {
    if (!/name="file"/.test(part)) continue;
    const start = part.indexOf('\r\n\r\n');
    return part.slice(start + 4).replace(/\r\n$/, '');
  }
  return '';
}

function pick(st: ReturnType<typeof state>) {
  return {
    creates: st.creates,
    batches: st.batches,
    submissions: st.submissions,
    bodies: st.bodies,
    cutNextResults: st.cutNextResults,
    failNextPolls: st.failNextPolls,
    loseNextCreateReply: st.loseNextCreateReply,
    failNextBatch: st.failNextBatch,
  };
}
