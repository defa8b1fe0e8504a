import { anthropicReply, defaultTurn } from './anthropic-server.js';
import {
  type BatchServer,
  type BatchServerOptions,
  batchState,
  type Entry,
  type FakeBatch,
  finalPlan,
  serverError,
} from './batch-state.js';
import { type RecordedRequest, type Reply, startProtocolServer } from './protocol-server.js';

/**
 * A loopback Anthropic Message Batches server (create, retrieve, list, cancel, results as a JSONL
 * stream) on top of the synchronous Messages endpoint, so `--batch-retry sync` can be tested against
 * the same server.
 */
export async function startAnthropicBatchServer(opts: BatchServerOptions = {}): Promise<BatchServer> {
  const st = batchState(opts);
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
      const items = requests.map((r) => ({ customId: r.custom_id, body: r.params, entry: r }));
      const check = opts.check?.(items, req);
      if (check?.reply) return check.reply;
      const b = st.add(`msgbatch_${String(++seq).padStart(4, '0')}`, items, {}, check);
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
  const server = await startProtocolServer(handler, opts.gate);
  url = server.url;
  return st.serve(server);
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
