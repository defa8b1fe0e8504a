import type { DB } from './db.js';
import { countSamples } from './samples.js';

/**
 * What went wrong in a run, as a reader needs it first: how many samples failed for good, by error
 * class, and the most frequent distinct messages. Messages are stored redacted (keys blanked), so
 * they can be printed as they are.
 */
export interface FailureDigest {
  /** Samples the store holds for the run. */
  samples: number;
  /** Of those, samples that failed after their retries. */
  failed: number;
  /** Failed samples per error class, most first. */
  byClass: { errorClass: string; count: number }[];
  /** The most frequent distinct messages, most first (ties by text), each with its class and count. */
  messages: { errorClass: string; message: string; count: number }[];
}

/** Messages longer than this are cut: a provider's error body can run to pages. */
const MESSAGE_CHARS = 400;

export function failureDigest(db: DB, runId: string, messages = 3): FailureDigest {
  // The counts come from indexes: reading every row's error column would cost a 1M-sample store a
  // second even when nothing failed.
  const { total: samples, errors: failed } = countSamples(db, runId);
  if (failed === 0) return { samples, failed, byClass: [], messages: [] };
  const byClass = db
    .prepare(
      `SELECT COALESCE(error_class, 'unknown') AS errorClass, COUNT(*) AS count FROM samples
       WHERE run_id = ? AND error IS NOT NULL GROUP BY 1 ORDER BY count DESC, errorClass`,
    )
    .all(runId) as FailureDigest['byClass'];
  const top = db
    .prepare(
      `SELECT COALESCE(error_class, 'unknown') AS errorClass, error AS message, COUNT(*) AS count FROM samples
       WHERE run_id = ? AND error IS NOT NULL GROUP BY error_class, error ORDER BY count DESC, error LIMIT ?`,
    )
    .all(runId, messages) as FailureDigest['messages'];
  return {
    samples,
    failed,
    byClass,
    messages: top.map((m) => ({
      ...m,
      message: m.message.length > MESSAGE_CHARS ? `${m.message.slice(0, MESSAGE_CHARS)}…` : m.message,
    })),
  };
}

/** "4 of 4", "network 3, timeout 1": the digest's counts in words. */
export function failureCounts(d: FailureDigest): string {
  return d.byClass.map((c) => `${c.errorClass} ${c.count}`).join(', ');
}

/** Most samples failed: the run says little about the model, and that comes before any number. */
export function mostlyFailed(d: FailureDigest): boolean {
  return d.failed > 0 && d.failed * 2 > d.samples;
}
