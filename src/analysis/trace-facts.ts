import type { Outcome } from '../core/outcome.js';
import type { Item } from '../tasks/types.js';
import type { Tagger } from './failure-modes.js';

/** What a report keeps of one reasoning trace once it has been read: the trace itself is dropped. */
export interface TraceFacts {
  /** Failure-mode tags (TAG_BIT bitmask); none for a failed sample. */
  tags: number;
  /** Length of the trace in characters. */
  chars: number;
  /** Its first and last parts, when the report keeps excerpts. */
  excerpt?: string;
}

/** One function for the main thread and the trace pool's threads, so both give the same facts. */
export function traceFacts(
  tagger: Tagger,
  reasoning: string,
  outcome: Outcome,
  item: Item,
  excerptChars: number,
): TraceFacts {
  return {
    tags: outcome === 'error' ? 0 : tagger.tag(reasoning, outcome, item),
    chars: reasoning.length,
    excerpt: excerptChars > 0 ? excerpt(reasoning, excerptChars) : undefined,
  };
}

/** First and last parts of a long text with a marker saying how much was left out. */
export function excerpt(s: string, chars: number): string {
  if (s.length <= chars) return s;
  const head = Math.ceil(chars * 0.6);
  const tail = chars - head;
  // join copies the pieces into a new string. A slice (or a template of slices) keeps its whole
  // parent alive in V8: every excerpt would hold its full trace, and 300k long traces fill the heap.
  return [
    s.slice(0, head),
    `\n[… ${s.length - chars} characters omitted …]\n`,
    tail > 0 ? s.slice(-tail) : '',
  ].join('');
}
