import { randomBytes } from 'node:crypto';
import { jsonErrorOffset } from '../util/json-error.js';
import { badInput } from './types.js';

/**
 * JSON as Python writes it: `json.dumps` puts NaN, Infinity and -Infinity in place of numbers it
 * cannot write (an Inspect metric's stderr over one sample is NaN). JSON.parse refuses them, so they
 * are swapped for marker strings outside string literals and turned back into numbers while parsing.
 * The markers carry a random tag per process, so no string in a log can pose as one.
 */
const TAG = randomBytes(6).toString('hex');
const MARK = { NaN: `\u0000${TAG}:NaN`, Infinity: `\u0000${TAG}:Inf`, '-Infinity': `\u0000${TAG}:-Inf` };
const VALUE = new Map<unknown, number>([
  [MARK.NaN, Number.NaN],
  [MARK.Infinity, Number.POSITIVE_INFINITY],
  [MARK['-Infinity'], Number.NEGATIVE_INFINITY],
]);

/**
 * Parses `text`, read from `file` at `where` (a member, a line), with NaN and Infinity allowed. A
 * syntax error names the line and column (`startLine` is the text's first line in the file); text
 * that ends early is named as cut short.
 */
export function parseJsonText(text: string, file: string, where = '', startLine = 1): unknown {
  const { json, swapped, map } = swapNonFinite(text);
  try {
    return swapped
      ? JSON.parse(json, (_k, v) => (typeof v === 'string' && VALUE.has(v) ? VALUE.get(v) : v))
      : JSON.parse(json);
  } catch {
    const at = jsonErrorOffset(json) ?? json.length;
    const offset = map(at);
    const before = text.slice(0, offset);
    const line = startLine + (before.match(/\n/g)?.length ?? 0);
    const column = offset - (before.lastIndexOf('\n') + 1) + 1;
    const place = `${where ? `${where}: ` : ''}line ${line}:${column}`;
    if (offset >= text.trimEnd().length)
      throw badInput(file, place, 'the JSON ends early (a truncated or partly written file?)');
    throw badInput(file, place, 'malformed JSON');
  }
}

/** The text with NaN/Infinity outside strings swapped for markers, and a map back to its offsets. */
function swapNonFinite(text: string): { json: string; swapped: boolean; map: (i: number) => number } {
  if (!/NaN|Infinity/.test(text)) return { json: text, swapped: false, map: (i) => i };
  const out: string[] = [];
  // Each swap: where it ends in the output, and how much longer the output is from there on.
  const shifts: [number, number][] = [];
  let last = 0;
  let grown = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i++;
        else if (d === 34) break;
      }
      continue;
    }
    const word =
      c === 78 /* N */ ? 'NaN' : c === 73 /* I */ ? 'Infinity' : c === 45 /* - */ ? '-Infinity' : '';
    if (!word || !text.startsWith(word, i)) continue;
    const mark = JSON.stringify(MARK[word as keyof typeof MARK]);
    out.push(text.slice(last, i), mark);
    grown += mark.length - word.length;
    shifts.push([i + grown + word.length, grown]);
    last = i + word.length;
    i = last - 1;
  }
  out.push(text.slice(last));
  const map = (at: number): number => {
    let shift = 0;
    for (const [from, g] of shifts) if (at >= from) shift = g;
    return Math.max(0, at - shift);
  };
  return { json: out.join(''), swapped: shifts.length > 0, map };
}
