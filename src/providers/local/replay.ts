import type { ReplayProbeResult, ReplayResponse } from '../types.js';
import { cutText, type ForcingSettings } from './forcing.js';
import type { ProbingBackend } from './scheduled.js';

/**
 * Early-exit replay on any backend that can fork a probe (the scheduler's machinery, scheduled.ts):
 * the stored trace is put back token for token as the backend counts it, and at each checkpoint the
 * scheduler's probe forces the close delimiter and the answer prefix, decodes up to `probeTokens`
 * tokens and is discarded. Nothing is sampled in between, so the probe at c sees exactly the prompt
 * and the trace's first c tokens. Probe tokens are compute spent on looking: they are reported
 * apart and never added to the trace.
 */
export async function replayTrace(
  b: ProbingBackend,
  s: Pick<ForcingSettings, 'delimiters' | 'answerPrefix' | 'openedByTemplate'>,
  thought: string,
  checkpoints: readonly number[],
  probeTokens: number,
  onProbe?: (p: ReplayProbeResult) => void,
): Promise<ReplayResponse> {
  const notes: string[] = [];
  const probes: ReplayProbeResult[] = [];
  if (!s.openedByTemplate) await b.insert(`${s.delimiters.open}\n`);
  const forced = cutText(s);
  let held = 0;
  let rest = thought;
  for (const at of checkpoints) {
    // A backend may take fewer tokens than asked (a full context): go on until it takes none.
    while (held < at && rest !== '') {
      const put = await b.insert(rest, at - held);
      if (put.tokens === 0) break;
      held += put.tokens;
      // The text a backend reports for the tokens it took is the trace's next stretch; a tokenizer
      // that does not read it back byte for byte (a split character) is said, and its length used.
      if (!rest.startsWith(put.text))
        notes.push(`the trace's text read back differently after ${held} tokens (detokenizing)`);
      rest = rest.slice(put.text.length);
    }
    if (held < at) {
      notes.push(`the trace holds ${held} tokens as this backend reads it: no probe at ${at} or later`);
      break;
    }
    const p = await b.probe(forced, probeTokens);
    const r: ReplayProbeResult = {
      at,
      reached: held,
      text: s.answerPrefix + p.text,
      tokens: p.tokens,
      stopReason: p.stop === 'limit' || p.stop === 'full' ? 'max_tokens' : 'end',
    };
    probes.push(r);
    onProbe?.(r);
  }
  notes.push(...b.notes);
  return { probes, notes: [...new Set(notes)] };
}
