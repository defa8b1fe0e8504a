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
      // The text a backend reports for the tokens it took is the trace's next stretch. A tokenizer
      // may read it back with a space more or less (SentencePiece after a special token): that is
      // said, and the stretch is matched up to such spaces, so the rest of the trace stays aligned.
      if (!rest.startsWith(put.text))
        notes.push(
          "the trace's text read back with other spaces around special tokens (the token count is exact)",
        );
      rest = rest.slice(consumed(rest, put.text));
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

/** How much of `rest` the text `got` stands for, matching the two up to spaces either one adds. */
export function consumed(rest: string, got: string): number {
  let i = 0;
  let j = 0;
  while (j < got.length && i < rest.length) {
    if (rest[i] === got[j]) {
      i++;
      j++;
    } else if (/\s/.test(got[j])) j++;
    else if (/\s/.test(rest[i])) i++;
    else break;
  }
  // Text that does not match at all (a replaced character) is taken at its length.
  return j < got.length ? Math.min(rest.length, i + (got.length - j)) : i;
}
