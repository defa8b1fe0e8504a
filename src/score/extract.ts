/** How an answer was found in the model's text; reported so fallbacks are never invisible. */
export type ExtractMethod =
  | 'answer-tag'
  | 'unclosed-answer-tag'
  | 'boxed'
  | 'answer-line'
  | 'none'
  /** The reference's extractor (its own three steps; see paper-extract.ts). */
  | 'paper'
  /** Not extracted: the score an imported sample came with (stored.ts). */
  | 'stored';

export interface Extracted {
  answer: string | null;
  method: ExtractMethod;
}

const THINK_BLOCK = /<think>[\s\S]*?<\/think>/gi;

/**
 * Finds the model's final answer in its visible text, in this order:
 * 1. the last non-empty `<answer>…</answer>` (case-insensitive, may span lines);
 * 2. an `<answer>` opened but never closed at the end of the text;
 * 3. the last `\boxed{…}`;
 * 4. the last line of the form "Answer: X" or "final answer is X".
 * Inline `<think>…</think>` blocks are removed first, so a tag inside the reasoning never counts.
 */
export function extractAnswer(text: string): Extracted {
  const visible = text.replace(THINK_BLOCK, ' ').replace(/^[\s\S]*<\/think>/i, ' ');
  const tags = [...visible.matchAll(/<answer\s*>([\s\S]*?)<\/answer\s*>/gi)]
    .map((m) => clean(m[1]))
    .filter((a) => a !== null);
  if (tags.length > 0) return { answer: tags[tags.length - 1], method: 'answer-tag' };
  const openAt = visible.toLowerCase().lastIndexOf('<answer>');
  const rest = openAt >= 0 ? visible.slice(openAt + 8) : '';
  const unclosed = /<\/answer/i.test(rest) ? null : clean(rest);
  if (unclosed) return { answer: unclosed, method: 'unclosed-answer-tag' };
  const boxed = [...visible.matchAll(/\\boxed\{([^{}]*)\}/g)];
  if (boxed.length > 0) return { answer: clean(boxed[boxed.length - 1][1]), method: 'boxed' };
  const lines = [
    ...visible.matchAll(/(?<![</\w])(?:final answer is|(?:final )?answer\s*[:=])\s*\**\s*([^\n*<]+)/gi),
  ];
  if (lines.length > 0) return { answer: clean(lines[lines.length - 1][1]), method: 'answer-line' };
  return { answer: null, method: 'none' };
}

function clean(s: string): string | null {
  const t = s
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.。]$/, '')
    .trim();
  return t.length > 0 ? t : null;
}
