import {
  type BatchServer,
  type BatchServerOptions,
  batchState,
  type Entry,
  type EntryPlan,
  type FakeBatch,
  finalPlan,
} from './batch-state.js';
import { defaultChatTurn, openaiReply } from './openai-server.js';
import { type RecordedRequest, type Reply, startProtocolServer } from './protocol-server.js';

/**
 * A loopback OpenAI Batch server (multipart file upload, batch create, retrieve, list, cancel, and
 * output/error file download) on top of the synchronous chat and responses endpoints, so
 * `--batch-retry sync` can be tested against the same server.
 */
export async function startOpenAIBatchServer(opts: BatchServerOptions = {}): Promise<BatchServer> {
  const st = batchState(opts);
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
      const done = b.entries.map((e, i) => ({ e, plan: plans[i] }));
      const line = (d: (typeof done)[number], i = 0) => JSON.stringify(openaiOutputLine(d.e, d.plan, i));
      // Reverse order: results come back in any order.
      const out = done.filter((d) => d.plan.type === 'succeeded').reverse();
      files.set(fileId(b.id, 'out'), out.map((d) => line(d)).join('\n'));
      const err = done.filter((d) => d.plan.type !== 'succeeded');
      files.set(fileId(b.id, 'err'), err.map(line).join('\n'));
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
        .map(
          (l) =>
            JSON.parse(l) as { custom_id: string; body: Record<string, unknown> } & Record<string, unknown>,
        );
      const items = lines.map((l) => ({ customId: l.custom_id, body: l.body, entry: l }));
      const check = opts.check?.(items, req);
      if (check?.reply) return check.reply;
      const b = st.add(
        `batch_${String(++seq).padStart(4, '0')}`,
        items,
        { metadata: body.metadata, inputFileId: body.input_file_id },
        check,
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
  const server = await startProtocolServer(handler, opts.gate);
  return st.serve(server);
}

function openaiOutputLine(e: Entry, plan: EntryPlan, i = 0): Record<string, unknown> {
  const id = `batch_req_${e.customId.slice(0, 8)}`;
  if (plan.type === 'succeeded') {
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
  if (plan.type === 'expired')
    return {
      id,
      custom_id: e.customId,
      response: null,
      error: {
        code: 'batch_expired',
        message: 'This request could not be executed before the completion window expired.',
      },
    };
  if (plan.type === 'canceled')
    return {
      id,
      custom_id: e.customId,
      response: null,
      error: { code: 'batch_cancelled', message: 'This request was cancelled.' },
    };
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
export function multipartFile(req: RecordedRequest): string {
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
