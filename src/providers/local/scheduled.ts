import type { SchedulerSettings } from '../../core/scheduler.js';
import {
  cutText,
  emptyOutcome,
  type ForcingBackend,
  type ForcingOutcome,
  type ForcingSettings,
  finishAnswer,
  MAX_STALLS,
  runForcing,
  type Segment,
} from './forcing.js';
import { defaultStopPolicy, type Probe, type StopPolicy } from './stop-policy.js';

/** A forcing backend that can also fork: decode after some text, then forget both. */
export interface ProbingBackend extends ForcingBackend {
  /**
   * Samples at most `maxTokens` answer tokens after everything so far plus `text`, then restores the
   * state as it was: neither `text` nor the probe's tokens stay in the trace.
   */
  probe(text: string, maxTokens: number): Promise<Segment>;
}

export interface ScheduledOutcome extends ForcingOutcome {
  probes: Probe[];
  /** Tokens decoded by all probes: compute spent on deciding, kept apart from reasoning tokens. */
  probeTokens: number;
  chunks: number;
}

/**
 * The adaptive reasoning scheduler. Reasoning runs in chunks of `chunk` tokens; after each chunk a
 * probe forces the close delimiter and the answer prefix and decodes a few tokens (Dynasor-style),
 * then is discarded. Reasoning ends when the policy says the probes have settled ('converged'), when
 * it reaches the ceiling ('budget'), or when the model closes it itself ('model'). The stored answer
 * is then produced exactly as after a forced cut, so the scheduler arm is scored like the fixed
 * budgets.
 */
export async function runScheduled(
  b: ProbingBackend,
  s: ForcingSettings,
  sched: SchedulerSettings,
  policy: StopPolicy,
): Promise<ScheduledOutcome> {
  const o: ScheduledOutcome = { ...emptyOutcome(), end: 'budget', probes: [], probeTokens: 0, chunks: 0 };
  if (!s.openedByTemplate) await b.insert(`${s.delimiters.open}\n`);
  const probePrefix = cutText(s);
  let stalls = 0;
  for (;;) {
    if (o.thoughtTokens >= sched.ceiling) {
      o.end = 'budget';
      break;
    }
    const seg = await b.sample('think', Math.min(sched.chunk, sched.ceiling - o.thoughtTokens));
    o.thought += seg.text;
    o.thoughtTokens += seg.tokens;
    o.chunks++;
    if (seg.stop === 'full') {
      o.end = 'limit';
      break;
    }
    if (seg.stop === 'close') {
      o.end = 'model';
      break;
    }
    // A backend that cannot add tokens (a tokenizer that cannot hit the count) must not spin.
    stalls = seg.tokens === 0 ? stalls + 1 : 0;
    if (stalls >= MAX_STALLS) {
      o.notes.push(`reasoning stalled at ${o.thoughtTokens} of ${sched.ceiling} thought tokens`);
      break;
    }
    if (o.thoughtTokens >= sched.ceiling) continue;
    const p = await b.probe(probePrefix, sched.probeTokens);
    const reading = policy.read(p.text);
    o.probes.push({ atTokens: o.thoughtTokens, text: p.text, tokens: p.tokens, ...reading });
    o.probeTokens += p.tokens;
    if (policy.shouldStop(o.probes)) {
      o.end = 'converged';
      break;
    }
  }

  await finishAnswer(b, o, s);
  return o;
}

/** One sample on a probing backend: the scheduler on its arm, exact forcing everywhere else. */
export function forceOrSchedule(
  b: ProbingBackend,
  s: ForcingSettings,
  sched: SchedulerSettings | undefined,
  policy?: StopPolicy,
): Promise<ForcingOutcome | ScheduledOutcome> {
  return sched ? runScheduled(b, s, sched, policy ?? defaultStopPolicy(sched)) : runForcing(b, s);
}

export function isScheduled(o: ForcingOutcome): o is ScheduledOutcome {
  return 'probes' in o;
}

/** What a scheduled sample stores in `raw.scheduler`: read back by analysis/scheduler.ts. */
export interface SchedulerRecord {
  end: ForcingOutcome['end'];
  chunks: number;
  probeTokens: number;
  probes: { at: number; tokens: number; answer: string | null; hedged: boolean }[];
}

export function schedulerRecord(o: ScheduledOutcome): SchedulerRecord {
  return {
    end: o.end,
    chunks: o.chunks,
    probeTokens: o.probeTokens,
    probes: o.probes.map((p) => ({ at: p.atTokens, tokens: p.tokens, answer: p.answer, hedged: p.hedged })),
  };
}
