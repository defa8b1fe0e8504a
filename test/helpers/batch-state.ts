import type { Gate, ProtocolServer, RecordedRequest, Reply } from './protocol-server.js';

/**
 * What the two loopback batch servers (anthropic-batch-server.ts, openai-batch-server.ts) share: the
 * batches and their entries, each entry's planned fate, submission counts, and the one-shot faults.
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
  /** Checks every request first (see protocol-server's Gate): the contract servers set it. */
  gate?: Gate;
  /** Checks a batch's entries as the provider would when it processes them (the contract servers set it). */
  check?: (items: BatchItem[], req: RecordedRequest) => BatchCheck | undefined;
}

export interface BatchItem {
  customId: string;
  body: Record<string, unknown>;
  /** The entry as submitted: an Anthropic request object, an OpenAI JSONL line. */
  entry?: Record<string, unknown>;
}

/** What a provider's own validation makes of a submitted batch. */
export interface BatchCheck {
  /** The create call itself is refused. */
  reply?: Reply;
  /** The whole batch fails validation (OpenAI: status 'failed', the reason in errors.data). */
  failed?: { code: string; message: string };
  /** Entries that will come back errored, by custom_id. */
  errored?: Map<string, EntryPlan>;
}

export interface Entry {
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

export const serverError: Reply = {
  status: 500,
  json: { type: 'error', error: { type: 'api_error', message: 'boom' } },
};

/** The fate of an entry once its batch has ended. Nothing here runs before the end, so a cancel cancels all. */
export function finalPlan(b: FakeBatch, e: Entry): EntryPlan {
  return b.canceled ? { type: 'canceled' } : e.plan;
}

export function batchState(opts: BatchServerOptions) {
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
    add(id: string, items: BatchItem[], extra: Partial<FakeBatch> = {}, check?: BatchCheck) {
      creates++;
      const entries = items.map(({ customId, body }) => {
        const n = submissions.get(customId) ?? 0;
        submissions.set(customId, n + 1);
        bodies.set(customId, body);
        const plan = check?.errored?.get(customId) ?? (opts.outcome ?? SUCCEED)(customId, body, n);
        return { customId, body, plan };
      });
      if (check?.failed) extra = { ...extra, failed: check.failed };
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
    /** The reply to a create that went through: the batch, or a 500 when it is to be lost. */
    createReply(json: unknown): Reply {
      if (!loseCreate) return { json };
      loseCreate = false;
      return serverError;
    },
    /** What a test sees of a server answering from this state. */
    serve(server: ProtocolServer): BatchServer {
      return {
        url: server.url,
        server,
        creates: () => creates,
        batches,
        submissions,
        bodies,
        cutNextResults: (n) => {
          cut = n;
        },
        failNextPolls: (n) => {
          failPolls = n;
        },
        loseNextCreateReply: () => {
          loseCreate = true;
        },
        failNextBatch: (code, message) => {
          failBatch = { code, message };
        },
        close: () => server.close(),
      };
    },
  };
}
